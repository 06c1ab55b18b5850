from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

# PostgreSQL: one GIN index over the terms and the text's id, so a search can ask the index
# for the matches among the newest texts only (communique.search.backends.postgres): a word
# found in a quarter of 100,000 texts then costs a thousand heap rows, not twenty-five
# thousand. The id is indexed negated, so that no other index (the key's B-tree) can serve
# the range and draw the planner away from this one. btree_gin is one of PostgreSQL's own
# extensions, "trusted": the database's owner may create it (docs/deployment.md).
# fastupdate is off: a search never has to read a list of pending entries, at the price of
# slower writes, which a newsroom makes a few times an hour.
# The heading (what ranking reads) is kept in the row rather than in TOAST storage, where
# ranking a thousand candidates read a thousand chunks: it holds the title, subtitle, number
# and names only, from the next `communique reindex` on (docs/search.md).
CREATE = [
    "ALTER TABLE search_indexentry ALTER COLUMN heading SET STORAGE MAIN",
    "CREATE INDEX search_document_recent_gin ON search_indexentry "
    "USING gin (document, (-text_id)) WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS search_document_gin",
]
DROP = [
    "ALTER TABLE search_indexentry ALTER COLUMN heading SET STORAGE EXTENDED",
    "CREATE INDEX IF NOT EXISTS search_document_gin ON search_indexentry USING gin (document)",
    "DROP INDEX IF EXISTS search_document_recent_gin",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_index_entry_indexes"),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
