"""What the comments app adds to the public pages, through the newsroom's page slots."""

from communique.comments.jinja_globals import comment_section
from communique.newsroom.extensions import PageSection
from communique.newsroom.models import Text


class CommentSection(PageSection):
    """Approved comments and the comment form, under a release's article."""

    slot = "release_end"
    template_name = "comments/_section.html"
    query_parameters = ("comment",)  # ?comment=received thanks the reader who just posted

    def get_context(self, request, *, text, **page):
        if text.status != Text.Status.PUBLISHED:
            return None  # a withdrawn release keeps its page but takes no comments
        return {"section": comment_section(request, text)}
