"""Small-group suppression: no analytics figure describes fewer people than the organization's
minimum group size (``Organization.min_group_size``, default 5).

Selectors apply it before returning, so the dashboard, the CSV export and the API all receive
the same ``SUPPRESSED`` markers and nothing downstream can forget to hide a small group.

Three rules:

- **Primary**: a figure whose group has fewer than the minimum number of people becomes the
  marker ``Suppressed`` (the UI renders it as "fewer than 5").
- **Secondary (differencing)**: when a total is shown and all of its parts but one are shown,
  the hidden part could be recovered by subtraction, so the smallest other part is hidden too.
  Over time the same holds for sums: an annualized rate is hidden when any of its months is.
- **Linked groups**: a comparison group is drawn k per participant from the participants' own
  department and level, so each group's size follows from the other's (8 comparison people at
  k = 2 are 4 participants). Wherever the participants are hidden their comparison group is
  hidden too, and the other way round when it could give the comparison away
  (``comparison_suppression``).

See ``docs/analytics.md`` for what this does and does not protect.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Suppressed:
    """A figure hidden because its group is smaller than ``min_group_size`` people.

    Renders as "fewer than 5" (with the organization's minimum); serializes with
    ``as_json()`` as ``{"suppressed": true, "min_group_size": 5}``.
    """

    min_group_size: int

    def __str__(self) -> str:
        return f"fewer than {self.min_group_size}"

    def __bool__(self) -> bool:
        # A hidden figure must never be mistaken for a number in arithmetic or an `if value:`.
        return False

    def as_json(self) -> dict:
        return {"suppressed": True, "min_group_size": self.min_group_size}


# A figure as a selector returns it: a number, a suppression marker, or None when the figure is
# not defined (a rate with an empty denominator, a 12-month window that has not ended yet).
Figure = int | float | Suppressed | None


def is_suppressed(value: object) -> bool:
    return isinstance(value, Suppressed)


def too_small(size: int, min_group_size: int) -> bool:
    """Primary suppression: a group with people, but fewer than the minimum.

    An empty group (size 0) describes nobody, so there is nothing to hide: its figures are simply
    undefined (None) rather than suppressed.
    """
    return 0 < size < min_group_size


def shown(value, *, hidden: bool, min_group_size: int):
    """``value``, or the marker when ``hidden``."""
    return Suppressed(min_group_size) if hidden else value


def secondary_suppression(sizes: dict, hidden: set, *, total_hidden: bool = False) -> set:
    """Differencing: which parts of a total must be hidden, given the parts' sizes and those
    already hidden.

    When the total is shown and exactly one non-empty part is hidden, that part equals the total
    minus the others; hiding the smallest other non-empty part as well leaves two unknowns that
    one subtraction cannot separate. Returns the full set of hidden parts.
    """
    hidden = set(hidden)
    if total_hidden:
        return hidden
    protected = [key for key in hidden if sizes.get(key, 0) > 0]
    if len(protected) != 1:
        return hidden
    others = [key for key, size in sizes.items() if size > 0 and key not in hidden]
    if others:
        hidden.add(min(others, key=lambda key: (sizes[key], str(key))))
    return hidden


def comparison_suppression(*, participants_hidden, comparison_hidden, comparison_too_small) -> tuple:
    """Linked groups: whether a participant group and the comparison group drawn from it are
    hidden, given what other rules already hide. Returns ``(participants, comparison)``.

    The comparison is drawn up to k per participant, in the participant's department and at
    their level, so its size is k × the participants' whenever everyone found their matches:
    a comparison figure shown beside hidden participants gives them away (8 ÷ 2 = 4). So a
    hidden participant group hides its comparison group.

    The other way round, a hidden comparison group hides its participants only when the
    comparison is hidden although large enough to show (by differencing, or by this rule):
    then k × the participants' count could recover it. A comparison hidden because it is itself
    below the minimum leaves its participants shown: at least the minimum of participants
    cannot point to a count below it (a full draw would hold k times as many).

    Takes bools, or boolean arrays of the same shape (the rule applied cell by cell).
    """
    comparison = np.logical_or(comparison_hidden, participants_hidden)
    participants = np.logical_or(
        participants_hidden, np.logical_and(comparison, np.logical_not(comparison_too_small))
    )
    if np.ndim(participants) == 0:
        return bool(participants), bool(comparison)
    return participants, comparison
