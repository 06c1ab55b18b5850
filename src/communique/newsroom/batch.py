"""What the renders of one batch of pages share: a list's count, and where each page ended.

The export and the worker render a list's pages one after the other (page 1, 2, … 500 of
the home page). Alone, each page would count the whole list again and skip the rows of
every page before it (SQL's OFFSET reads them all), so a list of P pages cost P counts and
P²/2 skipped rows. Inside `shared()`, a list's count is taken once, and a page that follows
the page before it starts where that one ended (a keyset: the last row's publication time
and id) and reads its own rows only.

Outside `shared()` (a reader's request) nothing is kept: each page is counted and read on
its own, so it is never staler than the database.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
    `shared()`, counts its list once and starts a page where the page before it ended.

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
        # Only each list's last page is kept: a batch's memory grows with its lists, not pages.
        end = memo.get(("end", *self.key))
        if end is None or end[0] != number - 1:
            bottom = (number - 1) * self.per_page
            rows = list(self.object_list[bottom : bottom + self.per_page])
        else:
            _number, at, pk = end
            # A range and an exclusion rather than an OR: the listing index serves the order.
            rows = list(
                self.object_list.filter(published_at__lte=at).exclude(
                    Q(published_at=at, pk__gte=pk)
                )[: self.per_page]
            )
        if rows:
            memo[("end", *self.key)] = (number, rows[-1].published_at, rows[-1].pk)
        return self._get_page(rows, number, self)
