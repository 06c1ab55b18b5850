"""Demo subscribers and a few messages in the outbox (`communique demo`; safe to repeat)."""

from django.db import transaction
from django.utils import timezone

from communique.delivery.mail import services
from communique.delivery.mail.models import Dispatch, Subscriber
from communique.newsroom.models import Office, Text
from communique.newsroom.selectors import public

#: Fictional readers at the reserved example domain, in the demo's languages.
READERS = [
    ("reader.en@example.org", "en", Subscriber.Frequency.IMMEDIATE),
    ("reader.ar@example.org", "ar", Subscriber.Frequency.IMMEDIATE),
    ("reader.ru@example.org", "ru", Subscriber.Frequency.DAILY),
]


def load_demo_subscribers(*, progress=lambda message: None) -> int:
    """Confirmed demo subscribers, and the latest public releases sent to them."""
    with transaction.atomic():
        for email, language, frequency in READERS:
            subscriber, created = Subscriber.objects.get_or_create(
                email=email,
                defaults={
                    "language": language,
                    "frequency": frequency,
                    "confirmed_at": timezone.now(),
                },
            )
            if created and language == "en" and (office := Office.objects.first()):
                subscriber.offices.set([office])
        latest = list(
            public(Text.objects.filter(is_original=True))
            .order_by("-published_at")
            .values_list("release_id", flat=True)[:3]
        )
        already = set(Dispatch.objects.values_list("text_id", flat=True))
        for text in public(Text.objects.filter(release_id__in=latest)):
            if text.pk not in already:  # the demo once: expansion writes one row per reader
                Dispatch.objects.create(text=text, kind=Dispatch.Kind.RELEASE)
    services.expand_dispatches()
    sent = services.send_due()  # the embedded default writes them into the data folder
    progress(
        f"Demo subscribers: {len(READERS)}; messages sent now: {sent} (see the admin's outbox)."
    )
    return sent
