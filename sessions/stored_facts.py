"""Stored pair facts (issue 17): each active pair's facts and judged health in one row
(``sessions.models.StoredPairFacts``), kept fresh so the cohort overview and the pair-health API
read a page of rows instead of computing the whole cohort per request, and the pair space reads
its one row (``fresh_fact_of_pair``, read with the pair) instead of the facts query.

- ``pair_facts_refresh`` recomputes rows with the live code (``sessions.facts.cohort_pair_facts``,
  so the meaning is exactly the live facts') and writes them in one upsert per cohort.
- ``pairs_changed``: the services that change a pair's facts (meetings, check-ins, goals,
  attendance, reports) call it inside their transaction.
- ``pair_facts_expire``: changes too wide to recompute on the spot (a program's health settings,
  pairs published or ended, members joining or leaving) mark rows stale instead.
- ``ensure_fresh``: readers call it first: it refreshes the cohorts' stale or missing rows (a row
  is stale from its ``stale_at``: the next local midnight, the next booked meeting's start or the
  next learning session's end), so correctness never depends on the beat having run.
- ``pair_facts_sweep``: the beat's side (``sessions.tasks.refresh_pair_facts``, every five
  minutes, apart from the reminder sweep so reminders never wait for it): each organization's
  running cohorts, so a new day's rows are usually ready before anyone reads them.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from goals.selectors import GoalProgress
from matching.models import Pair, PairMember, PairStatus
from organizations.clock import local_date, organization_tz
from sessions.facts import PairFacts, cohort_pair_facts
from sessions.health import SEVERITY, CheckInAnswer, Health, HealthStatus
from sessions.models import LearningSession, StoredPairFacts

# A row marked stale by a writer: older than any moment a reader asks about.
EXPIRED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

UPDATE_FIELDS = [
    f.name for f in StoredPairFacts._meta.concrete_fields if f.name not in ("pair", "organization")
]


def judged_on(cohort: Cohort, now: datetime.datetime) -> datetime.date:
    """The day ``cohort_pair_facts`` judges the cohort on by default: today on the
    organization's clock, or the program's last day for a finished cohort."""
    as_of = local_date(now, cohort.organization)
    if cohort.status == CohortStatus.COMPLETED and cohort.program.end_date:
        as_of = min(as_of, cohort.program.end_date)
    return as_of


def _next_midnight(now: datetime.datetime, organization) -> datetime.datetime:
    tz = organization_tz(organization)
    tomorrow = now.astimezone(tz).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=tz)


def _row(fact: PairFacts, *, cohort: Cohort, as_of, stale_at) -> StoredPairFacts:
    goals = fact.goals
    return StoredPairFacts(
        pair_id=fact.pair.pk,
        organization_id=cohort.organization_id,
        cohort_id=cohort.pk,
        as_of=as_of,
        stale_at=min(filter(None, (stale_at, fact.next_meeting_at))),
        health_status=fact.health.status,
        severity=SEVERITY[fact.health.status],
        health_reasons=list(fact.health.reasons),
        published_on=fact.published_on,
        could_meet_from=fact.could_meet_from,
        first_meeting_due_on=fact.first_meeting_due_on,
        last_meeting_on=fact.last_meeting_on,
        next_meeting_at=fact.next_meeting_at,
        meetings_held=fact.meetings_held,
        meetings_expected=fact.meetings_expected,
        meetings_balance=fact.meetings_held - fact.meetings_expected,
        sessions_expected=fact.sessions_expected,
        sessions_attended=fact.sessions_attended,
        attendance_percent=fact.attendance_percent,
        checkins_answered=fact.checkins_answered,
        usefulness_total=fact.usefulness_total,
        checkin_average=fact.checkin_average,
        goals={
            **{name: getattr(goals, name) for name in GOAL_NUMBERS},
            "last_check_in": goals.last_check_in.isoformat() if goals.last_check_in else None,
        },
        milestones_percent=goals.milestones_percent,
        overdue_milestones=goals.overdue_milestones,
        latest_answers=[[a.usefulness, a.would_continue] for a in fact.latest_answers],
        flagged_silent_since=fact.flagged_silent_since,
        reported_unresponsive_on=fact.reported_unresponsive_on,
        flagged=bool(fact.flagged_silent_since or fact.reported_unresponsive_on),
        open_checkins={str(member_id): checkin_id for member_id, checkin_id in fact.open_checkins.items()},
    )


GOAL_NUMBERS = (
    "plans",
    "goals_total",
    "goals_not_started",
    "goals_on_track",
    "goals_at_risk",
    "goals_done",
    "milestones_total",
    "milestones_completed",
    "overdue_milestones",
)


def _refresh_cohort(cohort: Cohort, pairs: list[Pair] | None, now: datetime.datetime) -> int:
    """Recompute the rows of the cohort's active ``pairs`` (all of them when None); drop the
    rows of the given pairs that are no longer active. Returns the rows written."""
    stored = StoredPairFacts.objects.filter(organization_id=cohort.organization_id, cohort=cohort)
    if pairs is None:
        stored.exclude(pair__status=PairStatus.ACTIVE).delete()
        chosen = None
    else:
        stored.filter(pair_id__in=[p.pk for p in pairs]).exclude(pair__status=PairStatus.ACTIVE).delete()
        chosen = [p for p in pairs if p.status == PairStatus.ACTIVE]
        if not chosen:
            return 0
    sessions = list(LearningSession.objects.filter(cohort=cohort))
    as_of = judged_on(cohort, now)
    stale_at = min(
        [_next_midnight(now, cohort.organization), *(s.ends_at for s in sessions if s.ends_at > now)]
    )
    facts = cohort_pair_facts(
        cohort=cohort,
        as_of=as_of,
        now=now,
        pairs=chosen,
        attention=True,
        sessions=[s for s in sessions if s.starts_at <= now],
    )
    rows = [_row(fact, cohort=cohort, as_of=as_of, stale_at=stale_at) for fact in facts]
    if rows:
        StoredPairFacts.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["pair"], update_fields=UPDATE_FIELDS, batch_size=1000
        )
    return len(rows)


def pair_facts_refresh(
    *, cohort: Cohort | None = None, pairs=None, now: datetime.datetime | None = None
) -> int:
    """Recompute and store the facts of a cohort's active pairs, or of the given pairs (pair
    objects or ids, of any cohorts of one organization). Returns the rows written."""
    now = now or timezone.now()
    if cohort is not None:
        return _refresh_cohort(cohort, None, now)
    ids = [getattr(p, "pk", p) for p in pairs or ()]
    if not ids:
        return 0
    by_cohort: dict[int, list[Pair]] = defaultdict(list)
    cohorts = {}
    for pair in Pair.objects.filter(pk__in=ids).select_related("cohort__program", "cohort__organization"):
        by_cohort[pair.cohort_id].append(pair)
        cohorts[pair.cohort_id] = pair.cohort
    return sum(_refresh_cohort(cohorts[cohort_id], chosen, now) for cohort_id, chosen in by_cohort.items())


def pairs_changed(pairs, *, now: datetime.datetime | None = None) -> None:
    """A service changed these pairs' facts (pair objects or ids): their rows now, inside the
    service's transaction (a rollback takes the new rows back with it)."""
    pair_facts_refresh(pairs=pairs, now=now)


