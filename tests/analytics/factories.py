"""Rosters with history for analytics tests, and the roster read back as definitions records."""

import datetime
import random

from analytics.definitions import EmployeeRecord, Snapshot
from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from organizations.clock import local_date, local_datetime
from organizations.models import Employee, EmployeeHistory
from organizations.months import add_months
from programs.models import ApplicantRole, ProgramStatus, RuleKind
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.factories import EmployeeFactory
from tests.programs.factories import EligibilityRuleFactory

DEPARTMENTS = ("Engineering", "Sales", "Finance")


def hire(
    organization,
    *,
    hired: datetime.date,
    department: str = "Engineering",
    level: int = 2,
    changes: list[tuple[datetime.date, str, int]] = (),
    left: datetime.date | None = None,
    termination_type: str = "",
    recorded_from: datetime.date | None = None,
    rating: int = 3,
) -> Employee:
    """An employee with a history: a first snapshot (dated ``recorded_from``, default the hire
    date), one per change ``(date, department, level)``, and one when they leave."""
    last_department, last_level = (changes[-1][1], changes[-1][2]) if changes else (department, level)
    employee = EmployeeFactory(
        organization=organization,
        hire_date=hired,
        department=last_department,
        level=last_level,
        termination_date=left,
        termination_type=termination_type if left else "",
        performance_rating=rating,
    )
    snapshots = [
        (recorded_from or hired, department, level, None, ""),
        *((d, dep, lvl, None, "") for d, dep, lvl in changes),
    ]
    if left:
        snapshots.append((left, last_department, last_level, left, termination_type))
    EmployeeHistory.objects.bulk_create(
        [
            EmployeeHistory(
                organization=organization,
                employee=employee,
                effective_date=day,
                department=dep,
                level=lvl,
                termination_date=term,
                termination_type=kind,
            )
            for day, dep, lvl, term, kind in snapshots
        ]
    )
    return employee


def cohort_starting(organization, start: datetime.date | None, *, name: str = "class") -> Cohort:
    """A cohort started (activated) on ``start``, its program running from that day, with
    default-like rules; with ``start`` None, a cohort still selecting its class."""
    program_start = start or datetime.date(2027, 1, 1)
    cohort = CohortFactory(
        program__organization=organization,
        program__start_date=program_start,
        program__end_date=add_months(program_start, 12),
        program__status=ProgramStatus.ACTIVE if start else ProgramStatus.SELECTING,
        status=CohortStatus.ACTIVE if start else CohortStatus.SELECTING,
        activated_at=local_datetime(start, datetime.time(9), organization) if start else None,
        name=name,
    )
    EligibilityRuleFactory(
        program=cohort.program, applies_to=ApplicantRole.MENTEE, kind=RuleKind.MIN_TENURE_MONTHS, value=12
    )
    EligibilityRuleFactory(
        program=cohort.program, applies_to=ApplicantRole.MENTEE, kind=RuleKind.NOT_TERMINATED, value=None
    )
    EligibilityRuleFactory(
        program=cohort.program, applies_to=ApplicantRole.MENTOR, kind=RuleKind.MIN_TENURE_MONTHS, value=12
    )
    return cohort


def join(
    cohort: Cohort,
    employee: Employee,
    role: str = ApplicantRole.MENTEE,
    *,
    withdrawn: datetime.date | None = None,
) -> Participant:
    participant = ParticipantFactory(cohort=cohort, application__employee=employee, application__role=role)
    if withdrawn:
        moment = datetime.datetime.combine(withdrawn, datetime.time(12), tzinfo=datetime.UTC)
        Participant.objects.filter(pk=participant.pk).update(
            status=ParticipantStatus.WITHDRAWN, withdrawn_at=moment
        )
        participant.refresh_from_db()
    return participant


