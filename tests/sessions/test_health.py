"""pair_health at its thresholds: one pure function, no database."""

import datetime
from decimal import Decimal

import pytest

from matching.models import Pair, PairKind
from programs.models import Program
from sessions.health import CheckInAnswer, HealthFacts, HealthStatus, pair_health
from sessions.models import MentoringSettings

AS_OF = datetime.date(2027, 3, 1)
PUBLISHED = datetime.date(2026, 9, 15)


def _settings(**overrides) -> MentoringSettings:
    settings = MentoringSettings(program=Program(meeting_cadence_days=14), **overrides)
    return settings


def _health(settings=None, **facts):
    facts.setdefault("published_on", PUBLISHED)
    return pair_health(
        pair=Pair(kind=PairKind.ONE_TO_ONE),
        as_of=AS_OF,
        settings=settings or _settings(),
        facts=HealthFacts(**facts),
    )


def _days_ago(n: int) -> datetime.date:
    return AS_OF - datetime.timedelta(days=n)


def test_defaults_are_the_documented_thresholds():
    settings = MentoringSettings()
    assert (settings.first_checkin_weeks, settings.checkin_interval_weeks) == (6, 8)
    assert settings.at_risk_cadence_factor == Decimal("1.5")
    assert (settings.stalled_after_days, settings.never_met_stalled_days) == (90, 30)
    assert (settings.at_risk_overdue_milestones, settings.at_risk_usefulness_at_most) == (2, 2)


def test_a_pair_meeting_on_cadence_is_healthy_with_no_reasons():
    health = _health(last_meeting_on=_days_ago(10))
    assert (health.status, health.reasons) == (HealthStatus.HEALTHY, ())
    assert (health.label, health.badge_class) == ("Healthy", "badge-ok")


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (21, HealthStatus.HEALTHY),
        (22, HealthStatus.AT_RISK),
        (90, HealthStatus.AT_RISK),
        (91, HealthStatus.STALLED),
    ],
)
def test_days_since_the_last_meeting_against_cadence_times_one_and_a_half_and_ninety(days, status):
    # Cadence 14 days × 1.5 = 21: day 21 is still fine, day 22 is at risk; stalled after 90.
    assert _health(last_meeting_on=_days_ago(days)).status == status


def test_the_at_risk_reason_says_how_long_and_what_the_program_expects():
    health = _health(last_meeting_on=_days_ago(30))
    assert health.reasons == ("Last met 30 days ago; the program expects a meeting every 14 days.",)


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (0, HealthStatus.NOT_STARTED),  # published today
        (13, HealthStatus.NOT_STARTED),  # the day before the first meeting is expected
        (14, HealthStatus.AT_RISK),  # the day it is expected, and still no meeting
        (29, HealthStatus.AT_RISK),
        (30, HealthStatus.STALLED),
    ],
)
def test_a_pair_that_never_met_is_not_started_until_its_first_meeting_is_due(days, status):
    # Cadence 14 days: the first meeting is expected 14 days after publishing; never healthy.
    health = _health(published_on=_days_ago(days), last_meeting_on=None)
    assert health.status == status


def test_not_started_is_neither_healthy_nor_at_risk_and_gives_no_reasons():
    health = _health(published_on=_days_ago(13), last_meeting_on=None)
    assert (health.status, health.reasons) == (HealthStatus.NOT_STARTED, ())
    assert (health.label, health.badge_class) == ("Not started", "badge-neutral")
    assert health.severity < _health(last_meeting_on=_days_ago(3)).severity  # after healthy, worst first


def test_not_started_wins_over_the_other_signs_until_the_first_meeting_is_due():
    answers = (CheckInAnswer(1, would_continue=False),)
    early = _health(published_on=_days_ago(10), overdue_milestones=3, latest_answers=answers)
    assert early.status == HealthStatus.NOT_STARTED
    due = _health(published_on=_days_ago(14), overdue_milestones=3, latest_answers=answers)
    assert due.status == HealthStatus.AT_RISK and len(due.reasons) == 4


