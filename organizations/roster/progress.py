"""How far a roster load running in the background has got, for its progress page and API.

The load is written in one transaction, so nothing it writes to the database shows before it
commits; its progress goes through the cache instead (Redis in production, shared by the
worker and the web processes; in-process on the embedded default, where the task runs inside
the request anyway). ``progress_recorder(load_id)`` gives the callback the load calls at each
stage; ``load_progress(load_id)`` reads where it is.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

# The stages of a load, in order: (name, what the page says, share of the usual total time).
STAGES: tuple[tuple[str, str, float], ...] = (
    ("waiting", "Waiting for a worker", 0.0),
    ("reading", "Reading and checking the file", 0.50),
    ("comparing", "Comparing it with the roster", 0.10),
    ("staging", "Sending the rows to the database", 0.10),
    ("employees", "Writing the employees and their managers", 0.16),
    ("history", "Recording the dated history", 0.08),
    ("links", "Linking members to their rows", 0.06),
)
_LABELS = {name: label for name, label, _ in STAGES}
_BEFORE = {}
_SHARE = {}
_start = 0.0
for _name, _, _share in STAGES:
    _BEFORE[_name], _SHARE[_name] = _start, _share
    _start += _share

TIMEOUT_S = 60 * 60
# The worker writes at most this often within a stage (a stage's start and end always).
_EVERY_S = 0.5

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadProgress:
    stage: str
    done: int
    total: int

    @property
    def label(self) -> str:
        return _LABELS.get(self.stage, self.stage)

    @property
    def percent(self) -> int:
        fraction = self.done / self.total if self.total else 0.0
        return min(99, int(100 * (_BEFORE.get(self.stage, 0.0) + _SHARE.get(self.stage, 0.0) * fraction)))


def _key(load_id: int) -> str:
    return f"roster-load-progress:{load_id}"


def load_progress(load_id: int) -> LoadProgress:
    """Where the load is; "waiting" until the task has started."""
    stored = cache.get(_key(load_id))
    if not stored:
        return LoadProgress("waiting", 0, 0)
    return LoadProgress(*stored)


def progress_recorder(load_id: int) -> Progress:
    """The callback a running load reports to: ``(stage, done, total)``."""
    last = {"stage": None, "at": 0.0}

    def record(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last["stage"] and done < total and now - last["at"] < _EVERY_S:
            return
        last["stage"], last["at"] = stage, now
        cache.set(_key(load_id), (stage, done, total), TIMEOUT_S)

    return record


def progress_forget(load_id: int) -> None:
    cache.delete(_key(load_id))


def no_progress(stage: str, done: int, total: int) -> None:
    return None
