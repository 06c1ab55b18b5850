"""Writes for people: check the role, keep the revision, write the audit log, then let the
newsroom's services do the newsroom's part (numbers, times).

The admin, `communique publish-due` and the scheduling task all come through here. A service
raises PermissionDenied when `by` may not do what is asked (tested by trying), and
ValidationError (code "transition") when the text's state does not allow it.
"""

import datetime
import logging
import zoneinfo
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communique.editorial import selectors, signals
from communique.editorial.models import AuditEntry, Membership, Revision, Role
from communique.newsroom import services as newsroom
from communique.newsroom.language_fields import pick
from communique.newsroom.models import (
    Category,
    Correction,
    Office,
    Organisation,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    Text,
)

logger = logging.getLogger(__name__)
Action = AuditEntry.Action
#: Who acts: a staff account. `None` only where the system acts (the scheduling worker).
Actor = AbstractBaseUser


class EditConflict(Exception):
    """Someone else saved the text after the editor opened it."""

    def __init__(self, current: Text):
        self.current = current
        super().__init__(f"text {current.pk} is at version {current.version}")


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def audit(
    action: str, *, by: Actor | None, subject, office: Office | int | None = None, detail: str = ""
) -> AuditEntry:
    """Write one line of the audit log (`by=None` is the system: the scheduling worker)."""
    office_id = office if isinstance(office, int) or office is None else office.pk
    return AuditEntry.objects.create(
        actor=by,
        actor_name=by.get_username() if by else "system",
        action=action,
        office_id=office_id,
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        subject=str(subject)[:300],
        detail=detail,
    )


def audit_account(
    action: str, *, username: str, user: Actor | None = None, detail: str = ""
) -> AuditEntry:
    """A line about signing in: a failed attempt names what was typed, which may be no one."""
    return AuditEntry.objects.create(
        actor=user,
        actor_name=username[:150],
        action=action,
        subject_type="account",
        subject_id=user.pk if user else None,
        subject=username[:300],
        detail=detail,
    )


def _text_subject(text: Text) -> str:
    return f"{text.language}: {text.title}"


def _keep_revision(text: Text, *, by: Actor | None, note: str = "") -> Revision:
    return Revision.objects.create(
        text=text,
        version=text.version,
        title=text.title,
        subtitle=text.subtitle,
        body=text.body,
        saved_by=by,
        note=note[:300],
    )


def _locked(text: Text) -> Text:
    """The text's row, locked until the transaction ends, with its office at hand.

    Its release's row is locked first: every write locks a release before its texts (and
    numbering locks the office last), so that two writers never wait for each other in a
    circle (a deadlock, on PostgreSQL), and a release change cannot slip between a text's
    check and its move (see `_release_for_change`).
    """
    Release.objects.select_for_update().filter(pk=text.release_id).first()
    return Text.objects.select_for_update().select_related("release__office").get(pk=text.pk)


def _refuse_transition(text: Text, action: str) -> None:
    raise ValidationError(
        _("A text that is “%(status)s” cannot be %(action)s.")
        % {"status": text.get_status_display(), "action": _ACTION_WORDS[action]},
        code="transition",
    )


_ACTION_WORDS = {
    "submit": gettext_lazy("submitted for review"),
    "return": gettext_lazy("returned to draft"),
    "schedule": gettext_lazy("scheduled"),
    "publish": gettext_lazy("published"),
    "withdraw": gettext_lazy("withdrawn"),
    "edit": gettext_lazy("edited"),
    "restore": gettext_lazy("restored"),
    "delete": gettext_lazy("deleted"),
}


def _authorise(text: Text, action: str, by: Actor) -> None:
    """Refuse when `by` may not do `action` here: first for who they are, then for the state."""
    role = selectors.role_in(by, text.release.office_id)
    if role is None or (
        role == Role.TRANSLATOR
        and text.language not in selectors.languages_for(by, text.release.office_id)
    ):
        raise PermissionDenied(_("You have no role for this text."))
    if not any(role in roles for roles in selectors.RULES[action].values()):
        raise PermissionDenied(_("Your role does not allow this."))
    if not selectors.can(by, action, text):
        if text.status in selectors.RULES[action]:
            raise PermissionDenied(
                _("Your role does not allow this while the text is “%(status)s”.")
                % {"status": text.get_status_display()}
            )
        _refuse_transition(text, action)


# --- releases and texts -------------------------------------------------------------------


