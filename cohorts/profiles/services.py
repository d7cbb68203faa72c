"""Writes to trust profiles and the organization's profile framework.

A profile may be saved part-filled (people come back to it), but whatever is filled must be
right: items come from the organization's framework, passions are exactly three different
ones, at most three values, mentor capacity 1 to 5. A bad save raises ``ValidationError``
keyed by field, with every problem listed, and stores nothing.

A manager reminds the people who have not finished (``trust_profile_reminders_send``): one
message each through the notification outbox, at most once a day.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import (
    Cohort,
    CohortStatus,
    Participant,
    ParticipantStatus,
    ProfileFramework,
    ProfileSection,
    TrustProfile,
)
from cohorts.profiles.models import (
    MAX_MENTOR_CAPACITY,
    MAX_VALUES,
    MIN_MENTOR_CAPACITY,
    PASSIONS_TO_PICK,
)
from organizations.clock import organization_today
from organizations.models import EmailStatus, Membership, Notification, Organization
from organizations.notifications.outbox import Message, notify_many
from organizations.roles import Permission
from programs.models import ApplicantRole

MAX_SKILLS = 5
PURPOSE_MAX_LENGTH = 800
FRAMEWORK_ITEM_MAX_LENGTH = 60
FRAMEWORK_MAX_ITEMS = 40
EDITABLE_COHORT_STATUSES = (CohortStatus.SELECTING, CohortStatus.ACTIVE)

_FRAMEWORK_LABELS = {"passions": "passions", "values": "values", "skills": "skills"}


def profile_framework_for(organization: Organization) -> ProfileFramework:
    """The organization's framework, made with the default lists the first time it is asked for."""
    framework = ProfileFramework.objects.filter(organization=organization).first()
    if framework is not None:
        return framework
    try:
        # A savepoint: two first requests at once must not break the caller's transaction.
        with transaction.atomic():
            return ProfileFramework.objects.create(organization=organization)
    except IntegrityError:
        return ProfileFramework.objects.get(organization=organization)


def _manages(actor, organization_id: int) -> bool:
    membership = Membership.objects.filter(user=actor, organization_id=organization_id).first()
    return membership is not None and membership.can(Permission.PROGRAMS_MANAGE)


