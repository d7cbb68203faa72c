"""The facts query: every number the pair facts need, for any set of pairs, in one statement.

One row per (pair, current member) — or (pair, nothing) for a pair with nobody in it now —
joining grouped tables, so the database aggregates each table once for the whole set of pairs
(a hash join per table) rather than once per pair:

- meetings, per pair: the last one held (up to ``now``), how many were held, the next booked;
- check-ins, per pair: answered and their usefulness summed; per member, the latest answer;
- goals, per member (their plan): plans, goals by status, milestones total, completed and
  overdue on ``as_of``, the last goal check-in;
- learning sessions, per participant: how many of the ended sessions meant for them they attended;
- attention, per pair: the latest flagged silence and the latest unresponsive report;
- per member, their open (unanswered) check-in, if any.

Metadata only: dates, counts, ratings, yes/no. Portable SQL (SQLite and PostgreSQL): ``CASE``
rather than ``FILTER``, ``ROW_NUMBER()`` for the latest answer; values are converted here.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils.dateparse import parse_date, parse_datetime

from goals.models import Goal, GoalCheckIn, GoalPlan, GoalStatus, Milestone
from matching.models import Pair, PairMember
from sessions.models import Attendance, CheckIn, Meeting, MeetingStatus, SilentSpell, UnresponsiveReport


@dataclass
class MemberFigures:
    latest_usefulness: int | None = None
    latest_would_continue: bool | None = None
    plans: int = 0
    goals: dict[str, int] | None = None
    milestones_total: int = 0
    milestones_completed: int = 0
    milestones_overdue: int = 0
    last_goal_check_in: datetime.date | None = None
    attended_as_mentor: int = 0
    attended_as_mentee: int = 0
    open_checkin_id: int | None = None


@dataclass
class PairFigures:
    last_held_at: datetime.datetime | None = None
    held: int = 0
    next_at: datetime.datetime | None = None
    answered: int = 0
    usefulness_total: int = 0
    flagged_silent_since: datetime.date | None = None
    last_report_at: datetime.datetime | None = None
    members: dict[int, MemberFigures] | None = None


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _ids(values) -> str:
    """A literal list of ids (integers from the database), never empty."""
    return ", ".join(str(int(v)) for v in values) or "NULL"


def _datetime(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(value)  # SQLite keeps datetimes as text, in UTC
    return parsed.replace(tzinfo=datetime.UTC) if parsed.tzinfo is None else parsed


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return parse_date(value[:10])


def pair_figures(
    pairs,
    *,
    organization_id: int,
    now: datetime.datetime,
    as_of: datetime.date,
    ended_for_mentors: list[int],
    ended_for_mentees: list[int],
    attention: bool = False,
) -> dict[int, PairFigures]:
    """Figures of the pairs of the queryset ``pairs``, or of a list of pair ids (pair id →
    ``PairFigures``), in one query.

    ``ended_for_mentors`` and ``ended_for_mentees`` are the ended learning sessions meant for
    each role (the caller read the cohort's sessions); attendance is counted against them.
    """
    if isinstance(pairs, list):
        # A few pairs (the pair space's one): their ids inline, so each table is read through
        # its pair index rather than scanned for the whole organization.
        chosen, with_chosen, chosen_params = _ids(pairs), "", []
    else:
        chosen_sql, chosen_params = pairs.order_by().values("pk").query.sql_with_params()
        chosen, with_chosen = "SELECT chosen_id FROM chosen", f"WITH chosen (chosen_id) AS ({chosen_sql})"
    ops = connection.ops
    at_now = ops.adapt_datetimefield_value(now)
    on_day = ops.adapt_datefield_value(as_of)
    org = int(organization_id)
    statuses = [status for status in GoalStatus.values]
    goal_columns = ", ".join(
        f"SUM(CASE WHEN g.status = %s THEN 1 ELSE 0 END) AS goals_{status}" for status in statuses
    )
    members_of_chosen = (
        f"SELECT pm.id FROM {_t(PairMember)} pm WHERE pm.organization_id = {org} "
        f"AND pm.left_at IS NULL AND pm.pair_id IN ({chosen})"
    )
    attention_sql = (
        f"""
        LEFT JOIN (
            SELECT s.pair_id, MAX(s.silent_since) AS flagged_since FROM {_t(SilentSpell)} s
            WHERE s.organization_id = {org} AND s.flagged_at IS NOT NULL
              AND s.pair_id IN ({chosen})
            GROUP BY s.pair_id
        ) sp ON sp.pair_id = p.id
        LEFT JOIN (
            SELECT r.pair_id, MAX(r.created_at) AS last_report FROM {_t(UnresponsiveReport)} r
            WHERE r.organization_id = {org} AND r.pair_id IN ({chosen})
            GROUP BY r.pair_id
        ) ur ON ur.pair_id = p.id"""
        if attention
        else ""
    )
    sql = f"""
        {with_chosen}
        SELECT p.id, pm.id, pm.participant_id,
               mt.last_held, mt.held, mt.next_at,
               ci.answered, ci.usefulness_total,
               la.usefulness, la.would_continue,
               gp.plans, {", ".join(f"go.goals_{status}" for status in statuses)},
               mi.total, mi.completed, mi.overdue, gc.last_date,
               att.as_mentor, att.as_mentee, oc.open_id
               {", sp.flagged_since, ur.last_report" if attention else ", NULL, NULL"}
        FROM {_t(Pair)} p
        LEFT JOIN {_t(PairMember)} pm ON pm.pair_id = p.id AND pm.left_at IS NULL
        LEFT JOIN (
            SELECT m.pair_id,
                   MAX(CASE WHEN m.status = %s AND m.starts_at <= %s THEN m.starts_at END) AS last_held,
                   SUM(CASE WHEN m.status = %s AND m.starts_at <= %s THEN 1 ELSE 0 END) AS held,
                   MIN(CASE WHEN m.status = %s AND m.starts_at >= %s THEN m.starts_at END) AS next_at
            FROM {_t(Meeting)} m
            WHERE m.organization_id = {org} AND m.pair_id IN ({chosen})
            GROUP BY m.pair_id
        ) mt ON mt.pair_id = p.id
        LEFT JOIN (
            SELECT c.pair_id, COUNT(*) AS answered, SUM(c.usefulness) AS usefulness_total
            FROM {_t(CheckIn)} c
            WHERE c.organization_id = {org} AND c.answered_at IS NOT NULL
              AND c.pair_id IN ({chosen})
            GROUP BY c.pair_id
        ) ci ON ci.pair_id = p.id
        LEFT JOIN (
            SELECT c.member_id, c.usefulness, c.would_continue,
                   ROW_NUMBER() OVER (PARTITION BY c.member_id ORDER BY c.round DESC, c.answered_at DESC) AS n
            FROM {_t(CheckIn)} c
            WHERE c.organization_id = {org} AND c.answered_at IS NOT NULL
              AND c.member_id IN ({members_of_chosen})
        ) la ON la.member_id = pm.id AND la.n = 1
        LEFT JOIN (
            SELECT gp.member_id, COUNT(*) AS plans FROM {_t(GoalPlan)} gp
            WHERE gp.organization_id = {org} AND gp.member_id IN ({members_of_chosen})
            GROUP BY gp.member_id
        ) gp ON gp.member_id = pm.id
        LEFT JOIN (
            SELECT gp.member_id, {goal_columns}
            FROM {_t(Goal)} g JOIN {_t(GoalPlan)} gp ON gp.id = g.plan_id
            WHERE g.organization_id = {org} AND gp.member_id IN ({members_of_chosen})
            GROUP BY gp.member_id
        ) go ON go.member_id = pm.id
        LEFT JOIN (
            SELECT gp.member_id, COUNT(*) AS total,
                   SUM(CASE WHEN ms.completed_at IS NOT NULL THEN 1 ELSE 0 END) AS completed,
                   SUM(CASE WHEN ms.completed_at IS NULL AND ms.due_date < %s THEN 1 ELSE 0 END) AS overdue
            FROM {_t(Milestone)} ms
            JOIN {_t(Goal)} g ON g.id = ms.goal_id JOIN {_t(GoalPlan)} gp ON gp.id = g.plan_id
            WHERE ms.organization_id = {org} AND gp.member_id IN ({members_of_chosen})
            GROUP BY gp.member_id
        ) mi ON mi.member_id = pm.id
        LEFT JOIN (
            SELECT gp.member_id, MAX(gc.date) AS last_date
            FROM {_t(GoalCheckIn)} gc
            JOIN {_t(Goal)} g ON g.id = gc.goal_id JOIN {_t(GoalPlan)} gp ON gp.id = g.plan_id
            WHERE gc.organization_id = {org} AND gp.member_id IN ({members_of_chosen})
            GROUP BY gp.member_id
        ) gc ON gc.member_id = pm.id
        LEFT JOIN (
            SELECT a.participant_id,
                   SUM(CASE WHEN a.session_id IN ({_ids(ended_for_mentors)}) THEN 1 ELSE 0 END) AS as_mentor,
                   SUM(CASE WHEN a.session_id IN ({_ids(ended_for_mentees)}) THEN 1 ELSE 0 END) AS as_mentee
            FROM {_t(Attendance)} a
            WHERE a.organization_id = {org}
              AND a.participant_id IN (
                  SELECT pm.participant_id FROM {_t(PairMember)} pm
                  WHERE pm.organization_id = {org} AND pm.left_at IS NULL AND pm.pair_id IN ({chosen}))
              AND a.session_id IN ({_ids([*ended_for_mentors, *ended_for_mentees])})
            GROUP BY a.participant_id
        ) att ON att.participant_id = pm.participant_id
        LEFT JOIN (
            SELECT c.member_id, MAX(c.id) AS open_id FROM {_t(CheckIn)} c
            WHERE c.organization_id = {org} AND c.answered_at IS NULL
              AND c.member_id IN ({members_of_chosen})
            GROUP BY c.member_id
        ) oc ON oc.member_id = pm.id
        {attention_sql}
        WHERE p.organization_id = {org} AND p.id IN ({chosen})
    """
    # ``p.organization_id`` first: with only ``p.id IN (chosen)`` PostgreSQL planned every pair of
    # every organization (51,500 in the notifications bench) through the members' nested joins
    # before keeping the chosen ones: over a minute for one cohort of 1,000 pairs, under a
    # second with the organization's pairs alone.
    happened, scheduled = MeetingStatus.HAPPENED, MeetingStatus.SCHEDULED
    params = [
        *chosen_params,
        happened,
        at_now,
        happened,
        at_now,
        scheduled,
        at_now,
        *statuses,
        on_day,
    ]
    figures: dict[int, PairFigures] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(statuses)
    for row in rows:
        pair_id, member_id, _participant_id, last_held, held, next_at, answered, usefulness_total = row[:8]
        usefulness, would_continue, plans = row[8:11]
        goals = row[11 : 11 + width]
        total, completed, overdue, last_date, as_mentor, as_mentee, open_id, flagged, last_report = row[
            11 + width :
        ]
        pair = figures.get(pair_id)
        if pair is None:
            pair = figures[pair_id] = PairFigures(
                last_held_at=_datetime(last_held),
                held=held or 0,
                next_at=_datetime(next_at),
                answered=answered or 0,
                usefulness_total=usefulness_total or 0,
                flagged_silent_since=_date(flagged),
                last_report_at=_datetime(last_report),
                members={},
            )
        if member_id is None:
            continue
        pair.members[member_id] = MemberFigures(
            latest_usefulness=usefulness,
            latest_would_continue=None if would_continue is None else bool(would_continue),
            plans=plans or 0,
            goals={status: n or 0 for status, n in zip(statuses, goals, strict=True)},
            milestones_total=total or 0,
            milestones_completed=completed or 0,
            milestones_overdue=overdue or 0,
            last_goal_check_in=_date(last_date),
            attended_as_mentor=as_mentor or 0,
            attended_as_mentee=as_mentee or 0,
            open_checkin_id=open_id,
        )
    return figures
