"""Shared fixtures of the calendar tests, which need neither Django nor Node nor a network."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

try:
    import communique.calendar  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))


def read_month_starts(name: str) -> dict[tuple[int, int], date]:
    """Read a fixture CSV of (Hijri year, month, first Gregorian day); # lines are comments."""
    with (FIXTURES / name).open(encoding="utf-8") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        return {
            (int(row["hijri_year"]), int(row["hijri_month"])): date.fromisoformat(
                row["gregorian_date"]
            )
            for row in rows
        }


@pytest.fixture(autouse=True)
def _isolated_site():
    """Replaces tests/conftest.py's Django settings fixture: these tests use no Django, and
    run with `-p no:django` too."""


@pytest.fixture(scope="session")
def moment_hijri_starts() -> dict[tuple[int, int], date]:
    return read_month_starts("moment_hijri_month_starts.csv")


@pytest.fixture(scope="session")
def icu_window_starts() -> dict[tuple[int, int], date]:
    return read_month_starts("icu_month_starts.csv")


@pytest.fixture(scope="session")
def icu_full_starts() -> dict[tuple[int, int], date]:
    return read_month_starts("icu_month_starts_1343_1500.csv")
