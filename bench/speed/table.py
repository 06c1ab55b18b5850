"""The benchmark's one table: each figure beside the limit (nginx static) and its target."""

import dataclasses
from collections.abc import Callable

from speed.wrk import Load

NOT_AVAILABLE = "not available"


@dataclasses.dataclass(frozen=True)
class Target:
    """A target as readers of the issue state it, and the test of a row against it."""

    text: str
    reached: Callable[["Row", float | None], bool]


def ratio_at_least(minimum: float, *, p99_ms: float | None = None) -> Target:
    text = f"≥ {minimum:g} × limit" + (f", p99 ≤ {p99_ms:g} ms" if p99_ms is not None else "")

    def reached(row: "Row", limit: float | None) -> bool:
        ratio = row.ratio(limit)
        fast = p99_ms is None or (row.load.p99_ms is not None and row.load.p99_ms <= p99_ms)
        return ratio is not None and ratio >= minimum and fast

    return Target(text, reached)


def rate_at_least(minimum: float, *, p99_ms: float) -> Target:
    def reached(row: "Row", limit: float | None) -> bool:
        return (
            row.load.rate >= minimum and row.load.p99_ms is not None and row.load.p99_ms <= p99_ms
        )

    return Target(f"≥ {minimum:,.0f} req/s, p99 ≤ {p99_ms:g} ms", reached)


def figure_at_most(maximum: float, unit: str, *, strict: bool = False) -> Target:
    def reached(row: "Row", limit: float | None) -> bool:
        if row.figure is None:
            return False
        return row.figure < maximum if strict else row.figure <= maximum

    return Target(f"{'<' if strict else '≤'} {maximum:g} {unit}", reached)


@dataclasses.dataclass(frozen=True)
class Row:
    """One line: a load measured by wrk, or a figure (seconds, MB), or why there is none."""

    what: str
    how: str = ""
    load: Load | None = None
    figure: float | None = None
    shown: str | None = None  # how a figure reads (`1.4 s`, `93 MB`), or why there is none
    target: Target | None = None

    def ratio(self, limit: float | None) -> float | None:
        if self.load is None or not limit:
            return None
        return self.load.rate / limit

    def cells(self, limit: float | None) -> list[str]:
        load = self.load
        if load is not None:
            value = f"{load.rate:,.0f} req/s"
            if load.errors:
                value += f" ({load.errors:,} error{'s' if load.errors > 1 else ''})"
        else:
            value = self.shown if self.shown is not None else NOT_AVAILABLE
        ratio = self.ratio(limit)
        measured = load is not None or self.figure is not None
        if self.target is None:
            reached = ""
        elif not measured:
            reached = "–"
        else:
            reached = "yes" if self.target.reached(self, limit) else "no"
        return [
            self.what,
            value,
            milliseconds(load.p50_ms) if load else "",
            milliseconds(load.p99_ms) if load else "",
            ratio_text(ratio),
            self.target.text if self.target else "",
            reached,
            self.how,
        ]


HEADER = ["what", "figure", "p50", "p99", "× limit", "target", "reached", "measured with"]


def ratio_text(ratio: float | None) -> str:
    """Three decimals, or two significant digits for what is far below the limit."""
    if ratio is None:
        return ""
    return f"{ratio:.3f}" if ratio >= 0.01 else f"{ratio:.2g}"


def milliseconds(value: float | None) -> str:
    if value is None:
        return ""
    if value < 1:
        return f"{value * 1000:.0f} µs"
    if value < 10:
        return f"{value:.2f} ms"
    return f"{value:,.0f} ms"


def render(rows: list[Row], *, limit: float | None) -> str:
    """The rows as a Markdown table, ratios against `limit` (nginx static's req/s)."""
    lines = [HEADER, *(row.cells(limit) for row in rows)]
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADER))]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
            + " |"
        )

    rule = "| " + " | ".join("-" * width for width in widths) + " |"
    return "\n".join([line(HEADER), rule, *(line(cells) for cells in lines[1:])])
