"""The program managers' weekly digest of at-risk and stalled pairs.

Once per ISO week on the organization's calendar: on Monday from the morning hour (until the
day ends; a Monday the scans never ran is not made up later, since next Monday's digest
lists the same pairs as they stand then), each manager gets the at-risk and stalled pairs of
every active cohort whose program runs, classified by ``sessions.health.pair_health`` exactly
as the cohort overview shows them. Nothing is sent when every pair is healthy or not started
(a pair whose first meeting is not yet expected is not at risk).

Cost: one query finds whether every manager already has this week's digest (then nothing
else is read); otherwise, per running cohort, ``cohort_pair_health`` (four queries of plain values) and
``cohort_pair_facts`` for the pairs that need attention only (a dozen queries, none per pair),
and one ``notify_many``.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from cohorts.models import Cohort, CohortStatus
from matching.models import Pair
from organizations.clock import organization_tz
from organizations.models import Notification, Organization
from organizations.notifications.outbox import notify_many, recipient_key_for
from sessions.facts import PairFacts, cohort_pair_facts, cohort_pair_health
from sessions.health import HealthStatus
from sessions.reminders.common import REMINDER_HOUR, program_managers, runs_on, to_managers

DIGEST_WEEKDAY = 0  # Monday
NEEDS_ATTENTION = (HealthStatus.STALLED, HealthStatus.AT_RISK)


@dataclass
class CohortAtRisk:
    cohort: Cohort
    link: str
    stalled: list[PairFacts]
    at_risk: list[PairFacts]

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.link

    @property
    def count(self) -> int:
        return len(self.stalled) + len(self.at_risk)


def week_key(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"week:{year}-W{week:02d}"


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
        attention = [pk for pk, judged in health.items() if judged.status in NEEDS_ATTENTION]
        if not attention:
            continue
        facts = cohort_pair_facts(
            cohort=cohort, as_of=today, now=now, pairs=Pair.objects.filter(pk__in=attention)
        )
        row = CohortAtRisk(
            cohort=cohort,
            link=reverse("mentoring:overview", kwargs={"org_slug": organization.slug, "pk": cohort.pk}),
            stalled=[f for f in facts if f.health.status == HealthStatus.STALLED],
            at_risk=[f for f in facts if f.health.status == HealthStatus.AT_RISK],
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
    return len(notify_many(organization, messages, now=now, kick=False))
