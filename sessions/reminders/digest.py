"""The program managers' weekly digest of at-risk and stalled pairs.

Once per ISO week on the organization's calendar: on Monday from the morning hour (until the
day ends; a Monday the scans never ran is not made up later, since next Monday's digest
lists the same pairs as they stand then), each manager gets the at-risk and stalled pairs of
every active cohort whose program runs, classified by ``sessions.health.pair_health`` exactly
as the cohort overview shows them. Nothing is sent when every pair is healthy or not started
(a pair whose first meeting is not yet expected is not at risk).

The pairs are judged by their stored facts (``sessions/stored_facts.py``): the very rows the
cohort overview lists, so the digest and the overview never disagree, and the judgement is not
made twice. The beat's pair-facts sweep keeps them fresh (a new day's rows are ready minutes
after midnight); ``ensure_fresh`` recomputes whatever is stale before they are read, so the
digest never depends on the sweep having run.

Cost: one query finds whether every manager already has this week's digest (then nothing
else is read); otherwise the running cohorts, one query that finds their stored facts fresh
(``ensure_fresh``), one for the stored judgements of the pairs that need attention, one for
the names of their people, and one ``notify_count``, however many cohorts and pairs.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from cohorts.models import Cohort, CohortStatus
from matching.models import PairMember, PairStatus
from organizations.clock import organization_tz
from organizations.models import Notification, Organization
from organizations.notifications.outbox import notify_count, recipient_key_for
from sessions.health import HealthStatus
from sessions.models import StoredPairFacts
from sessions.reminders.common import REMINDER_HOUR, program_managers, runs_on, to_managers
from sessions.stored_facts import ensure_fresh

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


def _needing_attention(
    cohorts: list[Cohort], now: datetime.datetime
) -> dict[int, dict[int, tuple[str, list]]]:
    """Cohort id → {pair id: (health status, reasons)} of the active pairs that are stalled or
    at risk, from their fresh stored facts, in the order the overview judged them (publishing
    order). Two queries when the rows are fresh, whatever the number of cohorts."""
    if not cohorts:
        return {}
    ensure_fresh(cohorts, now)
    found: dict[int, dict[int, tuple[str, list]]] = {}
    for cohort_id, pair_id, status, reasons in (
        StoredPairFacts.objects.filter(
            cohort_id__in=[cohort.pk for cohort in cohorts],
            pair__status=PairStatus.ACTIVE,
            health_status__in=NEEDS_ATTENTION,
        )
        .order_by("pair__published_at", "pair_id")
        .values_list("cohort_id", "pair_id", "health_status", "health_reasons")
    ):
        found.setdefault(cohort_id, {})[pair_id] = (status, reasons)
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
    running = list(
        Cohort.objects.filter(
            runs_on(today, "program__"), organization=organization, status=CohortStatus.ACTIVE
        )
        .select_related("program", "organization")
        .order_by("program__name", "pk")
    )
    attention = _needing_attention(running, now)
    people = _people(pk for by_pair in attention.values() for pk in by_pair)
    cohorts = []
    for cohort in running:
        judged = attention.get(cohort.pk)
        if not judged:
            continue
        lines = {
            pk: PairAtRisk(people=" and ".join(people.get(pk, ())), reason=reasons[0] if reasons else "")
            for pk, (_, reasons) in judged.items()
        }
        cohorts.append(
            CohortAtRisk(
                cohort=cohort,
                link=reverse("mentoring:overview", kwargs={"org_slug": organization.slug, "pk": cohort.pk}),
                stalled=[lines[pk] for pk, (status, _) in judged.items() if status == HealthStatus.STALLED],
                at_risk=[lines[pk] for pk, (status, _) in judged.items() if status == HealthStatus.AT_RISK],
            )
        )
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
