"""Print how many dates per second communique.calendar converts and formats (1M dates).

    python bench/bench_calendar.py [N]

Figures only, never an assertion: list pages convert many dates, and later work needs
to know the cost. hijridate's own conversion is printed alongside for scale.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

try:
    import communique.calendar  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hijridate import Gregorian

from communique.calendar import (
    SUPPORTED_RANGE,
    UMM_AL_QURA,
    HijriCalendar,
    header_line,
    hijri_line,
    parse_hijri,
)


def local_calendar() -> HijriCalendar:
    """An office that sighted Ramadan and Shawwal a day late over 30 years, where the
    month-length rule allows it (a few dozen overrides)."""
    overrides = {}
    for year in range(1420, 1450):
        for month in (9, 10):
            overrides[(year, month)] = UMM_AL_QURA.month_start(year, month) + timedelta(days=1)
    try:
        return HijriCalendar(overrides, name="bench")
    except ValueError:  # a month length refused: keep the ones that fit, one by one
        accepted: dict[tuple[int, int], date] = {}
        for key, start in overrides.items():
            try:
                HijriCalendar({**accepted, key: start})
            except ValueError:
                continue
            accepted[key] = start
        return HijriCalendar(accepted, name="bench")


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:<44} {count / seconds:>12,.0f} /s   ({count:,} in {seconds:.2f} s)")


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1_000_000
    first, last = (day.toordinal() for day in SUPPORTED_RANGE)
    rng = random.Random(8)
    days = [date.fromordinal(rng.randint(first, last)) for _ in range(count)]
    local = local_calendar()
    print(
        f"communique.calendar on Python {sys.version.split()[0]}: {count:,} random dates "
        f"in {SUPPORTED_RANGE}; office calendar with {len(local.overrides)} overrides"
    )

    for name, calendar in (("Umm al-Qura", UMM_AL_QURA), ("with overrides", local)):
        convert = calendar.to_hijri
        start = time.perf_counter()
        hijri = [convert(day) for day in days]
        rate(f"to_hijri ({name})", count, time.perf_counter() - start)

        back = calendar.to_gregorian
        start = time.perf_counter()
        for h in hijri:
            back(h.year, h.month, h.day)
        rate(f"to_gregorian ({name})", count, time.perf_counter() - start)

    sample = days[: max(1, count // 10)]
    start = time.perf_counter()
    for day in sample:
        Gregorian.fromdate(day).to_hijri()
    rate("hijridate Gregorian.to_hijri (for scale)", len(sample), time.perf_counter() - start)

    for lang in ("en", "ar"):
        start = time.perf_counter()
        for day in sample:
            header_line(day, lang)
        rate(f"header_line ({lang})", len(sample), time.perf_counter() - start)
    start = time.perf_counter()
    for day in sample:
        hijri_line(day, "ru", local)
    rate("hijri_line (ru, with overrides)", len(sample), time.perf_counter() - start)

    texts = [f"{h.day} Rabi' II {h.year}" for h in hijri[: len(sample)] if h.day <= 29]
    start = time.perf_counter()
    for text in texts:
        parse_hijri(text)
    rate('parse_hijri ("20 Rabi\' II 1445")', len(texts), time.perf_counter() - start)
    start = time.perf_counter()
    HijriCalendar(local.overrides)
    print(f"{'building the office calendar':<44} {(time.perf_counter() - start) * 1e3:>12.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
