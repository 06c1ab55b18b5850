from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "communique.editorial"
    verbose_name = _("Editorial workflow")

    def load_demo(self, progress) -> None:
        """Called by `communique demo`: the demo staff accounts and a scheduled release."""
        from communique.editorial.demo import load_demo_staff

        load_demo_staff(progress=progress)
