"""Relationship check-ins: a short pulse survey each partner answers some weeks after the pair
is published, then at the program's interval.

The schedule is arithmetic on the publishing date (``checkin_due_on``), so the daily task can
recompute it from scratch; ``(pair, member, round)`` is unique, so running the task twice, or
two workers at once, makes each survey once. Privacy: the free-text comment goes to cohort
managers only.
"""

import datetime

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortStatus
from matching.models import Pair, PairMember, PairStatus
from organizations.clock import local_date
from organizations.models import Organization
from organizations.notifications.enqueue import send_hint
from sessions.models import CheckIn, MentoringSettings
from sessions.services.settings import mentoring_settings_for

COMMENT_LIMIT = 5_000


def checkin_due_on(*, published_on: datetime.date, round: int, settings: MentoringSettings) -> datetime.date:
    """The day round ``round`` (1, 2, …) falls due: N weeks after publishing, then every M weeks."""
    weeks = settings.first_checkin_weeks + (round - 1) * settings.checkin_interval_weeks
    return published_on + datetime.timedelta(weeks=weeks)


def latest_due_round(
    *, published_on: datetime.date, today: datetime.date, settings: MentoringSettings, ends_on: datetime.date
) -> int:
    """The most recent round due on or before ``today`` and before the program ends; 0 if none."""
    last_day = min(today, ends_on)
    first = checkin_due_on(published_on=published_on, round=1, settings=settings)
    if last_day < first:
        return 0
    return 1 + (last_day - first).days // (7 * settings.checkin_interval_weeks)


def checkins_create_due(*, organization: Organization, today: datetime.date) -> list[CheckIn]:
    """Make the check-ins that are due today for every current member of every active pair of
    the organization's active cohorts, and email each new one after commit.

    Only the latest due round is made: a pair published long before the feature existed gets
    one survey, not a backlog. Returns the check-ins made by this call.
    """
    from sessions.tasks import send_checkin_email

    pairs = list(
        Pair.objects.filter(status=PairStatus.ACTIVE, cohort__status=CohortStatus.ACTIVE)
        .select_related("cohort__program")
        .order_by("pk")
    )
    settings_by_program: dict[int, MentoringSettings] = {}
    due: dict[int, tuple[Pair, int, datetime.date]] = {}  # pair id → (pair, round, due on)
    for pair in pairs:
        program = pair.cohort.program
        if program.pk not in settings_by_program:
            settings_by_program[program.pk] = mentoring_settings_for(program=program)
        settings = settings_by_program[program.pk]
        published_on = local_date(pair.published_at, organization)
        round = latest_due_round(
            published_on=published_on, today=today, settings=settings, ends_on=program.end_date
        )
        if round:
            due[pair.pk] = (
                pair,
                round,
                checkin_due_on(published_on=published_on, round=round, settings=settings),
            )
    if not due:
        return []
    existing = set(CheckIn.objects.filter(pair_id__in=due).values_list("pair_id", "member_id", "round"))
    made: list[CheckIn] = []
    for member in PairMember.objects.filter(pair_id__in=due, left_at__isnull=True).order_by("pair_id", "pk"):
        pair, round, due_on = due[member.pair_id]
        if (pair.pk, member.pk, round) in existing:
            continue
        with transaction.atomic():
            checkin, created = CheckIn.objects.get_or_create(
                pair=pair,
                member=member,
                round=round,
                defaults={"organization_id": organization.pk, "due_on": due_on},
            )
            if created:
                made.append(checkin)
                transaction.on_commit(
                    lambda pk=checkin.pk: send_hint(send_checkin_email, organization.pk, pk)
                )
    return made


@transaction.atomic
def checkin_send_email(*, checkin: CheckIn) -> bool:
    """Email the partner the link to their check-in, once. Returns whether an email went out."""
    checkin = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("member__participant__employee__user", "pair__cohort__program__organization")
        .get(pk=checkin.pk)
    )
    if checkin.emailed_at is not None or checkin.answered_at is not None:
        return False
    employee = checkin.member.participant.employee
    program = checkin.pair.cohort.program
    organization = program.organization
    link = django_settings.SITE_URL + reverse(
        "mentoring:checkin", kwargs={"org_slug": organization.slug, "pk": checkin.pair_id}
    )
    send_mail(
        subject=f"{program.name}: how is your mentoring going?",
        message=(
            f"Hello {employee.name},\n\n"
            "Four quick questions about your mentoring relationship: how useful it is, whether you "
            "meet as planned, and whether you would continue. It takes a minute.\n\n"
            f"{link}\n\n"
            "Your answers help the program team support you. Anything you write in the comment is "
            "read by the program team only, never by your partner.\n\n"
            f"— {organization.name}, via Lodestar\n"
        ),
        from_email=None,
        recipient_list=[employee.user.email if employee.user else employee.email],
    )
    checkin.emailed_at = timezone.now()
    checkin.save(update_fields=["emailed_at"])
    return True


def open_checkin_for(*, pair: Pair, member: PairMember) -> CheckIn | None:
    """The member's latest unanswered check-in in the pair, if any."""
    return (
        CheckIn.objects.filter(pair=pair, member=member, answered_at__isnull=True).order_by("-round").first()
    )


@transaction.atomic
def checkin_answer(
    *,
    actor,
    checkin: CheckIn,
    usefulness: int | None,
    met_as_planned: bool | None,
    would_continue: bool | None,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Save one partner's answers. Usefulness is a whole number from 1 to 5; the two yes/no
    questions need an answer; each check-in is answered once. Raises ``ValidationError`` keyed
    by field and changes nothing then."""
    checkin = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("member__participant__employee")
        .get(pk=checkin.pk)
    )
    if actor is None or checkin.member.participant.employee.user_id != actor.pk:
        raise PermissionDenied("This check-in is someone else's.")
    if checkin.answered_at is not None:
        raise ValidationError("You have already answered this check-in. Thank you!")
    errors: dict[str, list[str]] = {}
    if (
        not isinstance(usefulness, int)
        or isinstance(usefulness, bool)
        or not CheckIn.USEFULNESS_MIN <= usefulness <= CheckIn.USEFULNESS_MAX
    ):
        errors["usefulness"] = ["Rate how useful the relationship is from 1 (not at all) to 5 (very)."]
    if met_as_planned not in (True, False):
        errors["met_as_planned"] = ["Say whether you have met as planned."]
    if would_continue not in (True, False):
        errors["would_continue"] = ["Say whether you would continue with this partner."]
    if len(comment) > COMMENT_LIMIT:
        errors["comment"] = [f"Keep the comment under {COMMENT_LIMIT:,} characters."]
    if errors:
        raise ValidationError(errors)
    checkin.usefulness = usefulness
    checkin.met_as_planned = met_as_planned
    checkin.would_continue = would_continue
    checkin.comment = comment.strip()
    checkin.answered_at = now or timezone.now()
    checkin.save()
    return checkin
