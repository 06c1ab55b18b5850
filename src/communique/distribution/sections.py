"""What distribution adds to the public pages, through the newsroom's page slots."""

from django.utils.translation import gettext as _
from markupsafe import Markup

from communique.distribution import cards
from communique.distribution.feeds import site_url
from communique.distribution.views import feed_links
from communique.newsroom.extensions import PageSection
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation


def _scope_of(office=None, category=None) -> tuple[str, str, str]:
    """(scope, slug, title) of the feed that belongs to a page."""
    if office is not None:
        return "office", office.slug, pick(office.name)
    if category is not None:
        return "category", category.slug, pick(category.name)
    return "site", "", _("Latest releases")


class FeedLinks(PageSection):
    """`<link rel="alternate">` to the feeds of the page: its office's or category's, and
    the whole site's."""

    slot = "head"
    template_name = "distribution/_feed_links.html"

    def get_context(self, request, *, text=None, office=None, category=None, **page):
        if text is not None:
            office = text.release.office
        scope, slug, title = _scope_of(office, category)
        links = [(title, link) for link in feed_links(scope, slug)]
        if scope != "site":
            links += [(_("Latest releases"), link) for link in feed_links()]
        return {"feed_links": links}


class ReleaseCards(PageSection):
    """Open Graph, Twitter card, canonical link, JSON-LD and the ninjs link of a release."""

    slot = "head"
    template_name = "distribution/_cards.html"

    def render(self, context, request, page):
        if context.get("is_preview"):
            return Markup("")  # an editor's preview of a draft is no page to share
        return super().render(context, request, page)

    def get_context(self, request, *, text=None, **page):
        if text is None:
            return None
        organisation = getattr(request, "organisation", None) or Organisation.current()
        return {"card": cards.card(text, base_url=site_url(request), organisation=organisation)}


class FollowLinks(PageSection):
    """ "Follow: RSS, Atom, JSON Feed · All feeds" under the lists."""

    slot = "list_end"
    template_name = "distribution/_follow.html"

    def get_context(self, request, *, office=None, category=None, **page):
        scope, slug, _title = _scope_of(office, category)
        return {"feed_links": feed_links(scope, slug)}
