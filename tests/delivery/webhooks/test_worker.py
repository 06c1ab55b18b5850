"""`communique worker` sends what a publication queued, and what no task remembers."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from communique.delivery.webhooks.models import Delivery
from communique.editorial import services as editorial

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_runs_the_task_that_a_publication_queued(release, people, endpoint, receiver):
    editorial.text_publish(release.texts.get(), by=people["editor"])
    assert DBTaskResult.objects.filter(task_path__endswith="send_webhooks").count() == 1
    call_command("worker", "--rounds", "1", "--interval", "0")
    assert len(receiver.calls) == 1
    assert receiver.calls[0].verified is not None
    assert Delivery.objects.get().status == "delivered"


def test_a_delivery_whose_task_was_lost_is_sent_by_the_next_round(
    release, people, endpoint, receiver
):
    editorial.text_publish(release.texts.get(), by=people["editor"])
    DBTaskResult.objects.all().delete()  # the queue lost it; the row is still there
    call_command("worker", "--rounds", "1", "--interval", "0")
    assert len(receiver.calls) == 1
    assert Delivery.objects.get().attempts == 1
