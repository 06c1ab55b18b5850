import datetime

import pytest
from django.utils import timezone

from communique.comments import selectors, services
from communique.comments.models import Comment
from communique.newsroom import services as newsroom_services
from tests.comments.conftest import post_comment
from tests.comments.rendered import Page

pytestmark = pytest.mark.django_db


def test_a_release_switched_to_closed_shows_no_form_and_refuses_comments(client, text, release):
    post_comment(client, text)
    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)

    services.release_comments_close(release)

    page = client.get(text.get_absolute_url())
    html = page.content.decode()
    assert "Comments on this release are closed." in html
    assert "Leave a comment" not in html
    assert [c.name for c in Page.of(page).comments] == ["Amina Rahimova"]  # still shown
    response = post_comment(client, text, email="late@example.org", comment="Too late?")
    assert response.status_code == 403
    assert "Comments on this release are closed." in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_closed_release_can_be_opened_again(client, text, release):
    services.release_comments_close(release)
    services.release_comments_close(release, closed=False)
    assert post_comment(client, text).status_code == 302


def test_comments_close_the_set_number_of_days_after_first_publication(text, release, settings):
    settings.COMMUNIQUE_COMMENTS_CLOSE_AFTER_DAYS = 30
    published = release.first_published_at
    assert selectors.comments_open(text, now=published + datetime.timedelta(days=29))
    assert not selectors.comments_open(text, now=published + datetime.timedelta(days=30))


def test_an_old_release_refuses_comments_when_the_site_closes_them_after_n_days(
    client, text, release, settings
):
    settings.COMMUNIQUE_COMMENTS_CLOSE_AFTER_DAYS = 14
    release.first_published_at = timezone.now() - datetime.timedelta(days=15)
    release.save(update_fields=["first_published_at"])

    assert (
        "Comments on this release are closed."
        in client.get(text.get_absolute_url()).content.decode()
    )
    assert post_comment(client, text).status_code == 403


def test_zero_days_means_comments_never_close(text, release, settings):
    settings.COMMUNIQUE_COMMENTS_CLOSE_AFTER_DAYS = 0
    far = release.first_published_at + datetime.timedelta(days=3650)
    assert selectors.comments_open(text, now=far)


def test_a_withdrawn_text_takes_no_comments(client, text):
    newsroom_services.text_withdraw(text)
    assert post_comment(client, text).status_code == 404
    text.refresh_from_db()
    assert not selectors.comments_open(text)


def test_a_draft_has_no_comment_form(client, office):
    from tests.factories import make_release

    draft = make_release(office)
    assert client.get(f"/en/comments/{draft.pk}/").status_code == 404
