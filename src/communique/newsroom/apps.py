from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "communique.newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        # After the admin's autodiscovery (django.contrib.admin comes first in INSTALLED_APPS),
        # so the release admin, wherever it is registered, is there to receive the tools.
        from communique.newsroom import admin_translations

        admin_translations.install()
