"""What the renders of one batch of pages share: a list's count, and its rows read ahead.

The export and the worker render a list's pages one after the other (page 1, 2, … 500 of
the home page). Alone, each page would count the whole list again and skip the rows of
every page before it (SQL's OFFSET reads them all), so a list of P pages cost P counts and
P²/2 skipped rows, and each of its queries was built and compiled again. Inside `shared()`,
a list's count is taken once, its rows are read ten pages at a time, and the next ten start
where the last ten ended (a keyset: the last row's publication time and id).

Outside `shared()` (a reader's request) nothing is kept: each page is counted and read on
its own, so it is never staler than the database.
"""

from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q

_memo: ContextVar[dict | None] = ContextVar("communique_batch", default=None)


@contextmanager
def shared() -> Iterator[None]:
    """Renders inside share their lists' counts and page ends (see the module docstring)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key: tuple, compute: Callable):
    """`compute()`, taken once per key inside `shared()`, and at every call outside it."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class ListPaginator(Paginator):
    """A paginator over texts newest first (`-published_at`, `-pk`) that, inside
    `shared()`, counts its list once and reads it ten pages at a time, each ten from where
    the ten before ended.

    `key` names the list (its page, language and filters); without one it is Django's.
    """

    #: The order a page's keyset follows.
    ORDER = ("-published_at", "-pk")

    def __init__(self, object_list, per_page, *, key: tuple | None = None, **kwargs):
        if key is not None and tuple(object_list.query.order_by) != self.ORDER:
            raise ValueError(
                f"A keyed list is ordered {self.ORDER}, not {object_list.query.order_by}"
            )
        super().__init__(object_list, per_page, **kwargs)
        self.key = key

    def _shared(self) -> dict | None:
        return _memo.get() if self.key is not None else None

    @property
    def count(self) -> int:
        if "_count" not in self.__dict__:
            compute = Paginator.count.func.__get__(self)  # Django's own count
            if self.key is not None:
                self._count = remembered(("count", *self.key), compute)
            else:
                self._count = compute()
        return self._count

    @count.setter
    def count(self, value: int) -> None:
        self._count = value

    def page(self, number):
        number = self.validate_number(number)
        memo = self._shared()
        if memo is None:
            return super().page(number)
        chunks = memo.setdefault("chunks", OrderedDict())
        chunk = chunks.get(self.key)
        if chunk is not None and 0 <= number - chunk.first < chunk.pages:
            chunks.move_to_end(self.key)
        else:
            chunk = self._read(number, chunk)
            chunks[self.key] = chunk
            while len(chunks) > CHUNKS_KEPT:
                chunks.popitem(last=False)
        start = (number - chunk.first) * self.per_page
        return self._get_page(chunk.rows[start : start + self.per_page], number, self)

    def _read(self, number: int, before: "_Chunk | None") -> "_Chunk":
        """The rows of page `number` and of the pages after it, up to `PAGES_AHEAD` and the
        list's end: from where the rows before ended if they ended just before, else by the
        page's number."""
        pages = max(1, min(PAGES_AHEAD, self.num_pages - number + 1))
        size = pages * self.per_page
        if before is not None and before.first + before.pages == number and before.rows:
            last = before.rows[-1]
            at, pk = last.published_at, last.pk
            # A range and an exclusion rather than an OR: the listing index serves the order.
            rows = self.object_list.filter(published_at__lte=at).exclude(
                Q(published_at=at, pk__gte=pk)
            )[:size]
        else:
            bottom = (number - 1) * self.per_page
            rows = self.object_list[bottom : bottom + size]
        return _Chunk(first=number, pages=pages, rows=list(rows))


#: How many pages of a list a batch reads at once: one query for ten pages, rather than ten.
PAGES_AHEAD = 10
#: How many lists' rows a batch keeps (its memory grows with these, not with its pages).
CHUNKS_KEPT = 4


@dataclass(frozen=True)
class _Chunk:
    first: int  # the number of its first page
    pages: int
    rows: list
