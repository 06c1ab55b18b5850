from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "communique.editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from communique.editorial.signal_handlers import register_signal_handlers

        register_signal_handlers()
