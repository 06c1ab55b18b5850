from django.db import migrations


class Migration(migrations.Migration):
    """The Moderator table goes once its rows are roles (0002): one role system."""

    dependencies = [
        ("comments", "0002_moderation_by_role"),
    ]

    operations = [
        migrations.DeleteModel(name="Moderator"),
    ]
