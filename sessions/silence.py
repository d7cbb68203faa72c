"""How long a pair has been quiet, and what follows: a nudge each cadence, a warning, a flag.

The rule, with the defaults in brackets (each threshold is the program's own: the meeting
cadence on the program, the rest in ``MentoringSettings``):

- A pair is **quiet since** its last meeting that happened or, when it never met, since it
  could first meet (the later of publishing and the program's start). A pair with a meeting
  planned ahead is not quiet: it has done what a reminder would ask.
- **Cadence nudge**: quiet for longer than the cadence [14 days], both partners are nudged,
  once per cadence period (days 15–28 are period 1, days 29–42 period 2, …), until the
  silence warning takes over.
- **Silence warning**: quiet for more than ``silence_warning_days`` [30], both partners are
  warned, once per silent spell (a ``SilentSpell`` row, keyed by the day the quiet began).
- **Flag**: still quiet ``silence_flag_days`` [14] after the warning, the spell is flagged:
  the program managers are told and the cohort overview shows it until the pair meets.

Days are counted on the organization's calendar.
"""

import datetime
from dataclasses import dataclass

from sessions.models import MentoringSettings


@dataclass(frozen=True)
class Quiet:
    since: datetime.date
    days: int


def quiet_since(
    *, last_met_on: datetime.date | None, published_on: datetime.date, program_start: datetime.date
) -> datetime.date:
    """The day a pair's current quiet began: its last meeting, or when it could first meet."""
    return last_met_on or max(published_on, program_start)


def quiet(
    *,
    last_met_on: datetime.date | None,
    published_on: datetime.date,
    program_start: datetime.date,
    meeting_ahead: bool,
    today: datetime.date,
) -> Quiet | None:
    """How long the pair has been quiet on ``today``; None when a meeting is planned ahead."""
    if meeting_ahead:
        return None
    since = quiet_since(last_met_on=last_met_on, published_on=published_on, program_start=program_start)
    return Quiet(since=since, days=max(0, (today - since).days))


def cadence_period(quiet: Quiet, *, cadence_days: int, settings: MentoringSettings) -> int:
    """The cadence period a nudge is due for (1, 2, …), or 0 when none is: not yet longer
    than the cadence, or past the silence warning (which replaces the nudges)."""
    if quiet.days <= cadence_days or quiet.days > settings.silence_warning_days:
        return 0
    return (quiet.days - 1) // cadence_days


def warning_due(quiet: Quiet, *, settings: MentoringSettings) -> bool:
    return quiet.days > settings.silence_warning_days


def flag_due(*, warned_on: datetime.date, today: datetime.date, settings: MentoringSettings) -> bool:
    """Whether a spell warned on ``warned_on`` and still quiet is flagged on ``today``."""
    return (today - warned_on).days >= settings.silence_flag_days