@transaction.atomic
def release_create(
    *,
    by: Actor,
    office: Office,
    issue_date: datetime.date,
    language: str,
    title: str,
    body: str,
    subtitle: str = "",
    kind: str = Release.Kind.PRESS_RELEASE,
    categories: Iterable[Category] = (),
) -> Release:
    """Start a release with its original text, as a draft."""
    _check(
        selectors.can_create_release(by, office), _("You may not start releases in this office.")
    )
    _check(
        language in selectors.languages_for(by, office),
        _("You may not write in this language here."),
    )
    release = newsroom.release_create(
        office=office,
        issue_date=issue_date,
        language=language,
        title=title,
        body=body,
        subtitle=subtitle,
        kind=kind,
        categories=categories,
    )
    audit(Action.CREATED, by=by, subject=release, office=office)
    text = release.texts.get()
    _keep_revision(text, by=by)
    audit(Action.CREATED, by=by, subject=text, office=office, detail=_text_subject(text))
    return release


@transaction.atomic
def release_add(release: Release, *, by: Actor) -> Release:
    """Save a new release made in the admin (its texts follow through text_create)."""
    _check(
        selectors.can_create_release(by, release.office_id),
        _("You may not start releases in this office."),
    )
    release.full_clean(exclude=["categories"])
    release.save()
    audit(Action.CREATED, by=by, subject=release, office=release.office_id)
    return release


#: A release's own fields, as people edit them (the rest is the newsroom's to set).
RELEASE_FIELDS = ("office", "kind", "issue_date")


def _release_for_change(release_id: int, by: Actor) -> Release:
    """The release's row, locked, once `by` is known to be allowed to change it now.

    Workflow moves lock the release row too (`_move`), so a text cannot go to review between
    this check and the write.
    """
    stored = Release.objects.select_for_update().get(pk=release_id)
    if not selectors.can_change_release(by, stored):
        if selectors.role_in(by, stored.office_id) in selectors.RELEASE_CHANGE[Text.Status.DRAFT]:
            raise PermissionDenied(
                _(
                    "This release is in review or scheduled: only those who may publish it "
                    "can change it now. Ask an editor to return it to draft."
                )
            )
        raise PermissionDenied(_("You may not change this release."))
    return stored


@transaction.atomic
def release_update(
    release: Release,
    *,
    by: Actor,
    changed: Iterable[str] = (),
    categories: Iterable[Category] | None = None,
) -> Release:
    """Save a release's own fields (kind, issue date) and, if given, its categories."""
    stored = _release_for_change(release.pk, by)
    if release.office_id != stored.office_id:
        _check(
            stored.number_seq is None and selectors.can_create_release(by, release.office_id),
            _("You may not move this release to that office."),
        )
    release.full_clean(exclude=["categories"])
    # Only what the form edits: the rest of the row (the number, first publication) may have
    # changed since the form was read, by a publication that came first.
    release.save(update_fields=[*RELEASE_FIELDS, "updated_at"])
    changed = list(changed)
    if categories is not None:
        categories = list(categories)
        if {c.pk for c in categories} != set(stored.categories.values_list("pk", flat=True)):
            release.categories.set(categories)
            changed = [*dict.fromkeys([*changed, "categories"])]
    if changed:
        audit(
            Action.EDITED,
            by=by,
            subject=release,
            office=release.office_id,
            detail=", ".join(changed),
        )
    return release


@transaction.atomic
def release_delete(release: Release, *, by: Actor) -> None:
    _check(selectors.can_delete_release(by, release), _("You may not delete this release."))
    audit(Action.DELETED, by=by, subject=release, office=release.office_id)
    release.delete()


@transaction.atomic
def text_create(
    *,
    by: Actor,
    release: Release,
    language: str,
    title: str,
    body: str,
    subtitle: str = "",
    is_original: bool = False,
    source_version: int | None = None,
) -> Text:
    """Add a language version (a translation, usually) to a release, as a draft."""
    _check(selectors.can_view_release(by, release), _("You have no role in this office."))
    _check(
        selectors.can_add_text(by, release, language), _("You may not write in this language here.")
    )
    text = newsroom.text_create(
        release=release,
        language=language,
        title=title,
        subtitle=subtitle,
        body=body,
        is_original=is_original,
        source_version=source_version,
    )
    _keep_revision(text, by=by)
    audit(Action.CREATED, by=by, subject=text, office=release.office_id, detail=_text_subject(text))
    return text


