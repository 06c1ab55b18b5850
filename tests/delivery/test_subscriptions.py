"""A reader subscribes, confirms by e-mail, changes their choices and unsubscribes, and a
stranger learns nothing about who is subscribed."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from communique.delivery.mail import services
from communique.delivery.mail.models import Message, Subscriber
from communique.delivery.mail.views import FORM_SALT
from communique.editorial import services as editorial
from tests.delivery.conftest import make_subscriber
from tests.factories import make_category, make_release

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://news\.example\.org(/[a-z]{2}/subscribe/[a-z]+/[^/\s\"<>]+/)")


@pytest.fixture(autouse=True)
def _quick_readers(settings):
    settings.COMMUNIQUE_MAIL_MIN_FILL_SECONDS = 1


def form_token(age: float = 5) -> str:
    return signing.dumps([int(time.time() - age), "n"], salt=FORM_SALT)


def subscribe(client, email="Amina@Example.org ", **fields):
    data = {"email": email, "language": "en", "frequency": "immediate", "token": form_token()}
    data.update(fields)
    return client.post(reverse("delivery:subscribe"), data)


def link_in(smtp, address, kind) -> str:
    [message] = [m for m in smtp.mailbox.to(address) if f"/subscribe/{kind}/" in str(m)]
    return LINK.search(smtp.mailbox.text(message)).group(1) if kind != "unsubscribe" else None


def test_the_subscribe_page_is_linked_from_office_and_category_pages(client, office):
    category = make_category("water")
    make_release(office, categories=[category], publish=True)
    for page in (office.get_absolute_url(), category.get_absolute_url()):
        html = client.get(page).content.decode()
        assert reverse("delivery:subscribe") in html
        assert "Receive these releases by e-mail" in html
    form = client.get(f"{reverse('delivery:subscribe')}?office={office.pk}").content.decode()
    assert re.search(rf'value="{office.pk}" checked', form)


def test_a_reader_subscribes_confirms_and_then_receives_releases(client, smtp, office, editor):
    response = subscribe(client, offices=[office.pk], frequency="immediate")
    assert response.status_code == 302
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "amina@example.org"  # stored once, normalised
    assert subscriber.confirmed_at is None
    services.deliver()
    [confirmation] = smtp.mailbox.to("amina@example.org")
    assert confirmation["Subject"] == "Please confirm your subscription"
    confirm = LINK.search(smtp.mailbox.text(confirmation)).group(1)
    assert "/subscribe/confirm/" in confirm

    publish_before = make_release(office).texts.get()
    editorial.text_publish(publish_before, by=editor)
    services.deliver()
    assert len(smtp.mailbox.to("amina@example.org")) == 1  # nothing before confirming

    page = client.get(confirm)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None  # a link scanner confirms nothing
    response = client.post(confirm)
    assert response.status_code == 302
    assert "Your subscription is confirmed" in client.get(response["Location"]).content.decode()
    editorial.text_publish(make_release(office).texts.get(), by=editor)
    services.deliver()
    assert len(smtp.mailbox.to("amina@example.org")) == 2


def test_the_answer_is_the_same_for_an_address_already_subscribed(client, smtp, office):
    subscriber = make_subscriber("amina@example.org", language="en")
    new = subscribe(client, email="new@example.org")
    known = subscribe(client, email="AMINA@example.org", language="ru")
    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    services.deliver()
    [manage] = smtp.mailbox.to("amina@example.org")
    assert "already receives" in smtp.mailbox.text(manage)
    assert "/subscribe/manage/" in smtp.mailbox.text(manage)
    subscriber.refresh_from_db()
    assert subscriber.language == "en"  # a stranger cannot change a confirmed subscription
    assert Subscriber.objects.count() == 2


def test_the_same_address_sent_again_soon_gets_one_email(client, smtp, office):
    subscribe(client)
    subscribe(client)
    assert Message.objects.filter(kind="confirmation").count() == 1


def test_a_confirmation_link_expires(client, office, settings):
    subscriber = make_subscriber("amina@example.org", confirmed=False)
    from communique.delivery.mail import selectors

    token = selectors.token_for(subscriber, salt=selectors.CONFIRM_SALT)
    settings.COMMUNIQUE_MAIL_CONFIRM_MAX_AGE_SECONDS = -1
    response = client.post(reverse("delivery:confirm", kwargs={"token": token}))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_a_mistake_keeps_what_was_typed_and_says_what_is_wrong(client, office):
    response = subscribe(client, email="amina@", kinds=["statement", "no-such-kind"])
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="amina@"' in html
    assert "Enter a valid email address." in html
    assert "Select a valid choice." in html
    assert not Subscriber.objects.exists()


def test_robots_are_turned_away_calmly(client, office, settings):
    settings.COMMUNIQUE_MAIL_MIN_FILL_SECONDS = 30  # "quick" even on a slow machine
    trap = subscribe(client, website="http://spam.example")
    quick = subscribe(client, token=form_token(age=0))
    forged = subscribe(client, token="forged")
    for response in (trap, quick, forged):
        assert response.status_code == 400
        assert 'value="Amina@Example.org "' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_too_many_forms_from_one_address_are_refused(client, office, settings):
    settings.COMMUNIQUE_MAIL_RATE_LIMITS = [(2, 600)]
    statuses = [subscribe(client, email=f"r{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_the_manage_page_changes_choices_and_cancels_everything(client, smtp, office):
    water = make_category("water")
    subscribe(client)
    services.deliver()
    client.post(LINK.search(smtp.mailbox.text(smtp.mailbox.received[0])).group(1))
    subscriber = Subscriber.objects.get()
    from communique.delivery.mail import selectors

    manage = reverse(
        "delivery:manage",
        kwargs={"token": selectors.token_for(subscriber, salt=selectors.MANAGE_SALT)},
    )
    response = client.post(
        manage, {"language": "ru", "frequency": "daily", "categories": [water.pk]}
    )
    assert "Your choices are saved." in response.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("ru", "daily")
    assert list(subscriber.categories.all()) == [water]
    bad = client.post(manage, {"language": "xx", "frequency": "daily"})
    assert bad.status_code == 400
    client.post(manage, {"unsubscribe": "1"})
    assert not Subscriber.objects.exists()
    assert client.get(manage).status_code == 404


def test_one_click_unsubscribe_by_the_header_needs_no_csrf_token(smtp, office, editor):
    from django.test import Client

    make_subscriber("amina@example.org")
    editorial.text_publish(make_release(office).texts.get(), by=editor)
    services.deliver()
    [message] = smtp.mailbox.to("amina@example.org")
    address = message["List-Unsubscribe"].strip().strip("<>")
    path = address.removeprefix("https://news.example.org")
    client = Client(enforce_csrf_checks=True)
    form = "application/x-www-form-urlencoded"  # what RFC 8058 has mail clients send
    response = client.post(path, "List-Unsubscribe=One-Click", content_type=form)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    again = client.post(path, "List-Unsubscribe=One-Click", content_type=form)
    assert again.status_code == 200


def test_unsubscribe_by_the_link_in_the_message(client, smtp, office, editor):
    make_subscriber("amina@example.org")
    editorial.text_publish(make_release(office).texts.get(), by=editor)
    services.deliver()
    [message] = smtp.mailbox.to("amina@example.org")
    path = re.search(r"https://news\.example\.org(/en/subscribe/unsubscribe/[^/\s]+/)",
                     smtp.mailbox.text(message)).group(1)  # fmt: skip
    page = client.get(path)
    assert page.status_code == 200 and Subscriber.objects.exists()
    assert "You are unsubscribed" in client.post(path).content.decode()
    assert not Subscriber.objects.exists()


def test_forged_and_odd_links_get_a_calm_404(client, office):
    for token in ("x", "WzEsImEiXQ:forged:sig", "%00" * 50, "a" * 500):
        for name in ("confirm", "manage", "unsubscribe"):
            response = client.get(f"/en/subscribe/{name}/{token}/")
            assert response.status_code in (404,), (name, token)
