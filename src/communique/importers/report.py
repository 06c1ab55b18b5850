"""The import report: one CSV row per page or post, and the summary of counts."""

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from communique.importers.services import STATUSES, Outcome

COLUMNS = (
    "source",
    "status",
    "office",
    "number",
    "language",
    "gregorian",
    "written_hijri",
    "computed_hijri",
    "days_off",
    "message",
)


def write_report(path: Path, outcomes: Iterable[Outcome]) -> None:
    """Write the CSV report (UTF-8, a header row, the columns of COLUMNS in that order)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for outcome in outcomes:
            row = [getattr(outcome, column) for column in COLUMNS]
            writer.writerow(["" if value is None else value for value in row])


def summary(outcomes: list[Outcome], statuses: Iterable[str] = STATUSES) -> str:
    """ "12 imported, 0 updated, 3 skipped, 1 failed (16 in all); 2 Hijri dates corrected"."""
    counts = Counter(outcome.status for outcome in outcomes)
    parts = [f"{counts.get(status, 0)} {status}" for status in statuses]
    corrected = sum(1 for outcome in outcomes if outcome.days_off)
    dates = "date" if corrected == 1 else "dates"
    return (
        f"{', '.join(parts)} ({len(outcomes)} in all); "
        f"{corrected} written Hijri {dates} differed from the computed one"
    )
