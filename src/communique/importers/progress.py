"""A one-line progress bar on a terminal (silent when the output is not one)."""

import sys
from typing import TextIO


class ProgressBar:
    """`[#########           ]  45% 900/2000 reading`, redrawn when the percentage moves."""

    def __init__(self, total: int, label: str, *, stream: TextIO | None = None, enabled=None):
        self.total, self.label, self.done = max(total, 0), label, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._shown = -1

    def __call__(self, step: int = 1) -> None:
        self.done += step
        percent = 100 * self.done // self.total if self.total else 100
        if self.enabled and percent != self._shown:
            self._shown = percent
            filled = percent // 5
            self.stream.write(
                f"\r[{'#' * filled}{' ' * (20 - filled)}] {percent:3}% "
                f"{self.done}/{self.total} {self.label}"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
