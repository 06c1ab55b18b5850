"""The place where other documents of a text (ninjs, first) join the API keeps the gate."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from communique.api.formats import TextFormat
from communique.api.read import _format_operation


class Headline(TextFormat):
    name = "headline"
    description = "Just the title"

    def document(self, request, text):
        return {"headline": text.title}


def test_a_format_gets_public_texts_only(newsroom):
    view = _format_operation(Headline())
    request = RequestFactory().get("/")
    text = newsroom["published"].texts.get(language="en")
    assert view(request, text_id=text.pk) == {"headline": "Wells for three villages"}
    for hidden in ("draft", "scheduled", "embargoed"):
        with pytest.raises(Http404):
            view(request, text_id=newsroom[hidden].texts.get().pk)


def test_the_api_serves_a_texts_ninjs(newsroom):
    from tests.api.conftest import Api

    text = newsroom["published"].texts.get(language="en")
    document = Api().get(f"/texts/{text.pk}/ninjs").json()
    assert document["headlines"][0]["value"] == "Wells for three villages"
    assert document["pubstatus"] == "usable"
    withdrawn = newsroom["withdrawn"].texts.get()
    assert Api().get(f"/texts/{withdrawn.pk}/ninjs").json()["pubstatus"] == "canceled"
