"""No staff address reveals anything of a release that the person's roles do not let them see.

Every URL pattern of the admin is requested, from the URL configuration, by staff of another
office, with the ids of this office's drafts and embargoed texts in every parameter.
"""

import datetime
import io
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from communique.comments.models import ReleaseCommentPolicy
from communique.editorial import services
from communique.newsroom.models import ReleaseImage
from tests.editorial.conftest import make_user
from tests.factories import make_release
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Confidential borehole tender draft"
EMBARGOED_TITLE = "Scholarship winners embargoed"
SECRETS = [
    DRAFT_TITLE,
    EMBARGOED_TITLE,
    slugify(DRAFT_TITLE),
    slugify(EMBARGOED_TITLE),
]
#: A few query strings that search or filter what a list shows (a search is echoed back, so
#: it searches for one word of a title and the test looks for the whole title).
QUERIES = ["", "?q=borehole", "?q=Scholarship&_popup=1"]


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("pump.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def secrets(people, offices):
    """Another office's draft, and its embargoed (scheduled) text with a picture and a switch."""
    uz = offices[0]
    editor = people["editor"]
    draft = make_release(uz, title=DRAFT_TITLE)
    embargoed = make_release(uz, title=EMBARGOED_TITLE, issue_date=datetime.date(2024, 1, 9))
    text = embargoed.texts.get()
    services.text_schedule(text, by=editor, at=timezone.now() + datetime.timedelta(days=2))
    image = ReleaseImage(release=embargoed, image=_png(), alt={"en": "A pump"})
    services.release_media_save(image, by=editor)
    ReleaseCommentPolicy.objects.create(release=embargoed, closed=True)
    return [draft, draft.texts.get(), embargoed, text, image]


def _outsiders(people, offices):
    kg = offices[1]
    # Moderation follows the roles: another office's administrator moderates its comments.
    moderator = make_user("kg-head", office=kg, role="office_admin")
    return {
        "another office's editor": people["other_editor"],
        "a comment moderator of another office": moderator,
        "staff without a role": make_user("staff-only"),
    }


def _leaks(response) -> list[str]:
    location = unquote(response.get("Location", ""))
    body = b"" if response.streaming else response.content
    shown = body.decode("utf-8", "replace") + location
    return [secret for secret in SECRETS if secret.casefold() in shown.casefold()]


def test_view_on_site_redirects_only_for_what_the_person_may_see(client, people, secrets):
    draft_text = secrets[1]
    address = f"/admin/r/{ContentType.objects.get_for_model(draft_text).pk}/{draft_text.pk}/"
    client.force_login(people["other_editor"])
    refused = client.get(address)
    assert refused.status_code == 404
    assert not _leaks(refused)
    client.force_login(people["author"])
    allowed = client.get(address)
    assert allowed.status_code == 302
    assert slugify(DRAFT_TITLE) in unquote(allowed["Location"])


def test_no_admin_address_tells_staff_of_another_office_a_title_of_this_one(
    client, people, offices, secrets
):
    admin_routes = [route for route in routes() if str(route).startswith("/admin/")]
    assert any(route.name == "view_on_site" for route in admin_routes)
    ids = sorted({str(obj.pk) for obj in secrets})
    content_types = [str(pk) for pk in ContentType.objects.values_list("pk", flat=True)]
    requests, leaks = 0, []
    for who, user in _outsiders(people, offices).items():
        client.force_login(user)
        for route in admin_routes:
            for address in _addresses(route, ids, content_types):
                for query in QUERIES if not route.parameters else [""]:
                    response = client.get(address + query)
                    requests += 1
                    assert response.status_code < 500, (who, address + query)
                    found = _leaks(response)
                    location = response.get("Location", "")
                    if not found and response.status_code == 302 and location.startswith("/"):
                        followed = client.get(location)
                        requests += 1
                        found = _leaks(followed)
                    if found:
                        leaks.append((who, address + query, found))
    print(f"{requests} staff requests, {len(leaks)} with a title")
    assert requests > 500
    assert leaks == [], "\n".join(map(str, leaks))


def _addresses(route, ids, content_types):
    if route.parameters == ["url"]:  # the admin's catch-all
        yield from (route.address({"url": f"newsroom/text/{pk}/"}) for pk in ids)
        return
    values = [{}]
    for parameter in route.parameters:
        if parameter == "content_type_id":
            choices = content_types
        elif parameter in route.alternatives:
            choices = route.alternatives[parameter]
        elif parameter == "language":
            choices = ["ar", "ru"]
        else:
            choices = ids
        values = [{**chosen, parameter: choice} for chosen in values for choice in choices]
    for chosen in values:
        address = route.address(chosen)
        if urlsplit(address).path.startswith("/admin/"):
            yield address
