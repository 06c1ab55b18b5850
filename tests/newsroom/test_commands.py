import pytest
from django.core.management import call_command

from communique.newsroom.models import Office, Release, Text


@pytest.mark.django_db
def test_demo_loads_a_fictional_network_and_is_idempotent(capsys):
    call_command("demo")
    first = (Office.objects.count(), Release.objects.count(), Text.objects.count())
    assert first[0] == 5
    assert 55 <= first[1] <= 65
    assert set(Text.objects.values_list("language", flat=True)) == {"ar", "en", "ru", "uz"}
    years = sorted(set(Release.objects.values_list("hijri_year", flat=True)))
    assert len(years) in (3, 4) and years == list(range(years[0], years[-1] + 1))
    call_command("demo")
    assert (Office.objects.count(), Release.objects.count(), Text.objects.count()) == first
    assert "Demo ready" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_numbers_follow_each_office_format():
    call_command("demo")
    numbered = Release.objects.filter(number_seq=1).select_related("office")
    numbers = {(release.office.slug, release.number_year): release.number for release in numbered}
    year = max(year for _slug, year in numbers)
    assert numbers["uzbekistan", year] == f"{year} / 01"
    assert numbers["kyrgyzstan", year] == f"01/{year % 100:02}"


def run_cli(*args):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "communique.cli", "date", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_date_command_prints_the_header_line():
    result = run_cli("2024-07-24", "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.strip() == "Wednesday, 18 Muharram 1446 | 2024/07/24"


def test_date_command_converts_a_hijri_date():
    result = run_cli("--hijri", "1445-04-20")
    assert result.returncode == 0
    assert "2023-11-04" in result.stdout


def test_date_command_rejects_bad_input_with_one_line_and_status_2():
    result = run_cli("2024-13-45")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
def test_date_command_shows_today_in_the_organisations_reference_zone(capsys):
    from communique import calendar
    from communique.newsroom.management.commands.date import Command
    from tests.factories import make_organisation

    # At any moment Kiritimati (UTC+14) or Pago Pago (UTC-11) is on another date than Makkah:
    # the organisation takes that one, so the line shown says which zone the command used.
    makkah = calendar.today("Asia/Riyadh")
    zone = next(
        z for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago") if calendar.today(z) != makkah
    )
    make_organisation(clock_time_zone=zone)
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["communique", "date", "--lang", "en"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out.strip()
    assert shown == calendar.header_line(calendar.today(zone), "en")
    assert shown != calendar.header_line(makkah, "en")