def pair_facts_expire(*, pairs=None, cohorts=None, programs=None) -> int:
    """Mark rows stale, so the next reader recomputes them: for changes that touch many pairs
    at once (health settings) or that the facts' writers do not own (publishing, members)."""
    rows = StoredPairFacts.objects.all()
    if pairs is not None:
        rows = rows.filter(pair_id__in=[getattr(p, "pk", p) for p in pairs])
    elif cohorts is not None:
        rows = rows.filter(cohort_id__in=[getattr(c, "pk", c) for c in cohorts])
    elif programs is not None:
        rows = rows.filter(cohort__program_id__in=[getattr(p, "pk", p) for p in programs])
    else:
        return 0
    return rows.update(stale_at=EXPIRED)


def ensure_fresh(cohorts, now: datetime.datetime | None = None) -> dict[int, dict[str, int]]:
    """Refresh the stale or missing rows of the cohorts' active pairs: one query when all are
    fresh, however many cohorts. A cohort mostly stale (a new day) is recomputed whole.

    Returns, for each cohort whose rows were all fresh already, the figures of its stored rows
    that the same query counted (``total``, ``flagged`` and one count per health status): what
    an aggregate over ``stored_rows`` gives, without asking again. A cohort refreshed here is
    left out (its rows have just changed).
    """
    now = now or timezone.now()
    by_id = {cohort.pk: cohort for cohort in cohorts}
    if not by_id:
        return {}
    states = (
        Pair.objects.filter(cohort_id__in=by_id, status=PairStatus.ACTIVE)
        .order_by()
        .values("cohort_id")
        .annotate(
            total=Count("pk"),
            stored=Count("stored_facts"),
            stale=Count("pk", filter=Q(stored_facts__stale_at__lte=now)),
            earliest=Min("stored_facts__as_of"),
            latest=Max("stored_facts__as_of"),
            flagged=Count("pk", filter=Q(stored_facts__flagged=True)),
            **{
                status: Count("pk", filter=Q(stored_facts__health_status=status))
                for status in HealthStatus.values
            },
        )
    )
    # A cohort without active pairs has no state: nothing to refresh, and no rows to count.
    figures = {pk: {"total": 0, "flagged": 0, **dict.fromkeys(HealthStatus.values, 0)} for pk in by_id}
    for state in states:
        cohort = by_id[state["cohort_id"]]
        missing = state["total"] - state["stored"]
        as_of = judged_on(cohort, now)
        behind = state["stored"] and (state["earliest"] != as_of or state["latest"] != as_of)
        if behind or missing + state["stale"] > state["total"] // 2:
            _refresh_cohort(cohort, None, now)
        elif missing or state["stale"]:
            pairs = Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE).filter(
                Q(stored_facts__isnull=True) | Q(stored_facts__stale_at__lte=now)
            )
            _refresh_cohort(cohort, list(pairs), now)
        else:
            figures[cohort.pk] = {key: state[key] for key in figures[cohort.pk]}
            continue
        del figures[cohort.pk]
    return figures


