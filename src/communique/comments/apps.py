from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "communique.comments"
    verbose_name = _("Comments")

    def ready(self):
        from communique.comments import signal_handlers
        from communique.comments.sections import CommentSection
        from communique.newsroom import extensions

        extensions.register(CommentSection())
        # Approving, unpublishing, replying, erasing or deleting changes what pages show.
        signal_handlers.connect()
