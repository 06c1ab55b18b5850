# ruff: noqa: E501
"""Moderators become roles: who moderates is their role in an office, what they hear is theirs.

Each former moderator keeps their e-mail choice as a NotificationPreference. For every office
they moderated, a person with no role there becomes its editor (editors moderate); a person
who already had a role keeps it unchanged: an author or translator is not promoted, and so no
longer moderates that office (a site administrator moderates every office anyway). Each
editor role made here is written to the audit log.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def moderators_to_roles(apps, schema_editor):
    Moderator = apps.get_model("comments", "Moderator")
    NotificationPreference = apps.get_model("comments", "NotificationPreference")
    Membership = apps.get_model("editorial", "Membership")
    AuditEntry = apps.get_model("editorial", "AuditEntry")
    for moderator in Moderator.objects.select_related("user").prefetch_related("offices"):
        user = moderator.user
        NotificationPreference.objects.update_or_create(
            user=user, defaults={"notify": moderator.notify}
        )
        for office in moderator.offices.all():
            if Membership.objects.filter(user=user, office=office).exists():
                continue
            membership = Membership.objects.create(user=user, office=office, role="editor")
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            AuditEntry.objects.create(
                actor=None,
                actor_name="system",
                action="role_granted",
                office=office,
                subject_type="membership",
                subject_id=membership.pk,
                subject=f"{user.username} · Editor · {office.slug}",
                detail="Comment moderator before moderation followed roles.",
            )


def roles_to_moderators(apps, schema_editor):
    """Back: everyone who has an e-mail choice moderates the offices they edit."""
    Moderator = apps.get_model("comments", "Moderator")
    NotificationPreference = apps.get_model("comments", "NotificationPreference")
    Membership = apps.get_model("editorial", "Membership")
    for preference in NotificationPreference.objects.all():
        moderator = Moderator.objects.create(user_id=preference.user_id, notify=preference.notify)
        offices = Membership.objects.filter(
            user_id=preference.user_id, role__in=["office_admin", "editor"]
        ).values_list("office_id", flat=True)
        moderator.offices.set(list(offices))


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0001_initial"),
        ("editorial", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("notify", models.BooleanField(default=True, help_text="On the offices whose comments you moderate; sent to your account's e-mail address, at most once every few minutes.", verbose_name="e-mail me about new comments")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="comment_notifications", to=settings.AUTH_USER_MODEL, verbose_name="person")),
            ],
            options={
                "verbose_name": "comment e-mails",
                "verbose_name_plural": "comment e-mails",
            },
        ),
        migrations.RunPython(moderators_to_roles, roles_to_moderators),
    ]
