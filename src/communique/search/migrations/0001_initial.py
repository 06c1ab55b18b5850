import django.db.models.deletion
from django.db import migrations, models

# The backend's storage, made for the database in use (see communique.search.backends).
SQLITE = [
    # The ascii tokenizer splits only at ASCII spaces and punctuation: the terms arrive
    # normalised and stemmed from Python, and FTS5 must keep them exactly as given.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, subtitle, body, meta, tokenize = 'ascii', prefix = '2 3'
    )""",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts"]
POSTGRESQL = [
    "ALTER TABLE search_indexentry ADD COLUMN document tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_indexentry ADD COLUMN heading tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_document_gin ON search_indexentry USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS heading",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS document",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("newsroom", "0003_release_number_label"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                (
                    "text",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="newsroom.text",
                        verbose_name="text",
                    ),
                ),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="indexed at")),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