def check_text_edit(
    current: Text,
    *,
    based_on: int | None,
    title: str,
    subtitle: str,
    body: str,
    correction_note: str,
) -> None:
    """The rules for saving new content over `current`, written once.

    EditConflict when someone saved since version `based_on`; ValidationError when a published
    text changes without a correction note. `text_update` applies them under the row lock;
    the admin's form asks first (without a lock), so that what was typed is kept and shown.
    """
    if based_on is not None and based_on != current.version:
        raise EditConflict(current)
    changed = (current.title, current.subtitle, current.body) != (title, subtitle, body)
    if changed and current.status == Text.Status.PUBLISHED and not correction_note.strip():
        raise ValidationError(
            _("This text is published: say what you changed in a correction note. Readers see it."),
            code="correction_note_required",
        )


@transaction.atomic
def text_update(
    text: Text,
    *,
    by: Actor,
    title: str,
    body: str,
    subtitle: str = "",
    based_on: int | None = None,
    correction_note: str = "",
    revision_note: str = "",
) -> Text:
    """Save new content. `based_on` is the version the editor started from: if someone saved
    since, EditConflict is raised and nothing is written. On a published text this is a
    correction, and `correction_note` (shown to readers) is required."""
    current = _locked(text)
    _authorise(current, "edit", by)
    check_text_edit(
        current,
        based_on=based_on,
        title=title,
        subtitle=subtitle,
        body=body,
        correction_note=correction_note,
    )
    if (current.title, current.subtitle, current.body) == (title, subtitle, body):
        return current
    correction_note = correction_note.strip()
    if not current.revisions.filter(version=current.version).exists():
        # Made outside the editorial services (the demo, an import): keep what it was first.
        _keep_revision(current, by=None, note=_("As first saved"))
    current.title, current.subtitle, current.body = title, subtitle, body
    current.version += 1
    current.full_clean(exclude=["release", "language"])
    current.save()
    _keep_revision(current, by=by, note=revision_note or correction_note)
    if current.status == Text.Status.PUBLISHED:
        correction = Correction.objects.create(text=current, note=correction_note)
        # A corrected translation goes out again: it is now made from the original as it is.
        newsroom.translation_catch_up(current)
        audit(
            Action.CORRECTED,
            by=by,
            subject=current,
            office=current.release.office_id,
            detail=correction_note,
        )
        signals.text_corrected.send(sender=Text, text=current, correction=correction)
    else:
        audit(
            Action.EDITED,
            by=by,
            subject=current,
            office=current.release.office_id,
            detail=revision_note,
        )
    return current


@transaction.atomic
def text_restore(text: Text, revision: Revision, *, by: Actor, correction_note: str = "") -> Text:
    """Bring back an earlier revision's content, as a new revision (history is never rewritten)."""
    current = _locked(text)
    _authorise(current, "restore", by)
    if revision.text_id != current.pk:
        raise ValidationError(_("That revision belongs to another text."))
    note = _("Restored revision %(version)d") % {"version": revision.version}
    restored = text_update(
        current,
        by=by,
        title=revision.title,
        subtitle=revision.subtitle,
        body=revision.body,
        correction_note=correction_note,
        revision_note=note,
    )
    audit(Action.RESTORED, by=by, subject=restored, office=restored.release.office_id, detail=note)
    return restored


@transaction.atomic
def text_delete(text: Text, *, by: Actor) -> None:
    current = _locked(text)
    _authorise(current, "delete", by)
    if current.is_original and current.release.texts.count() > 1:
        raise ValidationError(
            _("Delete the translations first, or the release loses its original.")
        )
    audit(
        Action.DELETED,
        by=by,
        subject=current,
        office=current.release.office_id,
        detail=_text_subject(current),
    )
    current.delete()


# --- pictures and documents ---------------------------------------------------------------


@transaction.atomic
def release_media_save(
    item: ReleaseImage | ReleaseAttachment, *, by: Actor, new_file: bool = False
) -> ReleaseImage | ReleaseAttachment:
    """Add or change a picture or document of a release."""
    release = _release_for_change(item.release_id, by)
    adding = item.pk is None
    if isinstance(item, ReleaseImage):
        newsroom.image_save(item, new_file=new_file or adding)
    else:
        newsroom.attachment_save(item)
    audit(
        Action.CREATED if adding else Action.EDITED,
        by=by,
        subject=release,
        office=release.office_id,
        detail=f"{item._meta.verbose_name}: {item}",
    )
    return item


