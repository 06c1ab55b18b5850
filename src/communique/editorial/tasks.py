"""Background work, run by the django-tasks database worker (`communique worker`)."""

from django_tasks import task


@task()
def publish_due_texts() -> int:
    """Publish every scheduled text whose time has come; how many were published."""
    # services.py enqueues this task: the import waits until the task runs.
    from communique.editorial.services import publish_due

    return len(publish_due())
