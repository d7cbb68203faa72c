"""The pair-health API's list rows, built from stored values (issue 17).

``PairHealthSerializer`` describes a row (the schema, and ``retrieve`` from live facts); a page
of the list is 50 of them, and DRF's fields cost more per row than the whole read. So the list
reads the stored rows' and members' plain values and builds each row here, field for field what
the serializer gives for the same facts (``tests/sessions/test_api.py`` compares them).
Metadata only, as the serializer: no topic, note, comment or goal text is read.
"""

from collections import defaultdict

from rest_framework import serializers

from matching.models import PairMember

# The stored columns a row needs, in the serializer's order of fields.
ROW_VALUES = (
    "pair_id",
    "pair__cohort_id",
    "pair__kind",
    "published_on",
    "last_meeting_on",
    "next_meeting_at",
    "meetings_held",
    "meetings_expected",
    "first_meeting_due_on",
    "milestones_percent",
    "overdue_milestones",
    "attendance_percent",
    "checkin_average",
    "health_status",
    "health_reasons",
)

# DRF's own conversion of a moment (the current time zone, "Z" for UTC), as the serializer's.
_moment = serializers.DateTimeField()


class CountedRows:
    """Stored rows whose number is known already (``ensure_fresh`` counted them): the paginator
    reads a page's slice from the query and asks no ``COUNT``."""

    ordered = True  # the query is ordered (the paginator warns otherwise)

    def __init__(self, rows, count: int):
        self._rows = rows
        self._count = count

    def count(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._rows[index]


def _day(value):
    return None if value is None else value.isoformat()


def _moment_or_none(value):
    return None if value is None else _moment.to_representation(value)


def _float_or_none(value):
    return None if value is None else float(value)


def pair_health_rows(rows) -> list[dict]:
    """The API rows of a page of stored rows (``values(*ROW_VALUES)``), with each pair's current
    people (one query), in the page's order."""
    rows = list(rows)
    if not rows:
        return []
    people: dict[int, list[dict]] = defaultdict(list)
    for pair_id, member, name, department, role in (
        PairMember.objects.filter(pair_id__in=[row["pair_id"] for row in rows], left_at__isnull=True)
        .order_by("role", "joined_at", "pk")
        .values_list(
            "pair_id", "pk", "participant__employee__name", "participant__employee__department", "role"
        )
    ):
        people[pair_id].append({"member": member, "name": name, "department": department, "role": role})
    return [
        {
            "pair": row["pair_id"],
            "cohort": row["pair__cohort_id"],
            "kind": row["pair__kind"],
            "people": people[row["pair_id"]],
            "published_on": _day(row["published_on"]),
            "last_meeting_on": _day(row["last_meeting_on"]),
            "next_meeting_at": _moment_or_none(row["next_meeting_at"]),
            "meetings_held": row["meetings_held"],
            "meetings_expected": row["meetings_expected"],
            "first_meeting_expected_by": _day(row["first_meeting_due_on"]),
            "milestones_done_percent": row["milestones_percent"],
            "overdue_milestones": row["overdue_milestones"],
            "session_attendance_percent": row["attendance_percent"],
            "checkin_average_usefulness": _float_or_none(row["checkin_average"]),
            "health": row["health_status"],
            "health_reasons": [str(reason) for reason in row["health_reasons"]],
        }
        for row in rows
    ]
