"""A comment form's token is the reader's own: fetched on each page load, used once.

Before, the token was printed into the cached release page (shared by every reader, valid for
a week) and the refusal page printed a fresh one for any release id: a script could post at
will. Now the page carries none, the form's script fetches one from an uncached address, it is
bound to the reader's address, and it carries one comment.
"""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from communique.comments import abuse
from communique.comments.models import Comment
from communique.newsroom import page_cache
from tests.comments.conftest import form_data, post_comment, token_for

pytestmark = pytest.mark.django_db


def test_the_cached_release_page_carries_no_token_and_says_where_to_fetch_one(
    client, text, settings
):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    page_cache.pages_changed()
    first = client.get(text.get_absolute_url()).content.decode()
    second = client.get(text.get_absolute_url()).content.decode()
    assert first == second  # one page for every reader, cacheable
    assert 'name="token" value=""' in first
    assert f'data-token-url="/en/comments/{text.release_id}/token"' in first
    assert "comments/comments.js" in first


def test_each_page_load_fetches_a_token_of_its_own_from_an_uncached_address(client, text):
    url = f"/en/comments/{text.release_id}/token"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"] or "no-store" in first["Cache-Control"]
    assert first.json()["token"] != second.json()["token"]


def test_no_token_is_handed_out_for_a_release_without_a_public_text(client, office):
    from tests.factories import make_release

    draft = make_release(office, title="Not yet public")
    assert client.get(f"/en/comments/{draft.pk}/token").status_code == 404
    assert client.get("/en/comments/999999/token").status_code == 404


def test_a_token_carries_one_comment_only(client, text):
    token = token_for(text)
    assert post_comment(client, text, token=token).status_code == 302
    again = post_comment(client, text, token=token, comment="A second note, quite different.")
    assert again.status_code == 409
    assert "reload the page" in again.content.decode()
    assert Comment.objects.count() == 1


def test_a_token_fetched_by_one_reader_does_not_work_for_another(client, text):
    lifted = token_for(text, address="198.51.100.7")
    response = post_comment(client, text, token=lifted, address="203.0.113.9")
    assert response.status_code == 400
    assert "could not be checked" in response.content.decode()
    assert Comment.objects.count() == 0


def test_the_minimum_fill_time_counts_from_the_page_load(client, text):
    response = post_comment(client, text, seconds_ago=0.2)
    assert response.status_code == 400
    assert "That was quick" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_same_token_posted_at_once_from_many_tabs_carries_one_comment(text):
    token = token_for(text)
    statuses, start = [], threading.Barrier(5)  # the rate limit's five

    def post(n):
        client = Client(raise_request_exception=False)
        data = form_data(text, token=token, email=f"tab{n}@example.org", comment=f"Tab {n} says hi")
        try:
            start.wait()
            url = f"/en/comments/{text.release_id}/"
            statuses.append(client.post(url, data, REMOTE_ADDR="192.0.2.10").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [409] * 4
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(3))
def test_the_rate_limit_is_exact_under_simultaneous_posts_on_the_file_cache(
    run, settings, tmp_path, text
):
    """Twelve posts at once from one address, with a limit of five: exactly five get through."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.COMMUNIQUE_COMMENTS_RATE_LIMITS = [(5, 600)]
    now = time.time()
    counted, start = [], threading.Barrier(12)

    def post():
        try:
            start.wait()
            abuse.check_rate("same-reader", now=now)
            counted.append("through")
        except abuse.Refusal:
            counted.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counted.count("through") == 5
    assert counted.count("refused") == 7
