from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "communique.search"
    verbose_name = _("Search")

    def ready(self):
        from communique.newsroom import extensions
        from communique.search.sections import SearchBox
        from communique.search.signal_handlers import register_signal_handlers

        extensions.register(SearchBox())
        register_signal_handlers()