def random_roster(
    organization, *, seed: int = 3, people: int = 160, as_of=datetime.date(2026, 6, 15)
) -> list[Employee]:
    """People hired 2018–2026 in three departments, levels 1–5: some promoted, some moved, a
    demotion or two, leavers of each type (and one with no type), a termination dated after
    ``as_of``, and people recorded only from a later first roster load."""
    rng = random.Random(seed)
    employees = []
    for n in range(people):
        hired = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(0, 8 * 365 + 150))
        if hired > as_of:
            hired = as_of - datetime.timedelta(days=rng.randrange(1, 60))
        department, level = rng.choice(DEPARTMENTS), rng.randint(1, 5)
        changes, day, dep, lvl = [], hired, department, level
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            day = day + datetime.timedelta(days=rng.randrange(40, 500))
            if day >= as_of:
                break
            roll = rng.random()
            if roll < 0.5:
                lvl = min(lvl + 1, 7)
            elif roll < 0.8:
                dep = rng.choice([d for d in DEPARTMENTS if d != dep])
            elif roll < 0.9:
                lvl, dep = min(lvl + 1, 7), rng.choice([d for d in DEPARTMENTS if d != dep])
            else:
                lvl = max(lvl - 1, 1)
            changes.append((day, dep, lvl))
        left, kind = None, ""
        if rng.random() < 0.35:
            left = max(hired, changes[-1][0] if changes else hired) + datetime.timedelta(
                days=rng.randrange(1, 900)
            )
            if left > as_of + datetime.timedelta(days=40):
                left = None
            else:
                kind = rng.choice(("voluntary", "voluntary", "involuntary", "")) if n % 17 else ""
        recorded_from = None
        if n % 11 == 0:  # first roster load after they were hired
            recorded_from = max(hired, datetime.date(2022, 1, 1))
            if changes and recorded_from >= changes[0][0]:
                recorded_from = None
        employees.append(
            hire(
                organization,
                hired=hired,
                department=department,
                level=level,
                changes=changes,
                left=left,
                termination_type=kind,
                recorded_from=recorded_from,
                rating=rng.choice((2, 3, 3, 4)),
            )
        )
    return employees


def records(organization) -> dict[int, EmployeeRecord]:
    """The roster read back as the definitions module describes people, keyed by employee id."""
    snapshots: dict[int, list[Snapshot]] = {}
    for h in EmployeeHistory.objects.filter(organization=organization).order_by(
        "employee_id", "effective_date", "id"
    ):
        snapshots.setdefault(h.employee_id, []).append(Snapshot(h.effective_date, h.department, h.level))
    return {
        e.pk: EmployeeRecord(
            hire_date=e.hire_date,
            termination_date=e.termination_date,
            termination_type=e.termination_type,
            department=e.department,
            level=e.level,
            snapshots=tuple(snapshots.get(e.pk, ())),
        )
        for e in Employee.objects.filter(organization=organization)
    }


def two_cohorts(organization, employees: list[Employee], *, as_of=datetime.date(2026, 6, 15)) -> list[Cohort]:
    """A 2024 class (started 1 September 2024) and a 2025 class (1 March 2025), each with mentees
    (levels 1–3) and mentors (levels 4+) taken from the roster; one person is in both classes,
    one withdrew before the start (not a participant) and one after it (still one)."""
    cohorts = [
        cohort_starting(organization, datetime.date(2024, 9, 1), name="2024 class"),
        cohort_starting(organization, datetime.date(2025, 3, 1), name="2025 class"),
    ]
    taken: set[int] = set()
    for index, cohort in enumerate(cohorts):
        start = cohort_start(cohort)
        present = [
            e
            for e in employees
            if e.hire_date <= start
            and (e.termination_date is None or e.termination_date > start)
            and e.pk not in taken
        ]
        mentees = [e for e in present if e.level <= 3][index::2][:14]
        mentors = [e for e in present if e.level >= 4][index::2][:7]
        for e in mentees:
            join(cohort, e, ApplicantRole.MENTEE)
        for e in mentors:
            join(cohort, e, ApplicantRole.MENTOR)
        taken |= {e.pk for e in mentees + mentors}
        spare = [e for e in present if e.pk not in taken]
        join(cohort, spare[0], ApplicantRole.MENTEE, withdrawn=start - datetime.timedelta(days=10))
        join(cohort, spare[1], ApplicantRole.MENTEE, withdrawn=start + datetime.timedelta(days=30))
        taken |= {spare[0].pk, spare[1].pk}
    # Someone from the first class mentors in the second one too.
    veteran = Participant.objects.filter(cohort=cohorts[0], role=ApplicantRole.MENTOR).first().employee
    join(cohorts[1], veteran, ApplicantRole.MENTOR)
    return cohorts


def cohort_start(cohort: Cohort) -> datetime.date:
    """The day the cohort started: its activation, on the organization's calendar."""
    return local_date(cohort.activated_at, cohort.organization)
