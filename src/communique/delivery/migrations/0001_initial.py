from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration; each channel's tables follow."""

    initial = True
    dependencies: list = []
    operations: list = []
