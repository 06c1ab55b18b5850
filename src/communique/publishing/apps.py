from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "communique.publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from communique.publishing import signal_handlers

        # What a change touches, for the page cache; the pages rendered again after it.
        signal_handlers.connect()
