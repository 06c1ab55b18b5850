"""What the mail channel adds to the public pages, through the newsroom's page slots."""

from communique.newsroom.extensions import PageSection


class SubscribeLink(PageSection):
    """ "Receive these releases by e-mail" under the lists of the office and category pages."""

    slot = "list_end"
    template_name = "delivery/_subscribe_link.html"

    def get_context(self, request, *, office=None, category=None, **page):
        query = ""
        if office is not None:
            query = f"?office={office.pk}"
        elif category is not None:
            query = f"?category={category.pk}"
        return {"subscribe_query": query}
