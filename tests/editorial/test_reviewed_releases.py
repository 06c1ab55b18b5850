"""Once a text is in review or scheduled, its release is changed only by those who may publish it.

An editor who reviewed and scheduled a release must get what they reviewed: its pictures,
documents, issue date and categories as they were, or no publication at all.
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from communique.editorial import selectors, services
from communique.newsroom.models import ReleaseAttachment, ReleaseImage
from tests.editorial.test_admin import media_form
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return SimpleUploadedFile("well.png", buffer.getvalue(), content_type="image/png")


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _in_review(release, people):
    services.text_submit(release.texts.get(), by=people["author"])


def _scheduled(release, people):
    services.text_schedule(
        release.texts.get(),
        by=people["editor"],
        at=timezone.now() + datetime.timedelta(hours=3),
    )


STATES = {"in review": _in_review, "scheduled": _scheduled}


@pytest.fixture
def with_media(release, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.release_media_save(
        ReleaseImage(release=release, image=_png(), alt={"en": "A well"}), by=people["author"]
    )
    services.release_media_save(
        ReleaseAttachment(release=release, file=_pdf(), title="Report"),
        by=people["author"],
    )
    return release


@pytest.mark.parametrize("state", STATES)
def test_an_author_cannot_change_a_reviewed_release_through_the_services(state, with_media, people):
    release, author = with_media, people["author"]
    STATES[state](release, people)
    release.refresh_from_db()
    assert not selectors.can_change_release(author, release)
    release.issue_date = datetime.date(2023, 12, 1)
    with pytest.raises(PermissionDenied):
        services.release_update(release, by=author, changed=["issue_date"])
    with pytest.raises(PermissionDenied):
        services.release_update(release, by=author, categories=[make_category()])
    with pytest.raises(PermissionDenied):
        services.release_media_save(
            ReleaseImage(release=release, image=_png(), alt={"en": "Not reviewed"}), by=author
        )
    image = release.images.get()
    image.alt = {"en": "Changed after review"}
    with pytest.raises(PermissionDenied):
        services.release_media_save(image, by=author)
    with pytest.raises(PermissionDenied):
        services.release_media_delete(release.attachments.get(), by=author)
    release.refresh_from_db()
    assert release.issue_date == datetime.date(2023, 11, 4)
    assert not release.categories.exists()
    assert [image.alt["en"] for image in release.images.all()] == ["A well"]
    assert release.attachments.count() == 1


@pytest.mark.parametrize("state", STATES)
def test_an_author_gets_a_read_only_reviewed_release_in_the_admin(
    state, client, with_media, people
):
    release = with_media
    STATES[state](release, people)
    client.force_login(people["author"])
    url = f"/admin/newsroom/release/{release.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="issue_date"' not in page
    assert 'name="images-0-DELETE"' not in page
    image = release.images.get()
    removal = media_form(
        release,
        **{
            "issue_date": "2023-12-01",
            "images-INITIAL_FORMS": "1",
            "images-0-id": str(image.pk),
            "images-0-release": str(release.pk),
            "images-0-alt_en": "A well",
            "images-0-DELETE": "on",
        },
    )
    assert client.post(url, removal).status_code == 403
    release.refresh_from_db()
    assert release.issue_date == datetime.date(2023, 11, 4)
    assert release.images.count() == 1


def test_an_editor_may_still_change_a_scheduled_release_and_the_author_a_draft_one(
    with_media, people
):
    release = with_media
    category = make_category()
    services.release_update(release, by=people["author"], categories=[category])
    assert list(release.categories.all()) == [category]
    _scheduled(release, people)
    release.issue_date = datetime.date(2023, 11, 5)
    services.release_update(release, by=people["editor"], changed=["issue_date"])
    services.release_media_delete(release.attachments.get(), by=people["editor"])
    release.refresh_from_db()
    assert release.issue_date == datetime.date(2023, 11, 5)
    assert not release.attachments.exists()


def test_returned_to_draft_the_author_may_change_it_again(with_media, people):
    release = with_media
    _in_review(release, people)
    services.text_return(release.texts.get(), by=people["editor"])
    assert selectors.can_change_release(people["author"], release)