def stored_rows(cohorts):
    """The cohorts' active pairs' stored rows (call ``ensure_fresh`` first), with their pair."""
    return StoredPairFacts.objects.filter(
        cohort_id__in=[cohort.pk for cohort in cohorts], pair__status=PairStatus.ACTIVE
    ).select_related("pair")


def facts_of_rows(rows, cohorts) -> list[PairFacts]:
    """``PairFacts`` as ``cohort_pair_facts`` gives them, from stored rows (in their order) and
    the pairs' current members, read here in one query with only the fields the overview and its
    CSV read (role, name, department): the employees' and participants' other columns are
    deferred, loaded if ever asked for."""
    rows = list(rows)
    if not rows:
        return []
    by_id = {cohort.pk: cohort for cohort in cohorts}
    members: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(pair_id__in=[row.pair_id for row in rows], left_at__isnull=True)
        .select_related("participant__employee")
        .only("pair_id", "role", "participant__employee__name", "participant__employee__department")
        .order_by("role", "joined_at", "pk")
    ):
        members[member.pair_id].append(member)
    facts = []
    for row in rows:
        pair = row.pair
        pair.cohort = by_id[pair.cohort_id]
        facts.append(fact_of_row(row, pair=pair, members=members[pair.pk]))
    return facts


def fact_of_row(row: StoredPairFacts, *, pair: Pair, members: list[PairMember]) -> PairFacts:
    """One pair's ``PairFacts`` from its stored row and its current members (read by the caller)."""
    goals = dict(row.goals)
    last = goals.pop("last_check_in", None)
    goals["last_check_in"] = datetime.date.fromisoformat(last) if last else None
    answers = tuple(CheckInAnswer(usefulness=u, would_continue=w) for u, w in row.latest_answers)
    return PairFacts(
        pair=pair,
        members=members,
        published_on=row.published_on,
        could_meet_from=row.could_meet_from,
        first_meeting_due_on=row.first_meeting_due_on,
        last_meeting_on=row.last_meeting_on,
        next_meeting_at=row.next_meeting_at,
        meetings_held=row.meetings_held,
        meetings_expected=row.meetings_expected,
        goals=GoalProgress(**goals),
        sessions_expected=row.sessions_expected,
        sessions_attended=row.sessions_attended,
        checkins_answered=row.checkins_answered,
        usefulness_total=row.usefulness_total,
        latest_answers=answers,
        health=Health(row.health_status, tuple(row.health_reasons)),
        flagged_silent_since=row.flagged_silent_since,
        reported_unresponsive_on=row.reported_unresponsive_on,
        open_checkins={int(member): checkin for member, checkin in row.open_checkins.items()},
    )


