"""A person in a pair tells the program team that a partner does not respond.

The report is stored and the program managers are notified (kind
``unresponsive_partner_report``) in one transaction. Privacy: the optional note is for the
managers only; the partner is not told. A person reports a given partner at most once a day
(a second click the same day is refused with a clear answer, not a second message).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from matching.models import Pair, PairMember
from organizations.clock import local_date, local_datetime
from organizations.notifications.outbox import notify_many
from sessions.access import member_in_pair
from sessions.models import Meeting, MeetingStatus, UnresponsiveReport
from sessions.reminders.common import program_managers, to_managers
from sessions.stored_facts import pairs_changed

NOTE_LIMIT = UnresponsiveReport.NOTE_LIMIT


@transaction.atomic
def unresponsive_partner_report(
    *,
    actor,
    pair: Pair,
    about_id: int | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> UnresponsiveReport:
    """Report that ``about_id`` (a current partner of the actor in ``pair``; may be left out
    when the actor has one partner) does not respond, with an optional note of at most
    ``NOTE_LIMIT`` characters. Only a current member of the pair may. Raises
    ``ValidationError`` keyed by field, and stores nothing, when refused."""
    now = now or timezone.now()
    reporter = member_in_pair(pair=pair, user=actor)
    if reporter is None:
        raise PermissionDenied("Only the people in this pair can report a partner.")
    organization = pair.organization
    partners = list(
        PairMember.objects.filter(pair=pair, left_at__isnull=True)
        .exclude(pk=reporter.pk)
        .select_related("participant__employee")
        .order_by("pk")
    )
    errors: dict[str, list[str]] = {}
    about = None
    if about_id is None and len(partners) == 1:
        about = partners[0]
    elif about_id is not None:
        about = next((p for p in partners if p.pk == about_id), None)
    if not partners:
        raise ValidationError("There is nobody else in this pair to report.")
    if about is None:
        errors["about"] = ["Choose the partner who is not responding."]
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        errors["note"] = [f"Keep the note under {NOTE_LIMIT} characters (it has {len(note)})."]
    if errors:
        raise ValidationError(errors)
    today = local_date(now, organization)
    day_start = local_datetime(today, datetime.time(0), organization)
    if UnresponsiveReport.objects.filter(
        pair=pair, reporter=reporter, about=about, created_at__gte=day_start
    ).exists():
        raise ValidationError(
            f"You already told the program team about {about.participant.employee.name} today. "
            "They have your report and will follow up."
        )
    report = UnresponsiveReport.objects.create(
        organization=organization, pair=pair, reporter=reporter, about=about, note=note, created_at=now
    )
    pairs_changed([pair], now=now)
    last_met = Meeting.objects.filter(pair=pair, status=MeetingStatus.HAPPENED, starts_at__lte=now).aggregate(
        last=Max("starts_at")
    )["last"]
    cohort = pair.cohort
    overview = reverse("mentoring:overview", kwargs={"org_slug": organization.slug, "pk": cohort.pk})
    reporter_name = reporter.participant.employee.name
    about_name = about.participant.employee.name
    notify_many(
        organization,
        to_managers(
            program_managers(organization),
            kind="unresponsive_partner_report",
            key=f"report:{report.pk}",
            subject=f"{reporter_name} reports that {about_name} is not responding",
            link=overview,
            context={
                "reporter": reporter_name,
                "about": about_name,
                "note": note,
                "cohort": cohort,
                "program": cohort.program,
                "last_met": local_date(last_met, organization) if last_met else None,
            },
        ),
        now=now,
    )
    return report
