from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "communique.comments"
    verbose_name = _("Comments")

    def ready(self):
        from communique.comments.sections import CommentSection
        from communique.comments.signals import comments_changed
        from communique.newsroom import extensions
        from communique.newsroom.page_cache import pages_changed

        extensions.register(CommentSection())
        # Approving, unpublishing, replying or erasing changes what release pages show.
        comments_changed.connect(pages_changed, dispatch_uid="comments_changed:page_cache")
