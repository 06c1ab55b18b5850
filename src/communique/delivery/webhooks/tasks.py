"""Background work, run by the django-tasks database worker (`communique worker`)."""

from django_tasks import task


@task()
def send_webhooks(delivery_ids: list[int]) -> int:
    """Send these deliveries if they are still due; how many were delivered."""
    from communique.delivery.webhooks.models import Delivery
    from communique.delivery.webhooks.services import delivery_send

    documents: dict = {}  # one event's deliveries share the text's document
    sent = [delivery_send(delivery_id, documents=documents) for delivery_id in delivery_ids]
    return sum(1 for delivery in sent if delivery and delivery.status == Delivery.Status.DELIVERED)
