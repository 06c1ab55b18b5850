import time

import pytest

from communique.comments import abuse
from tests.factories import make_office, make_organisation, make_release

READER = {
    "name": "Amina Rahimova",
    "email": "amina@example.org",
    "website": "",
    "comment": "Thank you for the update on the wells.\nWill the pumps be serviced in spring?",
}


@pytest.fixture
def office():
    make_organisation()
    return make_office("uzbekistan", name={"en": "Uzbekistan Office"})


@pytest.fixture
def release(office):
    return make_release(office, title="New well brings clean water", publish=True)


@pytest.fixture
def text(release):
    return release.texts.get(language="en")


def token_for(text, *, seconds_ago: float = 60, address: str = "192.0.2.10") -> str:
    """A token as the form's script fetched it, `seconds_ago`, from `address`."""
    return abuse.form_token(
        release_id=text.release_id,
        language=text.language,
        address=abuse.hash_address(address),
        issued_at=time.time() - seconds_ago,
    )


def form_data(text, *, seconds_ago: float = 60, address: str = "192.0.2.10", **fields) -> dict:
    """What a person's browser sends: the fields, a token fetched a minute ago, an empty trap."""
    data = {**READER, **fields}
    data.setdefault("token", token_for(text, seconds_ago=seconds_ago, address=address))
    data.setdefault(abuse.HONEYPOT_FIELD, "")
    return data


def post_comment(client, text, *, address: str = "192.0.2.10", seconds_ago: float = 60, **fields):
    url = f"/{text.language}/comments/{text.release_id}/"
    data = form_data(text, seconds_ago=seconds_ago, address=address, **fields)
    return client.post(url, data, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """Rate limits count in fixed windows: a test's posts must not straddle a window's end."""
    started, check_rate = time.time(), abuse.check_rate
    monkeypatch.setattr(
        abuse,
        "check_rate",
        lambda address, now=None: check_rate(address, now=started if now is None else now),
    )
