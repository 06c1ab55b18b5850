"""The counts an editor sees on a release's admin page."""

from django.utils.translation import gettext_lazy as _

from communique.delivery.mail import selectors
from communique.editorial.admin.panels import ReleasePanel


class DeliveryCounts(ReleasePanel):
    title = _("E-mail to subscribers")
    template_name = "admin/delivery/mail_counts.html"

    def get_context(self, request, release):
        counts = selectors.release_counts(release)
        if not any(counts.values()):
            return None
        return counts