@transaction.atomic
def release_media_delete(item: ReleaseImage | ReleaseAttachment, *, by: Actor) -> None:
    """Remove a picture or document from a release."""
    release = _release_for_change(item.release_id, by)
    audit(
        Action.DELETED,
        by=by,
        subject=release,
        office=release.office_id,
        detail=f"{item._meta.verbose_name}: {item}",
    )
    if isinstance(item, ReleaseImage):
        newsroom.image_delete(item)
    else:
        newsroom.attachment_delete(item)


# --- translations --------------------------------------------------------------------------


def translation_source(release: Release) -> Text | None:
    """The text a translation starts from: the original, else the oldest text there is."""
    texts = sorted(release.texts.all(), key=lambda text: (not text.is_original, text.pk))
    return texts[0] if texts else None


@transaction.atomic
def text_translate(*, release: Release, language: str, by: Actor) -> Text:
    """Start the `language` text of a release: a draft holding a copy of the original.

    A copy rather than an empty skeleton: the translator overwrites it block by block in the
    same editor, so headings, lists, tables, links, names and quotations keep exactly the
    original's structure. It stays a draft, and the missing-translations dashboard keeps
    listing its language, until it is published.
    """
    # The release's row is locked so that two translators starting the same language at once
    # get one draft and a clear refusal, not two drafts or a database error.
    release = Release.objects.select_for_update().get(pk=release.pk)
    if language not in Organisation.current().enabled_languages:
        raise ValidationError(_("This site does not offer that language."), code="language")
    if release.texts.filter(language=language).exists():
        raise ValidationError(_("This release already has a text in that language."), code="exists")
    source = translation_source(release)
    if source is None:
        raise ValidationError(_("This release has no text to translate yet."), code="empty")
    return text_create(
        by=by,
        release=release,
        language=language,
        title=source.title,
        subtitle=source.subtitle,
        body=source.body,
        is_original=False,
        source_version=source.version if source.is_original else None,
    )


# --- the workflow -------------------------------------------------------------------------


def _move(text: Text, action: str, *, by: Actor, detail: str = "", **fields) -> Text:
    current = _locked(text)
    _authorise(current, action, by)
    current.status = selectors.TARGETS[action]
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=["status", *fields, "updated_at"])
    audit(
        action_of[action], by=by, subject=current, office=current.release.office_id, detail=detail
    )
    return current


action_of = {
    "submit": Action.SUBMITTED,
    "return": Action.RETURNED,
    "schedule": Action.SCHEDULED,
}


@transaction.atomic
def text_submit(text: Text, *, by: Actor) -> Text:
    """Draft → in review."""
    return _move(text, "submit", by=by)


@transaction.atomic
def text_return(text: Text, *, by: Actor, reason: str = "") -> Text:
    """In review or scheduled → draft (unscheduling clears the time)."""
    return _move(text, "return", by=by, detail=reason, scheduled_for=None)


@transaction.atomic
def text_schedule(text: Text, *, by: Actor, at: datetime.datetime) -> Text:
    """Publish at a given time; until then the text is embargoed: invisible everywhere."""
    if timezone.is_naive(at):
        raise ValueError("at must be an aware datetime")
    if at <= timezone.now():
        raise ValidationError(_("Choose a time in the future, or publish now."), code="past")
    zone = text.release.office.time_zone
    text = _move(
        text,
        "schedule",
        by=by,
        detail=f"{at.astimezone(_zone(zone)):%Y-%m-%d %H:%M} ({zone})",
        scheduled_for=at,
    )
    transaction.on_commit(lambda: enqueue_publish_due(at))
    return text


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def enqueue_publish_due(at: datetime.datetime) -> None:
    """Ask the task worker to run publish_due at `at`; `communique publish-due` is the fallback."""
    # tasks.py imports this module (the task runs publish_due): imported here, not above.
    from communique.editorial.tasks import publish_due_texts

    try:
        if publish_due_texts.get_backend().supports_defer:
            publish_due_texts.using(run_after=at).enqueue()
    except Exception:  # the timer-driven command still publishes it
        logger.exception("Could not enqueue the scheduled publication for %s", at)


