import time

import pytest
from django.test import RequestFactory

from communique.comments import abuse
from communique.comments.models import BlockRule, Comment
from tests.comments.conftest import post_comment, token_for
from tests.comments.rendered import Page

pytestmark = pytest.mark.django_db


def refused(response, status: int, words: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    assert 'role="alert"' in html
    assert Page.of(response).textarea("comment").startswith("Thank you for the update")


# The honeypot and the minimum fill time ----------------------------------------------------


def test_a_filled_in_hidden_field_is_refused_calmly_and_the_text_kept(client, text):
    response = post_comment(client, text, subject="Great offer")
    refused(response, 400, "Leave this field empty")
    assert Comment.objects.count() == 0


def test_a_form_sent_faster_than_a_person_writes_is_refused(client, text):
    response = post_comment(client, text, seconds_ago=0.5)
    refused(response, 400, "That was quick!")
    assert Comment.objects.count() == 0


def test_the_minimum_fill_time_is_a_setting(client, text, settings):
    settings.COMMUNIQUE_COMMENTS_MIN_FILL_SECONDS = 0
    assert post_comment(client, text, seconds_ago=0).status_code == 302


def test_a_refused_form_comes_back_without_a_token_and_its_script_fetches_one(client, text):
    token = token_for(text, seconds_ago=0.5)
    response = post_comment(client, text, token=token)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="token" value=""' in html  # the refusal page hands out none
    assert f'data-token-url="/en/comments/{text.release_id}/token"' in html
    address = abuse.hash_address("192.0.2.10")
    with pytest.raises(abuse.Refusal):  # still too soon
        abuse.check_token(token, release_id=text.release_id, language="en", address=address)
    # The refused token was not spent: sent again after a pause, it carries the comment.
    abuse.check_token(
        token, release_id=text.release_id, language="en", address=address, now=time.time() + 5
    )


def test_a_missing_forged_expired_or_borrowed_token_is_refused(client, text, office):
    from tests.factories import make_release

    other = make_release(office, publish=True).texts.get()
    week_old = token_for(text, seconds_ago=8 * 24 * 3600)
    for token, words in [
        ("", "could not be checked"),
        ("WzEsMTcwMF0:1xX5nW:forged", "could not be checked"),
        (token_for(other), "could not be checked"),
        (week_old, "has expired"),
    ]:
        refused(post_comment(client, text, token=token), 400, words)
    assert Comment.objects.count() == 0


# Rate limits ----------------------------------------------------------------------------------


def test_an_address_may_post_five_times_in_ten_minutes_then_is_asked_to_wait(client, text):
    for index in range(5):
        response = post_comment(
            client, text, email=f"r{index}@example.org", comment=f"Note {index}"
        )
        assert response.status_code == 302

    response = post_comment(client, text, email="r5@example.org", comment="Note 5")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 601
    assert "Please wait a while" in response.content.decode()
    assert Page.of(response).textarea("comment") == "Note 5"
    # Someone else is not held up.
    assert post_comment(client, text, address="192.0.2.99", comment="Note 6").status_code == 302


def test_refused_posts_count_towards_the_limit(client, text):
    for _ in range(5):
        post_comment(client, text, subject="robot")
    assert post_comment(client, text).status_code == 429


def test_the_limit_lifts_when_the_window_has_passed():
    address = "a" * 64
    now = 1_700_000_000.0
    for _ in range(5):
        abuse.check_rate(address, now=now)
    with pytest.raises(abuse.Refusal) as refusal:
        abuse.check_rate(address, now=now + 1)
    assert refusal.value.status == 429
    abuse.check_rate(address, now=now + 600)


def test_the_day_limit_holds_across_ten_minute_windows(settings):
    address = "b" * 64
    start = 1_700_006_400.0  # the start of a day window
    for window in range(4):
        for _ in range(5):
            abuse.check_rate(address, now=start + window * 600)
    with pytest.raises(abuse.Refusal):
        abuse.check_rate(address, now=start + 4 * 600)


def test_addresses_are_kept_only_as_salted_hashes(client, text):
    post_comment(client, text, address="192.0.2.10")
    comment = Comment.objects.get()
    assert len(comment.address_hash) == 64
    assert "192.0.2.10" not in comment.address_hash
    assert "192.0.2.10" not in str(Comment.objects.values().get())


def test_one_ipv6_network_counts_as_one_reader():
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="2001:db8:1:2::1")
    second = factory.post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    elsewhere = factory.post("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert abuse.address_hash(first) == abuse.address_hash(second)
    assert abuse.address_hash(first) != abuse.address_hash(elsewhere)


def test_behind_a_proxy_the_configured_header_names_the_reader(settings):
    settings.COMMUNIQUE_COMMENTS_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    factory = RequestFactory()
    one = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="192.0.2.1")
    two = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="192.0.2.2")
    assert abuse.address_hash(one) != abuse.address_hash(two)


