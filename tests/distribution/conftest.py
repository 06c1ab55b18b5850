import datetime

import pytest
from django.utils import timezone

from communique.editorial import services as editorial
from communique.newsroom import services
from tests.factories import make_category, make_office, make_organisation, make_release, make_text


@pytest.fixture
def site(db):
    """An office with a published release in English (original) and Arabic, under a
    subcategory, and one of each text a reader must not see."""
    make_organisation()
    office = make_office(
        "uzbekistan",
        name={"en": "Uzbekistan Office", "ar": "مكتب أوزبكستان"},
        signature={"en": "Press Office of the Network in Tashkent", "ar": "المكتب الصحفي في طشقند"},
    )
    water = make_category("water", name={"en": "Water projects", "ar": "مشاريع المياه"})
    wells = make_category("wells", name={"en": "Wells", "ar": "الآبار"}, parent=water)
    release = make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        title="New well opens in Nukus",
        body="Clean water reached **three** villages.",
        categories=[wells],
        publish=True,
    )
    arabic = make_text(release, "ar", title="افتتاح بئر جديدة في نوكوس", publish=True)
    make_release(office, title="Draft about school kits")
    scheduled = make_release(office, title="Scheduled scholarship news", categories=[wells])
    scheduled_text = scheduled.texts.get()
    scheduled_text.status = scheduled_text.Status.SCHEDULED
    scheduled_text.scheduled_for = timezone.now() + datetime.timedelta(days=1)
    scheduled_text.save()
    future = make_release(office, title="Future winter kits appeal", categories=[water])
    services.text_publish(future.texts.get(), at=timezone.now() + datetime.timedelta(hours=3))
    withdrawn = make_release(office, title="Withdrawn pump notice", publish=True)
    services.text_withdraw(withdrawn.texts.get())
    return {
        "office": office,
        "water": water,
        "wells": wells,
        "release": release,
        "english": release.texts.get(language="en"),
        "arabic": arabic,
        "hidden_titles": [
            "Draft about school kits",
            "Scheduled scholarship news",
            "Future winter kits appeal",
        ],
        "withdrawn": withdrawn.texts.get(),
        "editorial": editorial,
    }
