"""The counts an editor sees on a release's admin page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communique.delivery.mail import selectors, services
from communique.delivery.mail.models import AccreditedJournalist, Message
from communique.editorial import selectors as roles
from communique.editorial.admin.panels import ReleasePanel


class DeliveryCounts(ReleasePanel):
    title = _("E-mail to subscribers")
    template_name = "admin/delivery/mail_counts.html"

    def get_context(self, request, release):
        counts = selectors.release_counts(release)
        if not any(counts.values()):
            return None
        return counts


class AdvanceCopies(ReleasePanel):
    """ "Send advance copies" for each text still under embargo, to the office's editors."""

    title = _("Advance copies under embargo")
    template_name = "admin/delivery/advance_copies.html"

    def get_context(self, request, release):
        if roles.role_in(request.user, release.office_id) not in roles.EDITORS:
            return None
        texts = [text for text in release.texts.all() if services.embargo_until(text)]
        if not texts:
            return None
        journalists = AccreditedJournalist.objects.filter(office_id=release.office_id, active=True)
        sent = set(
            Message.objects.filter(kind=Message.Kind.ADVANCE, release=release).values_list(
                "text_id", flat=True
            )
        )
        return {
            "journalists": journalists.count(),
            "list_url": reverse("admin:delivery_accreditedjournalist_changelist"),
            "texts": [
                {
                    "text": text,
                    "until": services.embargo_until(text),
                    "sent": text.pk in sent,
                    "action": reverse("admin:delivery_advance_copies", args=[text.pk]),
                }
                for text in texts
            ],
        }
