"""Background work: the pages a change touched, rendered again by the worker."""

from django_tasks import task


@task()
def publish_changes(tags: list[str] | None) -> int:
    """Render again the pages carrying `tags` (every page for None); how many were rendered."""
    from communique.publishing.services import changes_publish

    return changes_publish(tags=tags).rendered
