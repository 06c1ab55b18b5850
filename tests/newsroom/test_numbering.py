import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from communique.newsroom import services
from communique.newsroom.models import Office, Release
from communique.newsroom.numbering import format_number, validate_number_format
from tests.factories import make_office, make_release, make_text

pytestmark = pytest.mark.django_db


def test_a_draft_release_has_no_number():
    release = make_release()
    assert release.number is None


def test_first_publication_gives_the_first_number_of_the_hijri_year():
    office = make_office(number_format="{hyear} / {seq:02}")
    release = make_release(office, issue_date=datetime.date(2023, 11, 4), publish=True)
    release.refresh_from_db()
    assert release.number == "1445 / 01"


def test_second_release_in_the_same_hijri_year_gets_the_next_number():
    office = make_office()
    make_release(office, issue_date=datetime.date(2023, 11, 4), publish=True)
    second = make_release(office, issue_date=datetime.date(2023, 12, 1), publish=True)
    second.refresh_from_db()
    assert second.number == "1445 / 02"


def test_numbering_starts_again_in_a_new_hijri_year():
    office = make_office()
    make_release(
        office, issue_date=datetime.date(2024, 7, 6), publish=True
    )  # 30 Dhu al-Hijjah 1445
    new_year = make_release(
        office, issue_date=datetime.date(2024, 7, 7), publish=True
    )  # 1 Muharram 1446
    new_year.refresh_from_db()
    assert (new_year.number_year, new_year.number_seq) == (1446, 1)


def test_offices_count_separately():
    first, second = make_office(), make_office()
    make_release(first, publish=True)
    other = make_release(second, publish=True)
    other.refresh_from_db()
    assert other.number_seq == 1


def test_publishing_a_translation_later_keeps_the_number():
    release = make_release(publish=True)
    number = Release.objects.get(pk=release.pk).number
    make_text(release, "ar", publish=True)
    assert Release.objects.get(pk=release.pk).number == number


def test_a_withdrawn_release_keeps_its_number_and_it_is_never_given_again():
    office = make_office()
    first = make_release(office, publish=True)
    services.text_withdraw(first.texts.get())
    second = make_release(office, publish=True)
    assert Release.objects.get(pk=first.pk).number_seq == 1
    assert Release.objects.get(pk=second.pk).number_seq == 2


def test_the_office_format_shapes_the_number():
    office = make_office(number_format="{seq:02}/{hyear2}")
    release = make_release(office, issue_date=datetime.date(2015, 11, 20), publish=True)
    assert Release.objects.get(pk=release.pk).number == "01/37"


def test_the_database_refuses_a_duplicate_number():
    office = make_office()
    make_release(office, publish=True)
    duplicate = make_release(office)
    duplicate.number_year, duplicate.number_seq = 1445, 1
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    ("number_format", "message"),
    [
        ("{hyear}", "must contain {seq}"),
        ("No. {year}/{seq}", "Unknown field {year}"),
        ("{seq:02", "not valid"),
        ("{seq:xyz}", "not valid"),
    ],
)
def test_a_number_format_without_a_usable_seq_is_refused_with_a_clear_message(
    number_format, message
):
    with pytest.raises(ValidationError) as error:
        validate_number_format(number_format)
    assert message in " ".join(error.value.messages)
    office = Office(slug="bad", name={"en": "Bad"}, number_format=number_format)
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "number_format" in error.value.message_dict


def test_changing_the_office_format_keeps_numbers_already_given():
    office = make_office(number_format="{hyear} / {seq:02}")
    first = make_release(office, issue_date=datetime.date(2023, 11, 4), publish=True)
    office.number_format = "{seq:02}/{hyear2}"
    office.save()
    second = make_release(
        Office.objects.get(pk=office.pk), issue_date=datetime.date(2023, 11, 5), publish=True
    )
    assert Release.objects.get(pk=first.pk).number == "1445 / 01"
    assert Release.objects.get(pk=second.pk).number == "02/45"


def test_format_number_two_digit_year():
    assert format_number("{seq:02}/{hyear2}", hyear=1437, seq=1, gyear=2015) == "01/37"
    assert format_number("{hyear} / {seq:02}", hyear=1445, seq=3, gyear=2023) == "1445 / 03"


@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_publishes_get_two_hundred_consecutive_numbers():
    office = make_office()
    releases = [make_release(office, issue_date=datetime.date(2024, 1, 10)) for _ in range(200)]
    errors = []
    start = threading.Barrier(8)

    def publish(chunk):
        try:
            start.wait()
            for release in chunk:
                services.release_publish(release)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(releases[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Release.objects.filter(office=office).values_list("number_seq", flat=True))
    assert numbers == list(range(1, 201))
