"""The demo's past, played in date order with the clock set to each moment.

The services decide "now" themselves (a meeting logged as happened must lie in the past, a
goal's target date may not, a check-in is dated today…), and ``auto_now`` fields stamp rows
with it. So the demo does not write history rows by hand: it sets the clock to the moment
something would have happened and calls the service a person would have used then.
``frozen_clock`` patches ``django.utils.timezone.now``, which every service, selector and
model field reads.

A ``Timeline`` holds events (a moment and an action) and runs them earliest first; an
action may add later events (publishing pairs schedules their year). ``seed_demo`` runs the
timeline month by month between roster loads, so every event sees the roster as it stood then.

Each event is treated as a request of its own that committed: what it queued with
``transaction.on_commit`` (emails, tasks) runs as soon as it returns, with the clock still at
its moment. The seed is one transaction per organization, which would otherwise run a year's
worth of callbacks at the very end and date them today (a check-in emailed a year late).
"""

import contextlib
import datetime
import heapq
import itertools
from collections.abc import Callable, Iterator
from unittest import mock

from django.db import transaction
from django.utils import timezone

from organizations.clock import local_date, local_datetime
from organizations.models import Organization


@contextlib.contextmanager
def frozen_clock(moment: datetime.datetime) -> Iterator[None]:
    """Inside the block, ``timezone.now()`` is ``moment`` (aware)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_clock needs an aware moment")
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


Action = Callable[[], object]


@contextlib.contextmanager
def committed_at_once() -> Iterator[None]:
    """Run the on-commit callbacks queued inside the block when it ends, as if it had committed.

    Outside a transaction Django runs them at once anyway; inside one it keeps them until the
    outermost commit. Only the callbacks queued inside the block are taken from that queue.
    """
    connection = transaction.get_connection()
    queued = len(connection.run_on_commit)
    yield
    if not connection.in_atomic_block:
        return
    callbacks = connection.run_on_commit[queued:]
    del connection.run_on_commit[queued:]
    for _savepoints, callback, _robust in callbacks:
        callback()


def working_day(day: datetime.date) -> datetime.date:
    """``day``, or the Monday after when it falls at a weekend: mentoring happens on working days."""
    return day + datetime.timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


class Timeline:
    """Events on an organization's calendar, run in order with the clock frozen at each."""

    def __init__(self, organization: Organization):
        self.organization = organization
        self._queue: list[tuple[datetime.datetime, int, Action]] = []
        self._order = itertools.count()
        self._last: datetime.datetime | None = None
        # The real moment the timeline was made: the past ends there.
        self.now = timezone.now()
        self.ran = 0

    def at(self, day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
        """The aware moment of ``day`` at ``hour:minute`` on the organization's clock."""
        return local_datetime(day, datetime.time(hour, minute), self.organization)

    @property
    def current(self) -> datetime.datetime | None:
        """The moment of the event running now (or that ran last)."""
        return self._last

    def is_past(self, moment: datetime.datetime) -> bool:
        """Whether ``moment`` lies before the real now (only the past is written)."""
        return moment <= self.now

    def add(self, moment: datetime.datetime, action: Action) -> None:
        """Run ``action`` at ``moment``; events at the same moment run in the order added."""
        if self._last is not None and moment < self._last:
            raise ValueError(f"An event at {moment} would run after {self._last}: the past is written.")
        if moment > self.now:
            raise ValueError(f"An event at {moment} is in the future: the demo only writes the past.")
        heapq.heappush(self._queue, (moment, next(self._order), action))

    def run_until(self, day: datetime.date | None = None) -> int:
        """Run every event before ``day`` (all of them when ``None``); return how many ran."""
        ran = 0
        while self._queue and (day is None or local_date(self._queue[0][0], self.organization) < day):
            moment, _, action = heapq.heappop(self._queue)
            self._last = moment
            with frozen_clock(moment), committed_at_once():
                action()
            ran += 1
        self.ran += ran
        return ran

    def add_if_past(self, moment: datetime.datetime, action: Action) -> bool:
        """Add the event only if ``moment`` has passed (a plan that reaches into today stops at now)."""
        if not self.is_past(moment):
            return False
        self.add(moment, action)
        return True
