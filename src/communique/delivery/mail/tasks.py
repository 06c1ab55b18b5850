"""Background work of the mail channel, run by `communique worker`."""

from django_tasks import task


@task()
def deliver_mail() -> int:
    """Expand what was published into messages and send everything due; how many were sent."""
    from communique.delivery.mail.services import deliver

    return deliver()
