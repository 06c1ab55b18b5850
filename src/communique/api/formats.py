"""Other documents of one public text, served at /api/v1/texts/{id}/{format}.

A format is a subclass of TextFormat listed in FORMATS; the distribution app's IPTC ninjs is
the first. `read.py` gives each format its own operation, so it is in the OpenAPI document,
behind the same public gate, rate limit and CORS as every read, and in the tests that
enumerate the routes.
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


class Ninjs(TextFormat):
    name = "ninjs"
    description = "The text as IPTC ninjs 2.1 (see docs/distribution.md)."

    def document(self, request: HttpRequest, text: Text) -> dict:
        from communique.distribution.ninjs import text_ninjs
        from communique.distribution.selectors import text_for_channel

        # The text came through the API's gate; the channel's selector fetches what the
        # document shows (pictures, corrections) through the same gate.
        full = text_for_channel(text.release_id, text.language)
        return text_ninjs(full or text, base_url=request.build_absolute_uri("/"))


FORMATS.append(Ninjs())
