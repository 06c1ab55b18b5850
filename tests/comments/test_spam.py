"""A flood of 1,000 spam posts: nothing of it reaches the page, and a reader still gets through."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communique.comments import services
from communique.comments.models import BlockRule, Comment
from tests.comments.conftest import form_data, token_for
from tests.comments.rendered import Page

pytestmark = pytest.mark.django_db

FLOOD = "Best offer on water pumps this week only, write to us for prices today"


def spam_posts(text, other_text):
    """(address, make_data) pairs of 1,000 posts the way robots send them.

    The data is made when the post is sent, so that "sent at once" means at once.
    """

    def post(n, **fields):
        fields = {
            "name": f"Seller {n}",
            "email": f"seller{n}@spam.example",
            "comment": f"Great article number {n}, thanks",
            **fields,
        }
        return lambda address: form_data(text, address=address, **fields)

    posts = []
    for n in range(200):  # robots filling in every field, the hidden one too
        posts.append((f"10.1.{n // 250}.{n % 250}", post(n, subject="Great offer")))
    for n in range(200, 400):  # sent the moment the page arrived
        posts.append((f"10.2.{n // 250}.{n % 250}", post(n, seconds_ago=0.2)))
    for n in range(400, 450):  # without a token, or a forged one
        posts.append((f"10.3.0.{n % 250}", post(n, token="WzEsMTcwMF0:forged:signature")))
    for n in range(450, 500):  # a token lifted from another release's form
        token = token_for(other_text)
        posts.append((f"10.3.1.{n % 250}", post(n, token=token)))
    for n in range(500, 650):  # link farms
        links = " ".join(f"https://pumps{i}.spam.example/{n}" for i in range(5))
        posts.append((f"10.4.{n // 250}.{n % 250}", post(n, comment=f"Visit {links}")))
    for n in range(650, 750):  # words on the block list
        posts.append((f"10.5.0.{n % 250}", post(n, comment=f"Buy a MIRACLE pump now {n}")))
    for n in range(750, 800):  # domains on the block list
        posts.append((f"10.5.1.{n % 250}", post(n, website=f"https://shop{n}.pumps-spam.example")))
    for n in range(800, 900):  # one text from rotating addresses: all but the first are duplicates
        posts.append((f"10.6.0.{n % 250}", post(n, comment=FLOOD)))
    for n in range(900, 1000):  # one address sending as fast as it may
        posts.append(("10.7.0.1", post(n, comment=f"Comment {n} about pumps for sale")))
    return posts


def test_a_thousand_spam_posts_leave_nothing_visible_and_the_reader_gets_through(
    client, text, office, settings
):
    from tests.factories import make_release

    # The robots that post "the moment the page arrived" are refused for filling the form
    # too fast; a generous minimum keeps that true however long a loaded machine stalls.
    settings.COMMUNIQUE_COMMENTS_MIN_FILL_SECONDS = 30
    other_text = make_release(office, publish=True).texts.get()
    BlockRule.objects.create(kind=BlockRule.Kind.PHRASE, value="miracle pump")
    BlockRule.objects.create(kind=BlockRule.Kind.DOMAIN, value="pumps-spam.example")
    posts = spam_posts(text, other_text)
    assert len(posts) == 1000

    def reader(address):
        return form_data(
            text,
            address=address,
            name="Dilnoza Karimova",
            email="dilnoza@example.org",
            comment="Our village's well now works all year. Thank you to the team!",
        )

    posts.insert(500, ("192.0.2.77", reader))
    url = f"/en/comments/{text.release_id}/"

    statuses = {}
    for address, make_data in posts:
        status = client.post(url, make_data(address), REMOTE_ADDR=address).status_code
        statuses[status] = statuses.get(status, 0) + 1

    assert 500 not in statuses
    assert set(statuses) <= {302, 400, 403, 409, 429}
    assert statuses[429] == 95  # the single address, after its first five
    # Through to the queue: the reader, the first copy of the flood and five from the fast sender.
    assert statuses[302] == 7
    queue = Comment.objects.filter(status=Comment.Status.PENDING)
    assert queue.filter(email="dilnoza@example.org").exists()
    assert queue.count() == 7

    page = client.get(text.get_absolute_url())
    assert Page.of(page).comments == []
    html = page.content.decode()
    assert "Seller" not in html and "Dilnoza" not in html and "pumps" not in html

    services.comments_moderate(queue.exclude(email="dilnoza@example.org"), status="spam")
    services.comments_moderate(queue.filter(email="dilnoza@example.org"), status="approved")
    shown = Page.of(client.get(text.get_absolute_url())).comments
    assert [comment.name for comment in shown] == ["Dilnoza Karimova"]


def test_a_refused_post_costs_a_fixed_number_of_queries(client, text):
    client.get(text.get_absolute_url())  # the process reads the reference data once
    with CaptureQueriesContext(connection) as captured:
        client.post(
            f"/en/comments/{text.release_id}/", form_data(text, subject="x"), REMOTE_ADDR="10.9.0.1"
        )
    # The counters of the two windows are rows (an atomic UPDATE each), the rest as before.
    assert len(captured) <= 20
