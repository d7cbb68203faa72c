"""The cohort overview for program managers and HR: one row per pair, metadata only.

Rows come from the stored pair facts (``sessions.stored_facts``: ``sessions.facts.cohort_pair_facts``
computed ahead and kept fresh), read a page at a time. Privacy: a row holds names, departments,
dates, counts, percentages, the health badge and its reasons — never a topic, a note, an action
item, a check-in comment or goal text.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from cohorts.models import Cohort
from matching.models import MemberRole, PairMember, PairStatus
from organizations.csv_export import csv_text
from programs.vocabulary import words_for
from sessions.facts import PairFacts
from sessions.health import HealthStatus
from sessions.models import CheckIn, StoredPairFacts
from sessions.stored_facts import ensure_fresh, facts_of_rows, stored_rows

# Sorts in SQL over the stored rows (sessions/stored_facts.py), as the live facts sorted them:
# the key, then the pair id (both reversed when descending); "no figure" sorts as -1.
SORTS = {
    "health": ("-severity",),
    # Pairs and groups by their mentor; peer circles (no mentor) by their people: in Python.
    "mentor": None,
    "last_meeting": ("last_meeting_on",),
    "meetings": ("meetings_balance",),
    "goals": (Coalesce("milestones_percent", -1),),
    "attendance": (Coalesce("attendance_percent", -1),),
    "checkins": (Coalesce("checkin_average", -1.0),),
}
DEFAULT_SORT = "health"


def _names(members) -> str:
    return ", ".join(m.participant.employee.name for m in members)


def _ordering(sort: str, descending: bool) -> list:
    keys = []
    for key in SORTS[sort]:
        nulls = True
        if isinstance(key, str):
            expression = F(key.lstrip("-"))
            ascending = not key.startswith("-")
            # A column that is never null orders plainly: the same rows, and the order of the
            # index that serves the default sort (StoredPairFacts.Meta: SQLite has no NULLS LAST
            # in an index, and PostgreSQL uses an index only for the very order it was built in).
            nulls = StoredPairFacts._meta.get_field(key.lstrip("-")).null
        else:
            expression, ascending = key, True
        if ascending != descending:
            keys.append(expression.asc(nulls_first=True) if nulls else expression.asc())
        else:
            keys.append(expression.desc(nulls_last=True) if nulls else expression.desc())
    return [*keys, "-pair_id" if descending else "pair_id"]


class OverviewRows(Sequence):
    """The overview's rows, read a page at a time: ``len`` counts in SQL, a slice reads only its
    stored rows (and their people). Iterating reads them all (the CSV)."""

    def __init__(self, rows, cohort: Cohort, *, count: int | None = None, order: list[int] | None = None):
        self._rows = rows
        self._cohort = cohort
        self._count = count
        # The pair ids in order, when sorted in Python (by name).
        self._order = order

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._order) if self._order is not None else self._rows.count()
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            if self._order is None:
                return facts_of_rows(self._rows[index], [self._cohort])
            ids = self._order[index]
            found = {row.pair_id: row for row in self._rows.filter(pair_id__in=ids)}
            return facts_of_rows([found[pk] for pk in ids if pk in found], [self._cohort])
        found = self[index : index + 1] if index >= 0 else list(self)[index : index + 1 or None]
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self):
        return iter(self[:])

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def __bool__(self) -> bool:
        return len(self) > 0


@dataclass
class Overview:
    cohort: Cohort
    rows: Sequence[PairFacts]
    total: int
    counts: dict[str, int]
    departments: list[str]
    sort: str
    descending: bool
    # Pairs flagged after a silence or reported unresponsive (sessions/silence.py).
    flagged: int = 0


def cohort_overview(
    *,
    cohort: Cohort,
    health: str = "",
    department: str = "",
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> Overview:
    """Every active pair of the cohort with its numbers and health, filtered and sorted.

    ``health`` keeps one status; ``counts`` has every status, "not started" included;
    ``department`` keeps pairs whose mentor is in it; ``sort`` is a key of ``SORTS`` (unknown
    keys fall back to health, worst first: stalled, at risk, healthy, then not started).

    From the stored facts (sessions/stored_facts.py), refreshed first when stale: counts from the
    freshness query (one aggregate more when rows were refreshed), the departments in one query,
    and the rows a page at a time (``OverviewRows``).
    """
    figures = ensure_fresh([cohort]).get(cohort.pk)
    rows = stored_rows([cohort])
    if figures is None:  # rows refreshed just now: counted again
        figures = rows.aggregate(
            total=Count("pk"),
            flagged=Count("pk", filter=Q(flagged=True)),
            **{status: Count("pk", filter=Q(health_status=status)) for status in HealthStatus.values},
        )
    counts = {status: figures[status] for status in HealthStatus.values}
    leads = PairMember.objects.filter(
        pair__cohort=cohort, pair__status=PairStatus.ACTIVE, left_at__isnull=True
    )
    if words_for(cohort.program.structure).has_mentors:
        leads = leads.filter(role=MemberRole.MENTOR)
    departments = sorted(
        leads.order_by().values_list("participant__employee__department", flat=True).distinct()
    )
    filtered = health or department
    if health:
        rows = rows.filter(health_status=health)
    if department and department not in departments:
        # Typed into the address: no pair is in it, and the text never reaches SQL (a NUL
        # character is an error there).
        rows = rows.none()
    elif department:
        in_department = leads.filter(participant__employee__department=department)
        rows = rows.filter(pair_id__in=in_department.values("pair_id"))
    sort = sort if sort in SORTS else DEFAULT_SORT
    if SORTS[sort] is None:
        page_rows = OverviewRows(rows, cohort, order=_by_names(rows, descending))
    else:
        page_rows = OverviewRows(
            rows.order_by(*_ordering(sort, descending)), cohort, count=None if filtered else figures["total"]
        )
    return Overview(
        cohort=cohort,
        rows=page_rows,
        total=figures["total"],
        counts=counts,
        departments=departments,
        sort=sort,
        descending=descending,
        flagged=figures["flagged"],
    )


def _by_names(rows, descending: bool) -> list[int]:
    """The rows' pair ids by their mentors' names (everyone's, for a peer circle), then id."""
    people: dict[int, list[tuple[str, str]]] = {pk: [] for pk in rows.values_list("pair_id", flat=True)}
    for pair_id, role, name in (
        PairMember.objects.filter(pair_id__in=rows.values("pair_id"), left_at__isnull=True)
        .order_by("role", "joined_at", "pk")
        .values_list("pair_id", "role", "participant__employee__name")
    ):
        people[pair_id].append((role, name))

    def key(pk):
        names = [name for role, name in people[pk] if role == MemberRole.MENTOR] or [n for _, n in people[pk]]
        return (", ".join(names).lower(), pk)

    return sorted(people, key=key, reverse=descending)


CSV_HEADER = [
    "pair_id",
    "kind",
    "mentors",
    "mentor_departments",
    "mentees",
    "mentee_departments",
    "published_on",
    "last_meeting_on",
    "meetings_held",
    "meetings_expected",
    "first_meeting_expected_by",
    "milestones_done_percent",
    "overdue_milestones",
    "session_attendance_percent",
    "checkin_average_usefulness",
    "health",
    "health_reasons",
]


def overview_csv(overview: Overview) -> str:
    """The overview as CSV, column for column what the page shows. Metadata only. A peer-circle
    cohort's file has one column of peers (and their departments) where pairs have two."""
    has_mentors = words_for(overview.cohort.program.structure).has_mentors

    def people(f) -> list:
        if has_mentors:
            return [
                _names(f.mentors),
                "; ".join(sorted({m.participant.employee.department for m in f.mentors})),
                _names(f.mentees),
                "; ".join(sorted({m.participant.employee.department for m in f.mentees})),
            ]
        return [_names(f.members), "; ".join(sorted({m.participant.employee.department for m in f.members}))]

    rows = (
        [
            f.pair.pk,
            f.pair.kind,
            *people(f),
            f.published_on.isoformat(),
            f.last_meeting_on.isoformat() if f.last_meeting_on else "",
            f.meetings_held,
            f.meetings_expected,
            f.first_meeting_due_on.isoformat(),
            "" if f.goals.milestones_percent is None else f.goals.milestones_percent,
            f.goals.overdue_milestones,
            "" if f.attendance_percent is None else f.attendance_percent,
            "" if f.checkin_average is None else f.checkin_average,
            f.health.status,
            " ".join(f.health.reasons),
        ]
        for f in overview.rows
    )
    circle_header = ["circle_id", "kind", "peers", "peer_departments", *CSV_HEADER[6:]]
    header = CSV_HEADER if has_mentors else circle_header
    return csv_text(header, rows)


def cohort_checkin_answers(cohort: Cohort) -> list[CheckIn]:
    """Answered check-ins of the cohort, newest first, with who answered. Privacy: includes the
    comment, so only cohort managers' pages may call this."""
    return list(
        CheckIn.objects.filter(pair__cohort=cohort, answered_at__isnull=False)
        .select_related("member__participant__employee", "pair")
        .order_by("-answered_at", "-pk")
    )


def cohort_checkin_counts(cohort: Cohort) -> tuple[int, int]:
    """(sent, answered) check-ins of the cohort."""
    rows = CheckIn.objects.filter(pair__cohort=cohort)
    return rows.count(), rows.filter(answered_at__isnull=False).count()
