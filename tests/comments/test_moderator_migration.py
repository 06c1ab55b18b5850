"""Former comment moderators keep moderating through roles (comments 0002)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("comments", "0001_initial")]


def migrate(targets=None):
    """Migrate to `targets`, or to the newest of every app; return the models of then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    migrated = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in migrated]
    return executor.loader.project_state(targets + others).apps


def test_moderators_become_editors_where_they_had_no_role_and_keep_their_email_choice():
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    Office = old.get_model("newsroom", "Office")
    Membership = old.get_model("editorial", "Membership")
    Moderator = old.get_model("comments", "Moderator")
    osh = Office.objects.create(slug="osh", name={"en": "Osh"})
    kenya = Office.objects.create(slug="kenya", name={"en": "Kenya"})
    dilnoza = User.objects.create(username="dilnoza", is_staff=True)
    aziz = User.objects.create(username="aziz", is_staff=True)
    Membership.objects.create(user=aziz, office=osh, role="author")
    Moderator.objects.create(user=dilnoza, notify=True).offices.set([osh, kenya])
    Moderator.objects.create(user=aziz, notify=False).offices.set([osh])

    new = migrate()

    Membership = new.get_model("editorial", "Membership")
    roles = sorted(Membership.objects.values_list("user__username", "office__slug", "role"))
    assert roles == [
        ("aziz", "osh", "author"),  # a role they had is kept, never promoted
        ("dilnoza", "kenya", "editor"),
        ("dilnoza", "osh", "editor"),
    ]
    choices = dict(
        new.get_model("comments", "NotificationPreference").objects.values_list(
            "user__username", "notify"
        )
    )
    assert choices == {"dilnoza": True, "aziz": False}
    granted = new.get_model("editorial", "AuditEntry").objects.filter(action="role_granted")
    assert granted.count() == 2
