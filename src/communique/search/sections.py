"""What the search app adds to the public pages, through the newsroom's page slots."""

from communique.newsroom.extensions import PageSection


class SearchBox(PageSection):
    """The search box in every page's header, with the query kept on the search page."""

    slot = "header"
    template_name = "search/_box.html"

    def get_context(self, request, **page):
        on_search_page = (
            request is not None and getattr(request.resolver_match, "namespace", "") == "search"
        )
        return {"search_query": request.GET.get("q", "")[:500] if on_search_page else ""}
