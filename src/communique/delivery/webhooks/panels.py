"""The counts an office's staff see on a release's admin page."""

from django.utils.translation import gettext_lazy as _

from communique.delivery.webhooks import selectors
from communique.editorial.admin.panels import ReleasePanel


class WebhookDeliveriesPanel(ReleasePanel):
    title = _("Webhook deliveries")
    template_name = "delivery/webhooks/release_panel.html"

    def get_context(self, request, release):
        # The release page itself is only open to those with a role in its office.
        if not selectors.any_endpoint():
            return None
        return {"counts": selectors.release_counts(release)}
