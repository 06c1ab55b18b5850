"""`communique worker` that stalls in the middle of publishing, inside the publish transaction,
so that a test can kill it there (python -m tests.editorial.slow_worker MARKER_FILE)."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models.signals import pre_save  # noqa: E402

from communique.newsroom.models import Text  # noqa: E402

marker = Path(sys.argv[1])


def stall(sender, instance, **kwargs):
    if instance.status == Text.Status.PUBLISHED:
        marker.write_text("publishing")
        time.sleep(600)


pre_save.connect(stall, sender=Text)
call_command("worker", "--interval", "0.1", "--reconcile-every", "3600")