def test_a_pair_that_met_before_its_first_meeting_was_due_is_healthy():
    health = _health(published_on=_days_ago(5), last_meeting_on=_days_ago(2))
    assert (health.status, health.reasons) == (HealthStatus.HEALTHY, ())
    met_today = _health(published_on=AS_OF, last_meeting_on=AS_OF)
    assert met_today.status == HealthStatus.HEALTHY


def test_a_missed_first_meeting_says_when_it_was_expected():
    health = _health(published_on=datetime.date(2027, 2, 9), last_meeting_on=None)
    assert health.reasons == (
        "No meeting yet: the first was expected by 23 Feb (the program expects one every 14 days).",
    )


def test_a_pair_matched_before_the_program_starts_counts_from_the_start():
    published = _days_ago(60)
    started = _days_ago(20)
    facts = {"published_on": published, "could_meet_from": started, "last_meeting_on": None}
    assert _health(**facts).status == HealthStatus.AT_RISK  # due 6 days ago, not stalled yet
    early = {**facts, "could_meet_from": _days_ago(10)}
    assert _health(**early).status == HealthStatus.NOT_STARTED
    late = _health(**{**facts, "could_meet_from": _days_ago(31)})
    assert late.reasons == ("The pair has not met once in the 31 days since the program started.",)


def test_never_meeting_reads_plainly():
    health = _health(published_on=_days_ago(45), last_meeting_on=None)
    assert health.reasons == ("The pair has not met once in the 45 days since they were matched.",)


@pytest.mark.parametrize(("overdue", "status"), [(1, HealthStatus.HEALTHY), (2, HealthStatus.AT_RISK)])
def test_two_overdue_milestones_put_a_pair_at_risk(overdue, status):
    health = _health(last_meeting_on=_days_ago(3), overdue_milestones=overdue)
    assert health.status == status
    if status == HealthStatus.AT_RISK:
        assert health.reasons == ("2 goal milestones are overdue.",)


@pytest.mark.parametrize(("usefulness", "status"), [(3, HealthStatus.HEALTHY), (2, HealthStatus.AT_RISK)])
def test_a_latest_usefulness_of_two_or_less_puts_a_pair_at_risk(usefulness, status):
    answers = (
        CheckInAnswer(usefulness=5, would_continue=True),
        CheckInAnswer(usefulness, would_continue=True),
    )
    assert _health(last_meeting_on=_days_ago(3), latest_answers=answers).status == status


def test_a_partner_who_would_not_continue_puts_the_pair_at_risk():
    health = _health(last_meeting_on=_days_ago(3), latest_answers=(CheckInAnswer(5, would_continue=False),))
    assert health.status == HealthStatus.AT_RISK
    assert health.reasons == ("A partner said they would not continue the relationship.",)


def test_stalled_wins_and_every_reason_is_listed_worst_first():
    health = _health(
        last_meeting_on=_days_ago(120),
        overdue_milestones=3,
        latest_answers=(CheckInAnswer(1, would_continue=False),),
    )
    assert health.status == HealthStatus.STALLED
    assert health.reasons == (
        "No meeting for 120 days.",
        "3 goal milestones are overdue.",
        "A partner rated the relationship 1 out of 5 in the latest check-in.",
        "A partner said they would not continue the relationship.",
    )


def test_thresholds_come_from_the_programs_settings():
    strict = _settings(
        at_risk_cadence_factor=Decimal("1.0"),
        stalled_after_days=30,
        at_risk_overdue_milestones=1,
        at_risk_usefulness_at_most=3,
    )
    assert _health(strict, last_meeting_on=_days_ago(15)).status == HealthStatus.AT_RISK
    assert _health(strict, last_meeting_on=_days_ago(31)).status == HealthStatus.STALLED
    assert _health(strict, last_meeting_on=_days_ago(3), overdue_milestones=1).status == HealthStatus.AT_RISK
    answers = (CheckInAnswer(3, would_continue=True),)
    assert (
        _health(strict, last_meeting_on=_days_ago(3), latest_answers=answers).status == HealthStatus.AT_RISK
    )


def test_a_group_is_called_a_group():
    health = pair_health(
        pair=Pair(kind=PairKind.GROUP),
        as_of=AS_OF,
        settings=_settings(),
        facts=HealthFacts(published_on=_days_ago(40)),
    )
    assert health.reasons[0].startswith("The group has not met once")
