"""The one way another app adds a panel to a release's admin page.

An app subclasses `ReleasePanel`, sets `title` and `template_name` (a Django admin template
of its own), overrides `get_context()` and registers an instance in its `AppConfig.ready()`
with `register()` — the admin's counterpart of `newsroom.extensions.PageSection`. The
delivery app's counts of messages and webhook calls are the example.
"""

from typing import Any


class ReleasePanel:
    """A part an app adds to the release change page, below the texts."""

    title: str = ""
    template_name: str = ""

    def get_context(self, request, release) -> dict[str, Any] | None:
        """What the template needs for this release, or None to show nothing."""
        return {}


_panels: list[ReleasePanel] = []


def register(panel: ReleasePanel) -> ReleasePanel:
    """Add a panel; registering the same class twice keeps one."""
    _panels[:] = [existing for existing in _panels if type(existing) is not type(panel)]
    _panels.append(panel)
    return panel


def unregister(panel_class: type[ReleasePanel]) -> None:
    _panels[:] = [existing for existing in _panels if type(existing) is not panel_class]


def panels_for(request, release) -> list[tuple[ReleasePanel, dict[str, Any]]]:
    """Each registered panel with its context, leaving out those with nothing to show."""
    shown = []
    for panel in _panels:
        context = panel.get_context(request, release)
        if context is not None:
            shown.append((panel, context))
    return shown
