from django.db import migrations, models


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
    ]
