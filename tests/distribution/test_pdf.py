"""The printable PDF of a public text: its text read back, the gate, and no network."""

import io
import json
import socket

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html as lxml_html
from PIL import Image

from communique.distribution import pdf
from communique.distribution.selectors import text_for_channel
from communique.newsroom import services
from communique.newsroom.models import Organisation, ReleaseImage, Text
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def pdf_url(text):
    return f"/{text.language}/releases/{text.release_id}.pdf"


def fetch(client, text) -> str:
    """The PDF of a text, checked to be one, as the text a reader could copy out of it."""
    response = client.get(pdf_url(text))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="uzbekistan-{text.release_id}-{text.language}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    return extract(response.content)


def extract(document: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(document))
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts(document: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(document))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_english_pdf_has_the_letterhead_number_both_dates_and_the_body(client, site):
    text = fetch(client, site["english"])
    assert "WELLSPRING RELIEF NETWORK" in text  # the organisation, in capitals on paper
    assert "Uzbekistan Office" in text
    assert "Press Release" in text
    assert "H. 20 Rabi' II 1445 No: 1445 / 01 M. Saturday, 04 November 2023" in text
    assert "New well opens in Nukus" in text
    assert "Clean water reached three villages." in text
    assert "Press Office of the Network in Tashkent" in text
    assert "press@uzbekistan.example.org" in text
    assert "(Translated)" not in text


def test_the_arabic_pdf_is_right_to_left_in_the_shipped_arabic_font(client, site):
    arabic = site["arabic"]
    response = client.get(pdf_url(arabic))
    assert response.status_code == 200
    # The shipped Noto Naskh Arabic, declared as "Communique Naskh", is the one embedded.
    assert "Communique-Naskh" in fonts(response.content)
    html = lxml_html.fromstring(pdf.text_html(text_for_channel(arabic.release_id, "ar")))
    assert html.get("dir") == "rtl"
    assert html.get("lang") == "ar"
    # Shaped Arabic letters do not always map back to the letters typed (the extracted title
    # is not reliable); digits, Latin text and the number's isolated run are.
    text = fetch(client, arabic)
    assert "1445 / 01" in text  # the number, left to right inside the Arabic line
    assert "2023" in text and "04" in text and "20" in text  # both dates' digits
    assert "New well opens in Nukus" in text  # "(Translated) · Original: …"
    assert "press@uzbekistan.example.org" in text
    assert html.xpath("string(//h1)") == "افتتاح بئر جديدة في نوكوس"
    assert "(مترجم)" in html.xpath("string(//p[@class='translated'])")


def test_eastern_arabic_digits_follow_the_organisation(client, site):
    Organisation.objects.update(eastern_arabic_digits=True)
    html = pdf.text_html(text_for_channel(site["arabic"].release_id, "ar"))
    assert "١٤٤٥ / ٠١" in html


def test_embargoed_and_draft_texts_have_no_pdf(client, site):
    hidden = Text.objects.filter(title__in=site["hidden_titles"])
    assert hidden.count() == 3
    for text in hidden:
        assert client.get(pdf_url(text)).status_code == 404
    assert client.get("/en/releases/999999.pdf").status_code == 404
    assert client.get(f"/ru/releases/{site['english'].release_id}.pdf").status_code == 404


def test_a_withdrawn_text_gives_a_pdf_that_says_so_without_the_body(client, site):
    text = fetch(client, site["withdrawn"])
    assert "Withdrawn pump notice" in text
    assert "This release was withdrawn on" in text
    assert "Clean water reached three villages" not in text
    assert "Press Office of the Network in Tashkent" in text


def test_the_release_page_links_its_pdf(client, site):
    english = site["english"]
    page = client.get(english.get_absolute_url())
    tree = lxml_html.fromstring(page.content)
    (link,) = tree.xpath("//*[@class='release__tools']/a")
    assert link.get("href") == pdf_url(english)
    assert link.get("type") == "application/pdf"
    assert link.text == "Print (PDF)"


def test_the_ninjs_names_the_pdf_as_a_rendition(client, site):
    english = site["english"]
    document = json.loads(client.get(f"/en/releases/{english.release_id}/ninjs.json").content)
    renditions = {rendition["name"]: rendition for rendition in document["renditions"]}
    assert renditions["pdf"]["href"] == "http://testserver" + pdf_url(english)
    assert renditions["pdf"]["contenttype"] == "application/pdf"


@pytest.mark.parametrize(
    ("title", "printed"),
    [
        ('</title><script>alert("x")</script> "quoted" & <b>bold</b>', '"quoted" & <b>bold</b>'),
        ("\u202eReversed title\u202c with a bidi override \u2066and an isolate", "bidi override"),
        ("W" * 300, "W" * 60),  # the longest title there can be, as one word
        ("' OR 1=1 -- %s {{ 7*7 }} url(http://example.com/x.png)", "{{ 7*7 }}"),
    ],
)
def test_hostile_titles_are_printed_as_text(client, site, title, printed):
    release = make_release(site["office"], title=title, publish=True)
    rendered = pdf.text_html(text_for_channel(release.pk, "en"))
    assert "<script>" not in rendered and "<b>bold" not in rendered
    assert printed in fetch(client, release.texts.get()).replace("\n", "")


def test_no_network_fetch_is_attempted(site, monkeypatch, settings, tmp_path):
    """Only the site's own files are read: the font from the static files, the picture from
    the media storage; an address outside the site is refused, and no socket opens."""
    settings.MEDIA_ROOT = tmp_path
    connections = []

    def refuse(*args, **kwargs):
        connections.append(args)
        raise OSError("no network in a PDF")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(buffer, "PNG")
    image = ReleaseImage(
        release=site["release"],
        image=SimpleUploadedFile("well.png", buffer.getvalue()),
        alt={"en": "A new well"},
        caption={"en": "The well at Nukus"},
    )
    services.image_save(image, new_file=True)
    text = text_for_channel(site["release"].pk, "ar")
    html = pdf.text_html(text).replace(
        "</body>",
        '<img src="http://example.com/tracker.png"><img src="file:///etc/passwd">'
        '<img src="site-file:/static/../../settings.py"></body>',
    )
    fetcher = pdf.site_file_fetcher()
    document = pdf.render_pdf(html, url_fetcher=fetcher)
    assert document.startswith(b"%PDF-")
    assert connections == []
    assert fetcher.served[0] == "site-file:/static/" + pdf.ARABIC_FONT
    assert any(url.startswith("site-file:/media/") for url in fetcher.served)
    assert fetcher.refused == [
        "http://example.com/tracker.png",
        "file:///etc/passwd",
        "site-file:/static/../../settings.py",
    ]
    assert "The well at Nukus" in extract(document)


def test_a_rendered_pdf_is_kept_until_the_text_changes(client, site, monkeypatch):
    renders = []
    real_render = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html: renders.append(html) or real_render(html))
    english = site["english"]
    first = client.get(pdf_url(english)).content
    assert client.get(pdf_url(english)).content == first
    assert len(renders) == 1
    english.title = "New well opens in Nukus district"
    english.save()  # a correction moves updated_at
    assert "Nukus district" in extract(client.get(pdf_url(english)).content)
    assert len(renders) == 2


def test_a_failing_cache_is_a_miss(client, site, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    class BrokenCache:
        get = set = staticmethod(broken)

    monkeypatch.setattr(pdf, "cache", BrokenCache())
    assert "New well opens in Nukus" in fetch(client, site["english"])
