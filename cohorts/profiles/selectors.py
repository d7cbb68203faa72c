"""Reads of trust profiles. They assume the organization's scope is open; who may read which
profile is decided in ``cohorts/profiles/visibility.py``, never here."""

from dataclasses import dataclass

from django.db.models import QuerySet

from cohorts.models import Cohort, Participant, ParticipantStatus, ProfileSection, TrustProfile
from cohorts.profiles.visibility import manages_profiles, readable_participant_ids
from programs.models import ApplicantRole


def profile_or_blank(participant: Participant) -> TrustProfile:
    """The participant's profile, or an unsaved empty one when they have not filled it yet."""
    try:
        return participant.trust_profile
    except TrustProfile.DoesNotExist:
        return TrustProfile(organization_id=participant.organization_id, participant=participant)


def my_participations(*, user) -> list[Participant]:
    """The cohorts the user is selected in, newest first, each with its profile (or a blank)."""
    participations = list(
        Participant.objects.filter(employee__user=user, status=ParticipantStatus.SELECTED)
        .select_related("cohort__program", "trust_profile")
        .order_by("-cohort__created_at", "-id")
    )
    for participant in participations:
        participant.profile = profile_or_blank(participant)
    return participations


def my_participation_in(*, user, cohort_id: int) -> Participant | None:
    """The user's selected participation in one cohort, or None."""
    return (
        Participant.objects.filter(
            employee__user=user, cohort_id=cohort_id, status=ParticipantStatus.SELECTED
        )
        .select_related("cohort__program", "employee", "trust_profile")
        .order_by("id")
        .first()
    )


def participant_in_cohort(*, cohort_id: int, participant_id: int) -> Participant | None:
    return (
        Participant.objects.filter(pk=participant_id, cohort_id=cohort_id)
        .select_related("cohort__program", "employee", "trust_profile")
        .first()
    )


@dataclass(frozen=True)
class ProfileRow:
    """One participant on the managers' profiles page."""

    participant: Participant
    profile: TrustProfile

    @property
    def percent(self) -> int:
        return round(100 * self.profile.completion)

    @property
    def missing_labels(self) -> list[str]:
        return [ProfileSection(section).label for section in self.profile.missing_sections]

    @property
    def started(self) -> bool:
        return self.profile.pk is not None


@dataclass(frozen=True)
class CohortProfiles:
    cohort: Cohort
    mentees: list[ProfileRow]
    mentors: list[ProfileRow]

    @property
    def rows(self) -> list[ProfileRow]:
        return [*self.mentees, *self.mentors]

    @property
    def complete(self) -> int:
        return sum(1 for row in self.rows if row.profile.is_complete)

    @property
    def not_started(self) -> int:
        return sum(1 for row in self.rows if not row.started)

    @property
    def unfinished(self) -> int:
        return len(self.rows) - self.complete


def cohort_profiles(*, cohort: Cohort) -> CohortProfiles:
    """Everyone selected in the class with their profile's completion: two queries in all."""
    participants = (
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
        .select_related("employee", "trust_profile")
        .order_by("employee__name", "id")
    )
    rows = [ProfileRow(participant=p, profile=profile_or_blank(p)) for p in participants]
    return CohortProfiles(
        cohort=cohort,
        # Peers (peer circles) are listed where mentees are: the people matching places.
        mentees=[row for row in rows if row.participant.role != ApplicantRole.MENTOR],
        mentors=[row for row in rows if row.participant.role == ApplicantRole.MENTOR],
    )


def visible_profiles(*, user, membership) -> QuerySet[TrustProfile]:
    """The profiles this member may read (see ``cohorts/profiles/visibility.py``), with their people."""
    profiles = TrustProfile.objects.select_related("participant__employee", "participant__cohort").order_by(
        "participant__cohort_id", "participant_id"
    )
    if manages_profiles(membership):
        return profiles
    return profiles.filter(participant_id__in=readable_participant_ids(viewer_user=user))
