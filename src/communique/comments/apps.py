from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "communique.comments"
    verbose_name = _("Comments")

    def ready(self):
        from communique.comments import selectors, signal_handlers
        from communique.comments.sections import CommentSection
        from communique.newsroom import extensions

        extensions.register(CommentSection())
        # The section's comments and whether they are closed come with the page's text.
        for name, build in selectors.RELEASE_COLUMNS.items():
            extensions.register_release_column(name, build)
        # Approving, unpublishing, replying, erasing or deleting changes what pages show.
        signal_handlers.connect()
