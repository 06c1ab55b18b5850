from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "communique.distribution"
    verbose_name = _("Distribution")

    def ready(self):
        from communique.distribution import sections
        from communique.newsroom import extensions

        extensions.register(sections.FeedLinks())
        extensions.register(sections.ReleaseCards())
        extensions.register(sections.FollowLinks())
