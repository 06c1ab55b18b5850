"""header_date.js shows exactly what header_line() would, from header_table()'s table.

The table is plain data and is tested without Node; the script itself is run under Node
when Node is installed (it is on the project's machines), and skipped otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from communique.calendar import (
    SUPPORTED_LANGUAGES,
    UMM_AL_QURA,
    HijriCalendar,
    header_line,
    header_table,
)

SCRIPT = Path(__file__).resolve().parents[2] / "src/communique/calendar/js/header_date.js"
UZBEKISTAN = HijriCalendar(
    {(1447, 9): date(2026, 2, 19), (1447, 10): date(2026, 3, 21), (1447, 11): date(2026, 4, 19)}
)
START, END = date(2025, 12, 1), date(2026, 12, 31)

RUN_IN_NODE = """
const api = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(([table, days]) => days.map((day) => api.headerLine(table, day)));
out.push(api.isoDateIn("Asia/Riyadh", new Date(Date.UTC(2024, 6, 23, 21, 30))));
process.stdout.write(JSON.stringify(out));
"""


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_the_table_is_compact_json_with_the_offices_month_starts():
    table = header_table(UZBEKISTAN, START, END, "en")
    assert json.loads(json.dumps(table)) == table
    assert [1447, 9, "2026-02-19"] in table["months"]
    assert table["months"][0] == [1447, 6, "2025-11-22"]
    assert table["end"] == UZBEKISTAN.month_start(1448, 8).isoformat()
    assert table["template"] == "{EEEE}, {d} {MMMM} {y} | {gy}/{gMM}/{gdd}"
    assert len(json.dumps(table, ensure_ascii=False)) < 1500


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_the_browser_shows_what_the_server_would_every_day_in_every_language():
    cases, expected = [], []
    window = days(START, END)
    for lang in SUPPORTED_LANGUAGES:
        for eastern in (False, True):
            table = header_table(UZBEKISTAN, START, END, lang, eastern_digits=eastern)
            # The table covers whole months: a day either side of them is the server's to show.
            first = date.fromisoformat(table["months"][0][2])
            after = date.fromisoformat(table["end"])
            checked = days(first, after - timedelta(days=1))
            outside = [first - timedelta(days=1), after]
            cases.append([table, [day.isoformat() for day in checked + outside]])
            expected.append(
                [header_line(day, lang, UZBEKISTAN, eastern_digits=eastern) for day in checked]
                + [None, None]
            )
            assert set(window) <= set(checked)
    result = subprocess.run(
        ["node", "-e", RUN_IN_NODE, str(SCRIPT)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    *lines, riyadh_date = json.loads(result.stdout)
    assert lines == expected
    assert riyadh_date == "2024-07-24"


def test_the_table_for_umm_al_qura_differs_from_an_offices():
    plain = header_table(UMM_AL_QURA, START, END, "en")
    assert [1447, 9, "2026-02-18"] in plain["months"]
    assert plain["months"] != header_table(UZBEKISTAN, START, END, "en")["months"]
