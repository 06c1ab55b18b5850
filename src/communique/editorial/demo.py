"""Demo staff accounts, so a newcomer can try the workflow at once (never created otherwise).

`admin` (site administrator), `<office-slug>-editor` and `<office-slug>-author` for each office,
and `translator-ar` (Arabic, every office), all with the demo password. Also a scheduled draft,
and a corrected original whose translations fell behind, for the dashboard to show.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from communique.editorial import services, translation_selectors
from communique.editorial.models import Membership, Role
from communique.editorial.services import enqueue_publish_due
from communique.newsroom.demo import DEMO_PASSWORD
from communique.newsroom.models import Office, Text
from communique.newsroom.selectors import public


def _account(username: str, **flags):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@example.org", **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def load_demo_staff(*, progress=lambda message: None) -> list[str]:
    """Create the demo accounts and their roles; schedule one demo draft. Safe to repeat."""
    names = ["admin"]
    _account("admin", is_superuser=True)
    translator = _account("translator-ar")
    names.append(translator.username)
    for office in Office.objects.all():
        for role in (Role.EDITOR, Role.AUTHOR):
            user = _account(f"{office.slug}-{role}")
            Membership.objects.get_or_create(user=user, office=office, defaults={"role": role})
            names.append(user.username)
        Membership.objects.get_or_create(
            user=translator, office=office, defaults={"role": Role.TRANSLATOR, "languages": ["ar"]}
        )
    _schedule_a_draft()
    _correct_an_original()
    progress(f"Staff accounts: {', '.join(names)} (password {DEMO_PASSWORD}).")
    return names


def _schedule_a_draft() -> None:
    """The demo's newest draft goes out a few minutes after the demo starts: watch the worker."""
    if Text.objects.filter(status=Text.Status.SCHEDULED).exists():
        return
    draft = (
        Text.objects.filter(status=Text.Status.DRAFT, is_original=True)
        .order_by("-release__issue_date")
        .first()
    )
    if draft is None:
        return
    at = timezone.now() + datetime.timedelta(minutes=5)
    draft.status, draft.scheduled_for = Text.Status.SCHEDULED, at
    draft.save(update_fields=["status", "scheduled_for", "updated_at"])
    transaction.on_commit(lambda: enqueue_publish_due(at))


def _correct_an_original() -> None:
    """The newest published original with a published translation gets a correction once, so
    the missing-translations dashboard shows a translation that fell behind."""
    if translation_selectors.translations_behind().exists():
        return
    translation = (
        public(Text.objects.filter(is_original=False))
        .select_related("release__office")
        .order_by("-published_at")
        .first()
    )
    if translation is None:
        return
    original = translation.release.texts.get(is_original=True)
    editor = get_user_model().objects.get(username=f"{translation.release.office.slug}-editor")
    services.text_update(
        original,
        by=editor,
        title=original.title,
        body=original.body
        + "\n\n"
        + _DEMO_CORRECTIONS.get(original.language, _DEMO_CORRECTIONS["en"]),
        correction_note=_DEMO_NOTES.get(original.language, _DEMO_NOTES["en"]),
    )


_DEMO_CORRECTIONS = {
    "en": "Update: two more villages will be connected before the end of the month.",
    "ar": "تحديث: ستُوصَل قريتان أخريان قبل نهاية الشهر.",
    "ru": "Дополнение: до конца месяца будут подключены ещё два села.",
    "uz": "Qo‘shimcha: oy oxirigacha yana ikki qishloq ulanadi.",
}
_DEMO_NOTES = {
    "en": "Added the two villages to be connected this month.",
    "ar": "أُضيفت القريتان اللتان ستوصلان هذا الشهر.",
    "ru": "Добавлены два села, которые подключат в этом месяце.",
    "uz": "Shu oy ulanadigan ikki qishloq qo‘shildi.",
}