def _clean_list(value, field: str, errors: dict[str, list[str]]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        errors.setdefault(field, []).append("Send a list of choices.")
        return []
    items = list(value)
    if not all(isinstance(item, str) for item in items):
        errors.setdefault(field, []).append("Each choice must be text.")
        return []
    return [item.strip() for item in items if item.strip()]


def _check_choices(
    items: list[str], allowed: list[str], field: str, noun: str, errors: dict[str, list[str]]
) -> None:
    repeated = [item for item, count in Counter(items).items() if count > 1]
    if repeated:
        errors.setdefault(field, []).append(f"Pick each {noun} once: “{repeated[0]}” is there twice.")
    unknown = [item for item in dict.fromkeys(items) if item not in allowed]
    if unknown:
        listed = ", ".join(f"“{item}”" for item in unknown)
        errors.setdefault(field, []).append(
            f"{listed} {'is' if len(unknown) == 1 else 'are'} not among your organization's {noun}s; "
            "pick from the list."
        )


@transaction.atomic
def trust_profile_save(
    *,
    participant: Participant,
    actor,
    values: list[str],
    passions: list[str],
    purpose_statement: str,
    strengths: list[str],
    learning_wishes: list[str],
    mentor_capacity: int | None = None,
) -> TrustProfile:
    """Save ``participant``'s trust profile (create it the first time); return it.

    Only the person themselves (their roster row is linked to ``actor``) or a program
    manager of the organization may save it (``PermissionDenied`` otherwise), while the person
    is selected in a cohort that is being chosen or running. Sections may be left empty — the
    profile is then incomplete — but a filled section must hold: values 1 to 3, passions
    exactly three different ones, strengths and learning wishes up to five each, all from the
    organization's framework; a purpose statement up to 800 characters. ``mentor_capacity``
    (1 to 5) is kept for mentors only; ``None`` leaves it as it was.
    """
    participant = Participant.objects.select_related("employee", "cohort").get(pk=participant.pk)
    is_self = actor is not None and participant.employee.user_id == getattr(actor, "pk", None)
    if not is_self and not _manages(actor, participant.organization_id):
        raise PermissionDenied("Only the person themselves or a program manager can change a trust profile.")
    if participant.status != ParticipantStatus.SELECTED:
        raise ValidationError("This person has left the cohort, so their trust profile is kept as it was.")
    if participant.cohort.status not in EDITABLE_COHORT_STATUSES:
        raise ValidationError(
            f"{participant.cohort.name} is {participant.cohort.get_status_display().lower()}; "
            "its trust profiles can no longer change."
        )

    framework = profile_framework_for(participant.cohort.organization)
    errors: dict[str, list[str]] = {}
    values = _clean_list(values, "values", errors)
    passions = _clean_list(passions, "passions", errors)
    strengths = _clean_list(strengths, "strengths", errors)
    learning_wishes = _clean_list(learning_wishes, "learning_wishes", errors)

    _check_choices(values, framework.values, "values", "value", errors)
    if len(values) > MAX_VALUES:
        errors.setdefault("values", []).append(
            f"Pick at most {MAX_VALUES} values — the ones that matter most to you. You picked {len(values)}."
        )
    _check_choices(passions, framework.passions, "passions", "passion", errors)
    if passions and len(passions) != PASSIONS_TO_PICK:
        errors.setdefault("passions", []).append(
            f"Pick exactly {PASSIONS_TO_PICK} passions, your dominant three. You picked {len(passions)}."
        )
    for field, items, what in (
        ("strengths", strengths, "strengths"),
        ("learning_wishes", learning_wishes, "things to learn"),
    ):
        _check_choices(items, framework.skills, field, "skill", errors)
        if len(items) > MAX_SKILLS:
            errors.setdefault(field, []).append(
                f"Pick at most {MAX_SKILLS} {what}, so your partner sees what matters most. "
                f"You picked {len(items)}."
            )

    purpose_statement = (purpose_statement or "").strip()
    if len(purpose_statement) > PURPOSE_MAX_LENGTH:
        errors.setdefault("purpose_statement", []).append(
            f"Keep your purpose statement under {PURPOSE_MAX_LENGTH} characters "
            f"(it has {len(purpose_statement)})."
        )

    profile = TrustProfile.objects.select_for_update().filter(participant=participant).first()
    capacity = profile.mentor_capacity if profile else MIN_MENTOR_CAPACITY
    if participant.role == ApplicantRole.MENTOR and mentor_capacity is not None:
        if (
            isinstance(mentor_capacity, bool)
            or not isinstance(mentor_capacity, int)
            or not (MIN_MENTOR_CAPACITY <= mentor_capacity <= MAX_MENTOR_CAPACITY)
        ):
            errors.setdefault("mentor_capacity", []).append(
                f"A mentor can take {MIN_MENTOR_CAPACITY} to {MAX_MENTOR_CAPACITY} mentees."
            )
        else:
            capacity = mentor_capacity
    if errors:
        raise ValidationError(errors)

    if profile is None:
        profile = TrustProfile(organization_id=participant.organization_id, participant=participant)
    profile.values = values
    profile.passions = passions
    profile.purpose_statement = purpose_statement
    profile.strengths = strengths
    profile.learning_wishes = learning_wishes
    profile.mentor_capacity = capacity
    profile.updated_by = actor
    profile.save()
    return profile


def _items_in_use(organization: Organization) -> dict[str, Counter]:
    """How many of the organization's trust profiles use each passion, value and skill."""
    used = {"passions": Counter(), "values": Counter(), "skills": Counter()}
    rows = TrustProfile.objects.filter(organization=organization).values_list(
        "passions", "values", "strengths", "learning_wishes"
    )
    for passions, values, strengths, wishes in rows:
        used["passions"].update(set(passions))
        used["values"].update(set(values))
        used["skills"].update(set(strengths) | set(wishes))
    return used


def _clean_framework_list(items, field: str, errors: dict[str, list[str]]) -> list[str]:
    items = _clean_list(items, field, errors)
    noun = _FRAMEWORK_LABELS[field]
    minimum = PASSIONS_TO_PICK if field == "passions" else 1
    if len(items) < minimum:
        errors.setdefault(field, []).append(
            f"Keep at least {minimum} {noun}{' so people can pick three' if field == 'passions' else ''}."
        )
    if len(items) > FRAMEWORK_MAX_ITEMS:
        errors.setdefault(field, []).append(f"Keep the list to {FRAMEWORK_MAX_ITEMS} {noun} at most.")
    too_long = [item for item in items if len(item) > FRAMEWORK_ITEM_MAX_LENGTH]
    if too_long:
        errors.setdefault(field, []).append(
            f"Keep each item under {FRAMEWORK_ITEM_MAX_LENGTH} characters: “{too_long[0][:30]}…” is longer."
        )
    seen: dict[str, str] = {}
    for item in items:
        if item.casefold() in seen:
            errors.setdefault(field, []).append(f"“{item}” is in the list twice.")
            break
        seen[item.casefold()] = item
    return items


@transaction.atomic
def profile_framework_update(
    *, organization: Organization, actor, passions: list[str], values: list[str], skills: list[str]
) -> ProfileFramework:
    """Replace the organization's passion, value and skill lists; return the framework.

    Program managers and admins only. A passion, value or skill that a trust profile already
    uses cannot be removed (or renamed, which removes the old name): the message names each one
    and how many profiles use it. Order is kept as given; it is the order people see.
    """
    if not _manages(actor, organization.pk):
        raise PermissionDenied("Only program managers and admins can change the profile framework.")
    framework = profile_framework_for(organization)
    framework = ProfileFramework.objects.select_for_update().get(pk=framework.pk)
    errors: dict[str, list[str]] = {}
    wanted = {
        "passions": _clean_framework_list(passions, "passions", errors),
        "values": _clean_framework_list(values, "values", errors),
        "skills": _clean_framework_list(skills, "skills", errors),
    }
    in_use = _items_in_use(organization)
    for field, items in wanted.items():
        removed = [item for item in getattr(framework, field) if item not in set(items)]
        still_used = [item for item in removed if in_use[field][item]]
        if still_used:
            one = len(still_used) == 1
            listed = ", ".join(
                f"“{item}” ({in_use[field][item]} profile{'s' if in_use[field][item] != 1 else ''})"
                for item in still_used
            )
            errors.setdefault(field, []).append(
                f"{listed} {'is' if one else 'are'} in use in trust profiles, so "
                f"{'it stays' if one else 'they stay'}. "
                f"People can change their picks first; then remove {'it' if one else 'them'}."
            )
    if errors:
        raise ValidationError(errors)
    framework.passions = wanted["passions"]
    framework.values = wanted["values"]
    framework.skills = wanted["skills"]
    framework.updated_by = actor
    framework.save()
    return framework


@dataclass(frozen=True)
class ReminderResult:
    """What "remind those who have not finished" did: ``reminded`` people got a reminder now,
    ``already`` had one today, of ``unfinished`` people whose profile is not complete."""

    unfinished: int
    reminded: int
    already: int

    @property
    def summary(self) -> str:
        if not self.unfinished:
            return "Every trust profile in the class is complete: there is nobody to remind."
        if self.reminded:
            people = "person who has" if self.reminded == 1 else "people who have"
            text = f"Reminded {self.reminded} {people} not finished their trust profile."
            if self.already:
                verb = "was" if self.already == 1 else "were"
                text += f" {self.already} already reminded today {verb} not reminded again."
            return text
        if self.already:
            return "Everyone who has not finished was already reminded today; nobody is reminded twice a day."
        return "Nobody was reminded: the people who have not finished left the roster or take no reminders."


@transaction.atomic
def trust_profile_reminders_send(
    *, cohort: Cohort, actor, now: datetime.datetime | None = None
) -> ReminderResult:
    """A manager reminds everyone in the class whose trust profile is not complete.

    One message per person per day (the key holds the organization's date), so a double click
    or a second click the same day reminds nobody twice. People who have left the class or the
    roster are not reminded; each person's choice of email or in-app is respected. Refused for
    someone who does not manage programs, and once the cohort is completed.
    """
    now = now or timezone.now()
    if not _manages(actor, cohort.organization_id):
        raise PermissionDenied("Only program managers remind people about their trust profiles.")
    cohort = Cohort.objects.select_related("program__organization").get(pk=cohort.pk)
    if cohort.status not in EDITABLE_COHORT_STATUSES:
        raise ValidationError(
            f"{cohort.name} is {cohort.get_status_display().lower()}; "
            "its trust profiles can no longer change."
        )
    organization = cohort.program.organization
    participants = (
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
        .select_related("employee__user", "trust_profile")
        .order_by("employee__name", "pk")
    )
    unfinished = []
    for participant in participants:
        try:
            profile = participant.trust_profile
        except TrustProfile.DoesNotExist:
            profile = TrustProfile(organization_id=participant.organization_id, participant=participant)
        if not profile.is_complete:
            unfinished.append((participant, profile))
    if not unfinished:
        return ReminderResult(unfinished=0, reminded=0, already=0)
    today = organization_today(organization, now)
    link = reverse("cohorts:my_profile", kwargs={"org_slug": organization.slug, "pk": cohort.pk})
    messages = [
        Message(
            kind="trust_profile_reminder",
            key=f"participant:{participant.pk}:{today.isoformat()}",
            subject=f"{cohort.program.name}: please finish your trust profile",
            context={
                "name": participant.employee.name,
                "program": cohort.program,
                "cohort": cohort,
                "started": profile.pk is not None,
                "percent": round(100 * profile.completion),
                "missing": [ProfileSection(section).label.lower() for section in profile.missing_sections],
            },
            user=participant.employee.user,
            email="" if participant.employee.user else participant.employee.email,
            employee=participant.employee,
            link=link,
        )
        for participant, profile in unfinished
    ]
    keys = [message.key for message in messages]
    already = Notification.objects.filter(
        organization=organization, kind="trust_profile_reminder", key__in=keys
    ).count()
    created = notify_many(organization, messages, now=now)
    reminded = sum(1 for row in created if row.in_app or row.email_status != EmailStatus.SKIPPED)
    return ReminderResult(unfinished=len(unfinished), reminded=reminded, already=already)
