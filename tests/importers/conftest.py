import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
BROKEN = FIXTURES / "broken"
EXPORT = FIXTURES / "export.wxr"
MAPPING = FIXTURES / "mapping.toml"


class Run:
    """What one `communique import …` printed and reported."""

    def __init__(self, out: str, rows: list[dict]):
        self.out, self.rows = out, rows
        self.by_source = {row["source"]: row for row in rows}

    def statuses(self) -> dict[str, str]:
        return {row["source"]: row["status"] for row in self.rows}


@pytest.fixture
def run_import(tmp_path):
    """Run the import command with a report; return what it printed and reported."""
    counter = iter(range(1000))

    def run(*args) -> Run:
        report = tmp_path / f"report-{next(counter)}.csv"
        out = StringIO()
        call_command(
            "import", *map(str, args), "--report", str(report), stdout=out, stderr=StringIO()
        )
        with report.open(encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
        return Run(out.getvalue(), rows)

    return run


@pytest.fixture
def archive(tmp_path) -> Path:
    """A writable copy of the saved pages."""
    copy = tmp_path / "archive"
    shutil.copytree(PAGES, copy)
    return copy
