"""The speed benchmark's own parts (bench/bench_speed.py), so that it cannot rot unnoticed."""

import datetime
import sys
from pathlib import Path

import pytest
from django.test import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from speed import generate, table, wrk  # noqa: E402

from communique import calendar  # noqa: E402
from communique.newsroom import selectors  # noqa: E402
from communique.newsroom.body import render_body  # noqa: E402
from communique.newsroom.models import Release, Text  # noqa: E402

# Recorded from wrk 4.1 on this project's benchmark (nginx serving a release page, then a 404).
REPORT = """\
Running 2s test @ http://127.0.0.1:8080/en/releases/2000/water-filters/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.91ms    5.98ms  63.48ms   87.45%
    Req/Sec     7.04k     7.50k   30.25k    85.00%
  Latency Distribution
     50%    3.10ms
     75%    7.72ms
     90%   11.75ms
     99%   28.03ms
  28489 requests in 2.07s, 394.01MB read
Requests/sec:  13731.07
Transfer/sec:    189.90MB
"""
REPORT_WITH_ERRORS = """\
Running 1s test @ http://127.0.0.1:8080/nothing-here/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.21ms    5.38ms  36.51ms   89.35%
    Req/Sec     5.74k     0.93k    6.85k    80.00%
  Latency Distribution
     50%  383.00us
     75%    7.34ms
     90%   10.75ms
     99%    1.02s
  11617 requests in 1.02s, 3.58MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 11617
Requests/sec:  11415.43
Transfer/sec:      3.52MB
"""


def test_a_wrk_report_gives_the_rate_and_the_median_and_99th_percentile_latency():
    load = wrk.parse(REPORT)

    assert load.rate == 13731.07
    assert (load.p50_ms, load.p99_ms) == (3.10, 28.03)
    assert (load.requests, load.seconds, load.errors) == (28489, 2.07, 0)


def test_a_wrk_report_counts_error_answers_and_socket_errors_in_any_unit():
    load = wrk.parse(REPORT_WITH_ERRORS)

    assert load.p50_ms == pytest.approx(0.383)
    assert load.p99_ms == pytest.approx(1020)
    assert (load.non_2xx, load.socket_errors) == (11617, 5)


def test_something_that_is_not_a_wrk_report_is_refused():
    with pytest.raises(ValueError, match="not a wrk report"):
        wrk.parse("unable to connect to 127.0.0.1:8080 Connection refused")


def test_the_rotation_script_asks_for_every_address_in_turn(tmp_path):
    script = wrk.rotation_script(["/en/releases/1/a/", '/ar/releases/2/"b"/'], tmp_path)

    source = script.read_text()
    assert '"/en/releases/1/a/"' in source
    assert '"/ar/releases/2/\\"b\\"/"' in source
    assert "function request()" in source


def test_the_table_puts_each_rate_beside_the_limit_and_says_whether_its_target_is_reached():
    limit = wrk.parse(REPORT)
    half = wrk.Load(requests=100, seconds=1, rate=limit.rate / 2, p50_ms=0.5, p99_ms=4.0)
    rows = [
        table.Row("nginx static (the limit)", load=limit),
        table.Row("cache hit", load=half, target=table.ratio_at_least(0.25, p99_ms=5)),
        table.Row("published page", shown="not available", target=table.ratio_at_least(0.8)),
        table.Row("memory", figure=160, shown="160 MB", target=table.figure_at_most(150, "MB")),
    ]

    text = table.render(rows, limit=limit.rate)

    lines = text.splitlines()
    assert lines[0].startswith("| what ")
    assert len({len(line) for line in lines}) == 1  # the columns line up
    limit_line, hit_line, published_line, memory_line = lines[2:]
    assert "13,731 req/s" in limit_line and "1.000" in limit_line and "28 ms" in limit_line
    assert "0.500" in hit_line and "500 µs" in hit_line and "| yes " in hit_line
    assert "not available" in published_line and "| – " in published_line
    assert "160 MB" in memory_line and "| no " in memory_line


def test_a_site_of_another_size_has_another_fingerprint():
    assert generate.fingerprint(10_000) == generate.fingerprint(10_000)
    assert generate.fingerprint(10_000) != generate.fingerprint(100_000)


@pytest.mark.django_db
def test_the_generated_releases_are_what_readers_pages_show():
    assert generate.add_releases(20, progress=lambda message: None) == 20

    releases = Release.objects.select_related("office").prefetch_related("categories")
    texts = Text.objects.select_related("release__office")
    assert releases.count() == 20
    assert selectors.public(texts).count() == texts.count() > 20
    assert {"en", "ar"} <= set(texts.values_list("language", flat=True))
    for release in releases:
        hijri = calendar.to_hijri(release.issue_date, release.office.calendar)
        assert (release.hijri_year, release.hijri_month, release.hijri_day) == (
            hijri.year,
            hijri.month,
            hijri.day,
        )
        assert release.number == release.format_number()
        assert release.categories.count() == 2
        assert release.texts.filter(is_original=True).count() == 1
    numbers = list(releases.values_list("office", "number_year", "number_seq"))
    assert len(set(numbers)) == len(numbers)
    for text in texts:
        assert text.body_html == render_body(text.body)
    english = texts.filter(language="en").values_list("body", flat=True)
    assert any("الماء" in body or "نعمل" in body for body in english)  # Arabic quoted in English

    newest = texts.filter(language="en").order_by("-published_at").first()
    client = Client(SERVER_NAME="127.0.0.1")
    page = client.get(newest.get_absolute_url())
    assert page.status_code == 200
    assert newest.title in page.content.decode()
    office = client.get(newest.release.office.get_absolute_url())
    assert office.status_code == 200
    assert newest.release.issue_date < datetime.date.today()


@pytest.mark.django_db
def test_the_addresses_the_benchmark_loads_are_public_pages():
    generate.add_releases(20, progress=lambda message: None)

    found = generate.addresses(6)

    client = Client(SERVER_NAME="127.0.0.1")
    assert len(found["releases"]) == 6
    assert len({path.split("/")[1] for path in found["releases"]}) > 1  # several languages
    for path in [found["release"], *found["releases"], found["home"], found["feed"]]:
        assert client.get(path).status_code == 200, path
    assert found["title"] in client.get(found["release"]).content.decode()
