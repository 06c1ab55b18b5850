"""Reads: who may do what, and what each person may see in the admin.

Every check the admin makes (which rows it lists, which buttons it offers) and every check a
service makes before it writes comes from here, so hiding a button and refusing the request
can never disagree. Other apps ask here too: `can_edit_text(user, text)` and
`languages_for(user, office)`.
"""

from django.conf import settings
from django.db.models import QuerySet

from communique.editorial.models import AuditEntry, Membership, Revision, Role
from communique.newsroom.models import Office, Organisation, Release, Text

#: Not a Membership role: a Django superuser, who has every office.
SITE_ADMIN = "site_admin"

Status = Text.Status
EDITORS = frozenset({SITE_ADMIN, Role.OFFICE_ADMIN, Role.EDITOR})
WRITERS = EDITORS | {Role.AUTHOR, Role.TRANSLATOR}

#: action -> {state a text may be in -> roles that may do it from there}
RULES: dict[str, dict[str, frozenset]] = {
    # Editing a published text is a correction: its note is shown to readers.
    "edit": {
        Status.DRAFT: WRITERS,
        Status.IN_REVIEW: EDITORS,
        Status.SCHEDULED: EDITORS,
        Status.PUBLISHED: EDITORS,
    },
    "submit": {Status.DRAFT: WRITERS},
    "return": {Status.IN_REVIEW: EDITORS, Status.SCHEDULED: EDITORS},
    "schedule": {Status.DRAFT: EDITORS, Status.IN_REVIEW: EDITORS, Status.SCHEDULED: EDITORS},
    "publish": {Status.DRAFT: EDITORS, Status.IN_REVIEW: EDITORS, Status.SCHEDULED: EDITORS},
    "withdraw": {Status.PUBLISHED: EDITORS},
    "restore": {
        Status.DRAFT: EDITORS,
        Status.IN_REVIEW: EDITORS,
        Status.SCHEDULED: EDITORS,
        Status.PUBLISHED: EDITORS,
    },
    "delete": {Status.DRAFT: EDITORS, Status.IN_REVIEW: EDITORS},
}

#: Where each transition leaves a text.
TARGETS = {
    "submit": Status.IN_REVIEW,
    "return": Status.DRAFT,
    "schedule": Status.SCHEDULED,
    "publish": Status.PUBLISHED,
    "withdraw": Status.WITHDRAWN,
}

#: Who may start a release in an office (translators translate what others wrote).
RELEASE_CREATORS = EDITORS | {Role.AUTHOR}

#: Who may change a release's own fields, categories, pictures and documents, by how far its
#: texts have gone. Once a text is in an editor's hands (in review, scheduled) or out, only
#: those who may publish it change what goes out with it: an author's change is refused, not
#: slipped into a publication that was reviewed without it.
RELEASE_CHANGE: dict[str, frozenset] = {
    Status.DRAFT: RELEASE_CREATORS,
    Status.IN_REVIEW: EDITORS,
    Status.SCHEDULED: EDITORS,
    Status.PUBLISHED: EDITORS,
    Status.WITHDRAWN: EDITORS,
}
#: From least to most advanced: a release is as far as its furthest text.
_PROGRESS = [Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN, Status.PUBLISHED]
#: Who moderates readers' comments on an office's texts: those who may publish there.
MODERATORS = EDITORS


