"""The program managers' weekly digest of at-risk and stalled pairs.

Once per ISO week on the organization's calendar: on Monday from the morning hour (until the
day ends; a Monday the scans never ran is not made up later, since next Monday's digest
lists the same pairs as they stand then), each manager gets the at-risk and stalled pairs of
every active cohort whose program runs, classified by ``sessions.health.pair_health`` exactly
as the cohort overview shows them. Nothing is sent when every pair is healthy or not started
(a pair whose first meeting is not yet expected is not at risk).

Cost: one query finds whether every manager already has this week's digest (then nothing
else is read); otherwise, per running cohort, ``cohort_pair_health`` (four queries of plain
values, the same judgement ``cohort_pair_facts`` makes) and one query for the names of the
people in the pairs that need attention, and one ``notify_count``. (The full facts of those
pairs were read before, a dozen queries per cohort costing seconds on a thousand pairs, for
the names and the first reason only.)
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from cohorts.models import Cohort, CohortStatus
from matching.models import PairMember
from organizations.clock import organization_tz
from organizations.models import Notification, Organization
from organizations.notifications.outbox import notify_count, recipient_key_for
from sessions.facts import cohort_pair_health
from sessions.health import HealthStatus
from sessions.reminders.common import REMINDER_HOUR, program_managers, runs_on, to_managers

DIGEST_WEEKDAY = 0  # Monday
NEEDS_ATTENTION = (HealthStatus.STALLED, HealthStatus.AT_RISK)


@dataclass(frozen=True)
class PairAtRisk:
    """One line of the digest: the pair's people ("Ada and Grace") and the first reason."""

    people: str
    reason: str


@dataclass
class CohortAtRisk:
    cohort: Cohort
    link: str
    stalled: list[PairAtRisk]
    at_risk: list[PairAtRisk]

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.link

    @property
    def count(self) -> int:
        return len(self.stalled) + len(self.at_risk)


def week_key(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"week:{year}-W{week:02d}"


def _people(pair_ids) -> dict[int, list[str]]:
    """The current members' names of each pair, in the order the cohort overview lists them
    (role, joining, id). One query of plain values."""
    found: dict[int, list[str]] = {}
    for pair_id, name in (
        PairMember.objects.filter(pair_id__in=list(pair_ids), left_at__isnull=True)
        .order_by("role", "joined_at", "pk")
        .values_list("pair_id", "participant__employee__name")
    ):
        found.setdefault(pair_id, []).append(name)
    return found


def at_risk_digest_scan(organization: Organization, now: datetime.datetime) -> int:
    local = now.astimezone(organization_tz(organization))
    if local.weekday() != DIGEST_WEEKDAY or local.hour < REMINDER_HOUR:
        return 0
    today = local.date()
    key = week_key(today)
    managers = program_managers(organization)
    if not managers:
        return 0
    sent = set(
        Notification.objects.filter(organization=organization, kind="at_risk_digest", key=key).values_list(
            "recipient_key", flat=True
        )
    )
    if all(recipient_key_for(user=manager.user) in sent for manager in managers):
        return 0
    cohorts = []
    for cohort in (
        Cohort.objects.filter(
            runs_on(today, "program__"), organization=organization, status=CohortStatus.ACTIVE
        )
        .select_related("program", "organization")
        .order_by("program__name", "pk")
    ):
        health = cohort_pair_health(cohort=cohort, as_of=today, now=now)
        attention = {pk: judged for pk, judged in health.items() if judged.status in NEEDS_ATTENTION}
        if not attention:
            continue
        people = _people(attention)
        lines = {
            pk: PairAtRisk(people=" and ".join(people.get(pk, ())), reason=next(iter(judged.reasons), ""))
            for pk, judged in attention.items()
        }
        row = CohortAtRisk(
            cohort=cohort,
            link=reverse("mentoring:overview", kwargs={"org_slug": organization.slug, "pk": cohort.pk}),
            stalled=[lines[pk] for pk, judged in attention.items() if judged.status == HealthStatus.STALLED],
            at_risk=[lines[pk] for pk, judged in attention.items() if judged.status == HealthStatus.AT_RISK],
        )
        if row.count:
            cohorts.append(row)
    if not cohorts:
        return 0
    total = sum(row.count for row in cohorts)
    link = (
        cohorts[0].link
        if len(cohorts) == 1
        else reverse("mentoring:cohorts", kwargs={"org_slug": organization.slug})
    )
    messages = to_managers(
        managers,
        kind="at_risk_digest",
        key=key,
        subject=f"This week: {total} pair{'s' if total != 1 else ''} at risk or stalled",
        link=link,
        context={"cohorts": cohorts, "total": total, "week": key.removeprefix("week:")},
    )
    return notify_count(organization, messages, now=now, kick=False)
