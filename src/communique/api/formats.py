"""Other documents of one public text, served at /api/v1/texts/{id}/{format}.

A format is a subclass of TextFormat listed in FORMATS. The distribution app's ninjs builder
is meant to be the first one, added here once it exists, for example:

    class Ninjs(TextFormat):
        name = "ninjs"
        media_type = "application/json"
        description = "IPTC ninjs 2"

        def document(self, request, text):
            return ninjs.document(text, request=request)

    FORMATS = [Ninjs()]

`read.py` gives each format its own operation (so it is in the OpenAPI document, behind the
same public gate, rate limit and CORS as every read, and in the tests that enumerate routes).
"""

from django.http import HttpRequest

from communique.newsroom.models import Text


class TextFormat:
    """One document made from a public text (the text comes from `api.selectors.texts()`)."""

    name: str = ""
    media_type: str = "application/json"
    description: str = ""

    def document(self, request: HttpRequest, text: Text) -> dict:
        raise NotImplementedError


#: The formats offered, in the order the OpenAPI document lists them.
FORMATS: list[TextFormat] = []