def is_site_admin(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def memberships(user) -> dict[int, Membership]:
    """The user's roles by office id, read once per user object (that is, once per request)."""
    if not user or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_editorial_memberships", None)
    if cached is None:
        cached = {m.office_id: m for m in Membership.objects.filter(user=user)}
        user._editorial_memberships = cached
    return cached


def role_in(user, office_id: int | None) -> str | None:
    """The user's role in an office: SITE_ADMIN, a Role, or None."""
    if is_site_admin(user):
        return SITE_ADMIN
    membership = memberships(user).get(office_id)
    return membership.role if membership else None


def all_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def languages_for(user, office: Office | int) -> list[str]:
    """The languages a user may write in within an office (none if they have no role there)."""
    office_id = office if isinstance(office, int) else office.pk
    role = role_in(user, office_id)
    if role is None:
        return []
    if role == Role.TRANSLATOR:
        languages = memberships(user)[office_id].languages or []
        return [code for code in all_languages() if code in languages]
    return all_languages()


def has_any_role(user) -> bool:
    return is_site_admin(user) or bool(memberships(user))


def office_ids(user, roles=WRITERS) -> list[int] | None:
    """The offices where the user holds one of `roles`; None means every office."""
    if is_site_admin(user):
        return None
    return [office_id for office_id, m in memberships(user).items() if m.role in roles]


def offices_for(user, roles=WRITERS) -> QuerySet[Office]:
    ids = office_ids(user, roles)
    return Office.objects.all() if ids is None else Office.objects.filter(pk__in=ids)


def releases_for(user) -> QuerySet[Release]:
    """The releases a user may see in the admin: every one of their offices', drafts included."""
    ids = office_ids(user)
    releases = Release.objects.all()
    return releases if ids is None else releases.filter(office_id__in=ids)


def texts_for(user) -> QuerySet[Text]:
    ids = office_ids(user)
    texts = Text.objects.all()
    return texts if ids is None else texts.filter(release__office_id__in=ids)


def roles_that_may(action: str) -> frozenset:
    """Every role that may do `action` in some state."""
    return frozenset().union(*RULES.get(action, {}).values())


def may_ever(user, action: str) -> bool:
    """Whether the user may do `action` to some text somewhere (to offer it in a list at all)."""
    ids = office_ids(user, roles_that_may(action))
    return ids is None or bool(ids)


def can_moderate(user, office: Office | int | None = None) -> bool:
    """May the user moderate comments (of this office, or of any office)?"""
    ids = office_ids(user, MODERATORS)
    if ids is None:
        return True
    if office is None:
        return bool(ids)
    return (office if isinstance(office, int) else office.pk) in ids


def office_language(office: Office | None) -> str:
    """An office's first language: that of its latest original text, else the site's default."""
    if office is not None:
        latest = (
            Text.objects.filter(release__office=office, is_original=True)
            .order_by("-release__issue_date", "-pk")
            .values_list("language", flat=True)
            .first()
        )
        if latest:
            return latest
    return Organisation.current().default_language


def default_language(user, office: Office | None) -> str | None:
    """The language a new text of this person's starts in: the office's, if they write it."""
    offices = [office] if office is not None else list(offices_for(user))
    allowed = [code for o in offices for code in languages_for(user, o)]
    preferred = office_language(office)
    if preferred in allowed:
        return preferred
    return allowed[0] if allowed else None


def can_view_release(user, release: Release) -> bool:
    return role_in(user, release.office_id) is not None


def can_view_text(user, text: Text) -> bool:
    return role_in(user, text.release.office_id) is not None


def can(user, action: str, text: Text) -> bool:
    """May this user do this to this text now (its office, their role, its language, its state)?"""
    office_id = text.release.office_id
    role = role_in(user, office_id)
    if role is None:
        return False
    if role == Role.TRANSLATOR and text.language not in languages_for(user, office_id):
        return False
    return role in RULES.get(action, {}).get(text.status, frozenset())


def can_edit_text(user, text: Text) -> bool:
    return can(user, "edit", text)


def actions_for(user, text: Text) -> list[str]:
    """The workflow buttons this user gets on this text."""
    return [
        action
        for action in ("submit", "return", "schedule", "publish", "withdraw")
        if can(user, action, text)
    ]


def can_create_release(user, office: Office | int) -> bool:
    office_id = office if isinstance(office, int) else office.pk
    return role_in(user, office_id) in RELEASE_CREATORS


def can_add_text(user, release: Release, language: str) -> bool:
    """May this user add a text in this language to this release (a translation, say)?"""
    return language in languages_for(user, release.office_id)


def release_progress(release: Release) -> str:
    """The furthest state of a release's texts (uses prefetched texts when there are some)."""
    states = {text.status for text in release.texts.all()} if release.pk else set()
    return max(states, key=_PROGRESS.index, default=Status.DRAFT)


def can_change_release(user, release: Release) -> bool:
    """Kind, issue date, categories, pictures, documents: see RELEASE_CHANGE. A numbered
    release is the editors' in any case (its number was given to what it was)."""
    role = role_in(user, release.office_id)
    if role in EDITORS:
        return True
    if release.number_seq is not None:
        return False
    return role in RELEASE_CHANGE[release_progress(release)]


def can_delete_release(user, release: Release) -> bool:
    # A numbered release is never deleted: its number must stay visibly used.
    return role_in(user, release.office_id) in EDITORS and release.number_seq is None


def can_manage_roles(user, office: Office | int | None = None) -> bool:
    """Site administrators manage every office's roles; an office administrator, their own."""
    if is_site_admin(user):
        return True
    if office is None:
        return any(m.role == Role.OFFICE_ADMIN for m in memberships(user).values())
    office_id = office if isinstance(office, int) else office.pk
    return role_in(user, office_id) == Role.OFFICE_ADMIN


def memberships_for(user) -> QuerySet[Membership]:
    """The roles a user may see and manage."""
    rows = Membership.objects.select_related("user", "office")
    if is_site_admin(user):
        return rows
    return rows.filter(office_id__in=office_ids(user, {Role.OFFICE_ADMIN}))


def revisions(text: Text) -> QuerySet[Revision]:
    return text.revisions.select_related("saved_by")


def latest_revision(text: Text) -> Revision | None:
    return text.revisions.order_by("-version").first()


def due_texts(now) -> QuerySet[Text]:
    """Scheduled texts whose time has come, oldest first."""
    return Text.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now).order_by(
        "scheduled_for", "pk"
    )


def audit_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor", "office")


def release_texts_audit(release: Release) -> QuerySet[AuditEntry]:
    """The audit log of a release's texts, newest first."""
    return (
        audit_entries()
        .filter(subject_type="text", subject_id__in=release.texts.values("pk"))
        .order_by("-at", "-pk")
    )


def audit_for(subject_type: str, subject_id: int) -> QuerySet[AuditEntry]:
    """The audit log of one subject, newest first."""
    return (
        audit_entries()
        .filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("-at", "-pk")
    )
