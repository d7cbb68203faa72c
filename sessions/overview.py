"""The cohort overview for program managers and HR: one row per pair, metadata only.

Rows come from ``sessions.facts.cohort_pair_facts`` (a fixed number of queries for the whole
cohort). Privacy: a row holds names, departments, dates, counts, percentages, the health
badge and its reasons — never a topic, a note, an action item, a check-in comment or goal text.
"""

import datetime
from dataclasses import dataclass

from cohorts.models import Cohort
from organizations.csv_export import csv_text
from programs.vocabulary import words_for
from sessions.facts import PairFacts, cohort_pair_facts
from sessions.health import HealthStatus
from sessions.models import CheckIn

SORTS = {
    "health": lambda f: (-f.health.severity, f.pair.pk),
    # Pairs and groups by their mentor; peer circles (no mentor) by their people.
    "mentor": lambda f: (_names(f.mentors or f.members).lower(), f.pair.pk),
    "last_meeting": lambda f: (f.last_meeting_on or datetime.date.min, f.pair.pk),
    "meetings": lambda f: (f.meetings_held - f.meetings_expected, f.pair.pk),
    "goals": lambda f: (-1 if f.goals.milestones_percent is None else f.goals.milestones_percent, f.pair.pk),
    "attendance": lambda f: (-1 if f.attendance_percent is None else f.attendance_percent, f.pair.pk),
    "checkins": lambda f: (-1 if f.checkin_average is None else f.checkin_average, f.pair.pk),
}
DEFAULT_SORT = "health"


def _names(members) -> str:
    return ", ".join(m.participant.employee.name for m in members)


@dataclass
class Overview:
    cohort: Cohort
    rows: list[PairFacts]
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
    as_of: datetime.date | None = None,
) -> Overview:
    """Every active pair of the cohort with its numbers and health, filtered and sorted.

    ``health`` keeps one status; ``counts`` has every status, "not started" included;
    ``department`` keeps pairs whose mentor is in it; ``sort`` is a key of ``SORTS`` (unknown
    keys fall back to health, worst first: stalled, at risk, healthy, then not started).
    """
    facts = cohort_pair_facts(cohort=cohort, as_of=as_of, attention=True)
    counts = {status: 0 for status in HealthStatus.values}
    for fact in facts:
        counts[fact.health.status] += 1
    lead = (lambda f: f.mentors) if words_for(cohort.program.structure).has_mentors else (lambda f: f.members)
    departments = sorted({m.participant.employee.department for f in facts for m in lead(f)})
    rows = [
        f
        for f in facts
        if (not health or f.health.status == health)
        and (not department or any(m.participant.employee.department == department for m in lead(f)))
    ]
    sort = sort if sort in SORTS else DEFAULT_SORT
    rows.sort(key=SORTS[sort], reverse=descending)
    return Overview(
        cohort=cohort,
        rows=rows,
        total=len(facts),
        counts=counts,
        departments=departments,
        sort=sort,
        descending=descending,
        flagged=sum(1 for f in facts if f.flagged_silent_since or f.reported_unresponsive_on),
    )


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