@transaction.atomic
def text_publish(text: Text, *, by: Actor | None, at: datetime.datetime | None = None) -> Text:
    """Publish now (or, for the worker, at the scheduled time): the release gets its number."""
    current = _locked(text)
    if by is not None:
        _authorise(current, "publish", by)
    elif current.status != Text.Status.SCHEDULED:
        _refuse_transition(current, "publish")
    published = newsroom.text_publish(current, at=at)
    detail = _("number %(number)s") % {"number": published.release.number}
    audit(
        Action.PUBLISHED,
        by=by,
        subject=published,
        office=published.release.office_id,
        detail=detail,
    )
    signals.text_published.send(sender=Text, text=published)
    return published


@transaction.atomic
def release_publish(release: Release, *, by: Actor) -> list[Text]:
    """Publish every text of the release that this person may publish; refuse if none.

    Texts already published (by someone faster) are left as they are: an empty list then.
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
    texts = [
        text
        for text in release.texts.select_related("release")
        if selectors.can(by, "publish", text)
    ]
    _check(
        bool(texts) or selectors.role_in(by, release.office_id) in selectors.EDITORS,
        _("You may not publish this release."),
    )
    return [text_publish(text, by=by) for text in texts]


@transaction.atomic
def text_withdraw(text: Text, *, by: Actor, reason: str = "") -> Text:
    """Published → withdrawn. The page then says so and when; the number is never given again."""
    current = _locked(text)
    _authorise(current, "withdraw", by)
    withdrawn = newsroom.text_withdraw(current)
    audit(
        Action.WITHDREW, by=by, subject=withdrawn, office=withdrawn.release.office_id, detail=reason
    )
    signals.text_withdrawn.send(sender=Text, text=withdrawn)
    return withdrawn


def publish_due(*, now: datetime.datetime | None = None) -> list[Text]:
    """Publish every scheduled text whose time has come (the worker's job). Each in its own
    transaction, so one failure does not hold back the others."""
    now = now or timezone.now()
    published = []
    for text in selectors.due_texts(now):
        try:
            with transaction.atomic():
                current = _locked(text)
                if current.status == Text.Status.SCHEDULED and current.scheduled_for <= now:
                    published.append(text_publish(current, by=None, at=current.scheduled_for))
        except Exception:
            logger.exception("Could not publish scheduled text %s", text.pk)
    return published


# --- roles --------------------------------------------------------------------------------


def _describe(membership: Membership) -> str:
    languages = f" [{', '.join(membership.languages)}]" if membership.languages else ""
    office = pick(membership.office.name) or membership.office.slug
    role = membership.get_role_display()
    return f"{membership.user.get_username()}: {role}{languages} @ {office}"


@transaction.atomic
def membership_grant(
    *, by: Actor, user, office: Office, role: str, languages: Iterable[str] = ()
) -> Membership:
    """Give someone a role in an office (they become staff so they can sign in to the admin)."""
    _check(selectors.can_manage_roles(by, office), _("You may not manage roles in this office."))
    membership = Membership(user=user, office=office, role=role, languages=list(languages))
    membership.full_clean()
    membership.save()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit(
        Action.ROLE_GRANTED, by=by, subject=membership, office=office, detail=_describe(membership)
    )
    return membership


@transaction.atomic
def membership_change(
    membership: Membership, *, by: Actor, role: str, languages: Iterable[str] = ()
) -> Membership:
    stored = (
        Membership.objects.select_for_update()
        .select_related("user", "office")
        .get(pk=membership.pk)
    )
    _check(
        selectors.can_manage_roles(by, stored.office_id),
        _("You may not manage roles in this office."),
    )
    before = _describe(stored)
    stored.role, stored.languages = role, list(languages)
    stored.full_clean()
    stored.save()
    audit(
        Action.ROLE_CHANGED,
        by=by,
        subject=stored,
        office=stored.office_id,
        detail=f"{before} → {_describe(stored)}",
    )
    return stored


@transaction.atomic
def membership_revoke(membership: Membership, *, by: Actor) -> None:
    _check(
        selectors.can_manage_roles(by, membership.office_id),
        _("You may not manage roles in this office."),
    )
    audit(
        Action.ROLE_REVOKED,
        by=by,
        subject=membership,
        office=membership.office_id,
        detail=_describe(membership),
    )
    membership.delete()


@transaction.atomic
def user_flags_changed(user, *, by: Actor, before: dict[str, bool]) -> None:
    """Audit a change of who is a site administrator (superuser) or may use the admin."""
    changes = [
        f"{flag}: {old} → {getattr(user, flag)}"
        for flag, old in before.items()
        if getattr(user, flag) != old
    ]
    if changes:
        audit(Action.ROLE_CHANGED, by=by, subject=user, detail="; ".join(changes))