# What a comment says -------------------------------------------------------------------------


def test_more_than_two_links_are_refused_and_two_are_fine(client, text):
    three = "See https://a.example/1 and www.b.example and http://c.example/x"
    refused_response = post_comment(client, text, comment=f"Thank you for the update. {three}")
    refused(refused_response, 400, "at most 2 web addresses")

    two = "Thank you for the update. See https://a.example/1 and www.b.example"
    assert post_comment(client, text, comment=two).status_code == 302


def test_the_same_comment_twice_is_refused_as_a_duplicate(client, text):
    assert post_comment(client, text).status_code == 302
    again = "  THANK YOU for the update on the wells.\nWill the pumps be serviced in spring?  "

    response = post_comment(client, text, comment=again)

    assert response.status_code == 409
    assert "has been sent already" in response.content.decode()
    assert Page.of(response).textarea("comment") == again
    assert Comment.objects.count() == 1


def test_a_long_comment_copied_by_other_senders_is_a_flood(client, text, office):
    from tests.factories import make_release

    other = make_release(office, publish=True).texts.get()
    assert post_comment(client, text).status_code == 302
    response = post_comment(client, other, email="other@example.org", address="192.0.2.200")
    assert response.status_code == 409


def test_two_readers_may_both_say_thank_you(client, text):
    assert post_comment(client, text, comment="Thank you!").status_code == 302
    assert (
        post_comment(
            client, text, comment="Thank you!", email="b@example.org", address="192.0.2.201"
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("kind", "value", "fields"),
    [
        (BlockRule.Kind.PHRASE, "Miracle Pump", {"comment": "Buy a miracle   PUMP today"}),
        (BlockRule.Kind.PHRASE, "casino", {"name": "Casino King"}),
        (BlockRule.Kind.EMAIL, "Spammer@Example.org", {"email": "spammer@example.org"}),
        (BlockRule.Kind.DOMAIN, "spam.example", {"email": "x@mail.spam.example"}),
        (BlockRule.Kind.DOMAIN, "@spam.example", {"website": "https://www.spam.example/"}),
        (
            BlockRule.Kind.DOMAIN,
            "spam.example",
            {"comment": "Thank you for the update https://spam.example/p"},
        ),
    ],
)
def test_the_block_list_refuses_what_administrators_listed(client, text, kind, value, fields):
    BlockRule.objects.create(kind=kind, value=value)
    response = post_comment(client, text, **fields)
    assert response.status_code == 403
    assert "does not accept this comment" in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_domain_on_the_block_list_does_not_block_lookalikes(client, text):
    BlockRule.objects.create(kind=BlockRule.Kind.DOMAIN, value="spam.example")
    assert post_comment(client, text, email="reader@notspam.example").status_code == 302


def test_a_blocked_network_address_is_refused(client, text):
    assert post_comment(client, text).status_code == 302
    BlockRule.objects.create(kind=BlockRule.Kind.ADDRESS, value=Comment.objects.get().address_hash)
    response = post_comment(client, text, comment="Another one.", email="new@example.org")
    assert response.status_code == 403


def test_no_refusal_is_a_server_error(client, text):
    BlockRule.objects.create(kind=BlockRule.Kind.PHRASE, value="pump")
    for fields in (
        {"subject": "x"},
        {"seconds_ago": 0},
        {"token": "\x00not-a-token"},
        {"comment": "pump"},
        {"comment": "x" * 100_000},
        {"name": "\x00"},
        {"email": "@"},
        {"website": "javascript:alert(1)"},
    ):
        response = post_comment(client, text, address="192.0.2.150", **fields)
        assert 400 <= response.status_code < 500, fields
    assert client.post(f"/en/comments/{text.release_id}/", {}).status_code == 400
