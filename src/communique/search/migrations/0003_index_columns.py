from django.db import migrations, models

# What the gate and the facets read, copied into the index rows so a search joins nothing.
# On PostgreSQL the vectors are moved out of the row (TOAST) so the rows stay narrow: a
# search reads thousands of them and needs only their small columns.
POSTGRESQL = ["ALTER TABLE search_indexentry SET (toast_tuple_target = 128)"]
POSTGRESQL_REVERSE = ["ALTER TABLE search_indexentry RESET (toast_tuple_target)"]
# Migration 0002's covering index on texts served the old joins; nothing reads it now.
DROP_GATE_INDEX = "DROP INDEX IF EXISTS search_text_gate"
CREATE_GATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_text_gate ON newsroom_text "
    "(id, status, published_at, language, release_id)"
)


def fill(apps, schema_editor):
    """Copy the columns for the entries already there (new ones are written when indexed)."""
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)
    IndexEntry = apps.get_model("search", "IndexEntry")
    Text = apps.get_model("newsroom", "Text")
    ids = list(IndexEntry.objects.values_list("text_id", flat=True))
    for start in range(0, len(ids), 500):
        texts = Text.objects.filter(pk__in=ids[start : start + 500]).select_related("release")
        for text in texts.prefetch_related("release__categories"):
            release = text.release
            IndexEntry.objects.filter(text_id=text.pk).update(
                status=text.status,
                published_at=text.published_at,
                language=text.language,
                office_id=release.office_id,
                kind=release.kind,
                hijri_year=release.hijri_year,
                issue_date=release.issue_date,
                year=release.issue_date.year if release.issue_date else None,
                categories=",".join(["", *(str(c.pk) for c in release.categories.all()), ""])
                or ",",
            )


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_text_gate_index"),
        ("newsroom", "0003_release_number_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexentry",
            name="status",
            field=models.CharField(default="", max_length=16, verbose_name="status"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="published_at",
            field=models.DateTimeField(null=True, verbose_name="published at"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="language",
            field=models.CharField(default="", max_length=16, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="office_id",
            field=models.IntegerField(null=True, verbose_name="office"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="kind",
            field=models.CharField(default="", max_length=32, verbose_name="kind"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="hijri_year",
            field=models.IntegerField(null=True, verbose_name="Hijri year"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="issue_date",
            field=models.DateField(null=True, verbose_name="issue date"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="year",
            field=models.IntegerField(null=True, verbose_name="Gregorian year"),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="categories",
            field=models.CharField(default=",", max_length=1000, verbose_name="categories"),
        ),
        migrations.RunSQL(DROP_GATE_INDEX, CREATE_GATE_INDEX),
        migrations.RunPython(fill, unfill),
    ]