def fresh_fact_of_pair(
    pair: Pair, *, members: list[PairMember], now: datetime.datetime, organization
) -> PairFacts | None:
    """The pair's facts from its stored row when the row came with the pair
    (``select_related("stored_facts")``) and is fresh, without a query: as ``cohort_pair_facts``
    gives them for this one pair (the manager's flags, which only ``attention`` reads, left out).
    None when the row was not read with the pair, or the pair has none, or a stale one: the
    caller computes the facts live."""
    if not Pair.stored_facts.related.is_cached(pair):
        return None
    row = Pair.stored_facts.related.get_cached_value(pair)
    if row is None or row.stale_at <= now:
        return None
    cohort = pair.cohort
    as_of = local_date(now, organization)
    if cohort.status == CohortStatus.COMPLETED and cohort.program.end_date:
        as_of = min(as_of, cohort.program.end_date)
    if row.as_of != as_of:
        return None
    current = [m for m in members if m.left_at is None]
    fact = fact_of_row(row, pair=pair, members=current)
    fact.flagged_silent_since = fact.reported_unresponsive_on = None
    return fact


def pair_facts_sweep(organization, now: datetime.datetime) -> int:
    """The beat's refresh (``sessions.tasks.refresh_pair_facts``, per organization in its scope):
    the running cohorts' stale or missing rows, so that after midnight, a booked meeting's start
    or a session's end the first reader finds them fresh. One query when nothing is stale; the
    running cohorts counted. Not a notification scan: it creates no message, and the reminder
    sweep is not made to wait for it."""
    cohorts = list(
        Cohort.objects.filter(organization=organization, status=CohortStatus.ACTIVE).select_related(
            "program", "organization"
        )
    )
    ensure_fresh(cohorts, now)
    return len(cohorts)


def _pair_saved(sender, instance, **kwargs) -> None:
    """A pair published, ended or edited, or a member joining or leaving (matching's services):
    its stored facts are computed again when next read."""
    pair_id = instance.pk if sender is Pair else instance.pair_id
    StoredPairFacts.objects.with_scopes_disabled().filter(
        organization_id=instance.organization_id, pair_id=pair_id
    ).update(stale_at=EXPIRED)


def _program_saved(sender, instance, **kwargs) -> None:
    """A program's dates or meeting cadence may have changed: its pairs' facts are judged again."""
    StoredPairFacts.objects.with_scopes_disabled().filter(
        organization_id=instance.organization_id, cohort__program_id=instance.pk
    ).update(stale_at=EXPIRED)


def register() -> None:
    """Writers outside the mentoring app (matching's pairs and members, programs) change facts
    too; rather than each of them knowing about this table, a saved row marks its pairs stale."""
    from django.db.models.signals import post_delete, post_save

    from programs.models import Program

    post_save.connect(_pair_saved, sender=Pair, dispatch_uid="stored_facts_pair")
    post_save.connect(_pair_saved, sender=PairMember, dispatch_uid="stored_facts_member")
    post_delete.connect(_pair_saved, sender=PairMember, dispatch_uid="stored_facts_member_deleted")
    post_save.connect(_program_saved, sender=Program, dispatch_uid="stored_facts_program")
