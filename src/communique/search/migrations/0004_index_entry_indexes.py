from django.db import migrations, models

# On SQLite the index table's key (a bigint) is not the rowid, so each match would cost two
# lookups (the key's index, then the row); this index holds every column a search reads, so
# it costs one. PostgreSQL reads the narrow rows after the GIN bitmap and needs none.
SQLITE_COVERING = (
    "CREATE INDEX search_entry_covering ON search_indexentry (text_id, status, published_at, "
    "language, office_id, kind, hijri_year, year, categories, issue_date)"
)


def covering(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_COVERING)


def no_covering(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_covering")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_columns"),
    ]

    operations = [
        # What counting leaves out (texts readers may not see), and sorting by date.
        migrations.AddIndex(
            model_name="indexentry",
            index=models.Index(fields=["status"], name="search_entry_status"),
        ),
        migrations.AddIndex(
            model_name="indexentry",
            index=models.Index(fields=["published_at"], name="search_entry_published"),
        ),
        migrations.RunPython(covering, no_covering),
    ]
