from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "communique.newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from communique.newsroom import page_cache, reference

        page_cache.connect(self)
        reference.connect()
