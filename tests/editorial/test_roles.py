"""Each transition by each role, allowed and refused, through the services (tested by trying)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communique.editorial import selectors, services
from communique.editorial.models import AuditEntry
from communique.newsroom.models import Text
from tests.factories import make_text

pytestmark = pytest.mark.django_db

Status = Text.Status
ROLES = ["site_admin", "office_admin", "editor", "author", "translator", "other_editor"]
SOON = datetime.timedelta(hours=2)

# (action, state the text starts in, roles allowed); everyone else is refused.
MATRIX = [
    ("submit", Status.DRAFT, {"site_admin", "office_admin", "editor", "author"}),
    ("return", Status.IN_REVIEW, {"site_admin", "office_admin", "editor"}),
    ("schedule", Status.IN_REVIEW, {"site_admin", "office_admin", "editor"}),
    ("publish", Status.IN_REVIEW, {"site_admin", "office_admin", "editor"}),
    ("publish", Status.DRAFT, {"site_admin", "office_admin", "editor"}),
    ("withdraw", Status.PUBLISHED, {"site_admin", "office_admin", "editor"}),
    ("edit", Status.DRAFT, {"site_admin", "office_admin", "editor", "author"}),
    ("edit", Status.IN_REVIEW, {"site_admin", "office_admin", "editor"}),
    ("edit", Status.PUBLISHED, {"site_admin", "office_admin", "editor"}),
]


def put_in_state(text: Text, state: str) -> Text:
    if state in (Status.IN_REVIEW, Status.PUBLISHED):
        text.status = Status.IN_REVIEW
        text.save()
    if state == Status.PUBLISHED:
        from communique.newsroom import services as newsroom

        newsroom.text_publish(text)
    return Text.objects.select_related("release__office").get(pk=text.pk)


def attempt(action: str, text: Text, user):
    if action == "submit":
        return services.text_submit(text, by=user)
    if action == "return":
        return services.text_return(text, by=user)
    if action == "schedule":
        return services.text_schedule(text, by=user, at=timezone.now() + SOON)
    if action == "publish":
        return services.text_publish(text, by=user)
    if action == "withdraw":
        return services.text_withdraw(text, by=user)
    if action == "edit":
        return services.text_update(
            text, by=user, title="Changed", body="Changed body.", correction_note="Fixed a figure."
        )
    raise AssertionError(action)


@pytest.mark.parametrize(
    ("action", "state", "allowed"), MATRIX, ids=lambda v: v if isinstance(v, str) else ""
)
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_by_each_role(people, release, role, action, state, allowed):
    text = put_in_state(release.texts.get(), state)
    user = people[role]
    if role in allowed:
        result = attempt(action, text, user)
        expected = selectors.TARGETS.get(action, state)
        assert result.status == expected
        assert AuditEntry.objects.filter(actor=user).exists()
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            attempt(action, text, user)
        assert Text.objects.get(pk=text.pk).status == state


def test_a_translator_works_only_in_their_languages(people, release):
    translator = people["translator"]
    arabic = services.text_create(
        by=translator, release=release, language="ar", title="آبار لثلاث قرى", body="نص."
    )
    services.text_update(arabic, by=translator, title="آبار لثلاث قرى", body="نص منقح.")
    assert services.text_submit(arabic, by=translator).status == Status.IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.text_create(
            by=translator, release=release, language="ru", title="Колодцы", body="Текст."
        )
    english = release.texts.get(language="en")
    with pytest.raises(PermissionDenied):
        services.text_update(english, by=translator, title="Hijacked", body="No.")
    assert not selectors.can_edit_text(translator, english)
    assert selectors.languages_for(translator, release.office) == ["ar"]
    assert selectors.languages_for(people["editor"], release.office) == ["ar", "en", "ru", "uz"]
    assert selectors.languages_for(people["other_editor"], release.office) == []


def test_a_withdrawn_text_is_final(people, release):
    text = put_in_state(release.texts.get(), Status.PUBLISHED)
    services.text_withdraw(text, by=people["editor"])
    for action in ("publish", "edit", "submit"):
        with pytest.raises((PermissionDenied, ValidationError)):
            attempt(action, Text.objects.get(pk=text.pk), people["site_admin"])


def test_an_editor_of_another_office_cannot_start_a_release_there(people, offices):
    with pytest.raises(PermissionDenied):
        services.release_create(
            by=people["other_editor"],
            office=offices[0],
            issue_date=datetime.date(2024, 1, 1),
            language="en",
            title="Not mine",
            body="…",
        )
    with pytest.raises(PermissionDenied):
        services.release_create(
            by=people["translator"],
            office=offices[0],
            issue_date=datetime.date(2024, 1, 1),
            language="ar",
            title="ليس لي",
            body="…",
        )


def test_roles_are_granted_by_office_administrators_in_their_office_only(people, offices):
    uz, kg = offices
    newcomer = people["author"].__class__.objects.create_user("newcomer")
    membership = services.membership_grant(
        by=people["office_admin"], user=newcomer, office=uz, role="author"
    )
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    services.membership_change(
        membership, by=people["office_admin"], role="translator", languages=["uz"]
    )
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            by=people["office_admin"], user=newcomer, office=kg, role="editor"
        )
    with pytest.raises(PermissionDenied):
        services.membership_grant(by=people["editor"], user=newcomer, office=uz, role="editor")
    services.membership_revoke(membership, by=people["site_admin"])
    actions = list(
        AuditEntry.objects.filter(subject_type="membership").values_list("action", flat=True)
    )
    assert sorted(actions) == ["role_changed", "role_granted", "role_revoked"]


def test_translations_by_role_show_in_the_admin_queryset_only_for_their_office(people, release):
    make_text(release, "ru")
    assert selectors.texts_for(people["other_editor"]).count() == 0
    assert selectors.texts_for(people["editor"]).count() == 2
    assert selectors.texts_for(people["site_admin"]).count() == 2
