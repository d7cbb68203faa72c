"""How each demo pair gets on: how often they meet, for how long, and how they rate it.

Most pairs keep the program's fortnightly cadence or meet monthly; a few fade after a good
start, and a few stall after a couple of meetings — what managers need the health view for.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Rhythm:
    name: str
    every_days: int  # a meeting about this often…
    stops_after_days: int | None  # …until this many days after publishing (None: all year)
    usefulness: tuple[int, int]  # check-in rating while they meet (lowest, highest)
    answers: float  # chance a partner answers a check-in
    milestones_done: float  # chance a milestone is completed by its due date
    notes: float  # chance a logged meeting gets shared notes
    mood: str  # which check-in comments fit (texts.CHECKIN_COMMENTS)


STEADY = Rhythm("steady", 14, None, (4, 5), 0.9, 0.85, 0.6, "good")
MONTHLY = Rhythm("monthly", 30, None, (3, 5), 0.8, 0.65, 0.4, "mixed")
FADING = Rhythm("fading", 21, 150, (2, 4), 0.6, 0.4, 0.3, "mixed")
STALLED = Rhythm("stalled", 20, 45, (1, 3), 0.5, 0.15, 0.2, "poor")
NEVER_MET = Rhythm("never met", 0, 0, (2, 3), 0.4, 0.0, 0.0, "poor")


def rhythms_for(count: int, *, rng: random.Random, troubled: tuple[Rhythm, ...]) -> list[Rhythm]:
    """Rhythms for ``count`` pairs: ``troubled`` ones first in the list given, then two steady
    pairs for each monthly one; shuffled so trouble is not tied to who was matched first."""
    healthy = [MONTHLY if i % 3 == 2 else STEADY for i in range(max(0, count - len(troubled)))]
    rhythms = list(troubled[:count]) + healthy
    rng.shuffle(rhythms)
    return rhythms
