from django.db import migrations

# The public gate reads a text's status, time, language and release for every match; on
# SQLite a text's row holds its whole body, so without this covering index each match
# reads pages of body text. Search's own need, so it lives in search's migrations.
CREATE = (
    "CREATE INDEX IF NOT EXISTS search_text_gate ON newsroom_text "
    "(id, status, published_at, language, release_id)"
)
DROP = "DROP INDEX IF EXISTS search_text_gate"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
