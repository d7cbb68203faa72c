"""The cohorts app's lines on the overview: classes to choose, cohorts to start, trust profiles
unfinished (organizations/next_steps.py)."""

from collections import Counter
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.profiles.models import ProfileSection, TrustProfile
from cohorts.profiles.selectors import my_participations
from cohorts.selectors import programs_awaiting_a_cohort
from organizations.clock import local_date
from organizations.next_steps import NextStep, Tone

# The profile's own rule for a filled section, applied to a row's plain values.
_filled = TrustProfile.filled_sections.fget


def _unfinished(active) -> Counter:
    """The selected participants of the ``active`` cohorts whose trust profile is missing or
    incomplete, counted per cohort: one query of the five sections' plain values, judged by
    the profile's own ``filled_sections`` (no model loaded per participant)."""
    sections = [str(section) for section in ProfileSection]
    rows = Participant.objects.filter(cohort_id__in=active, status=ParticipantStatus.SELECTED).values_list(
        "cohort_id", "trust_profile__pk", *(f"trust_profile__{name}" for name in sections)
    )
    counts: Counter = Counter()
    for cohort_id, profile_pk, *values in rows:
        if profile_pk is None or len(
            _filled(SimpleNamespace(**dict(zip(sections, values, strict=True))))
        ) < len(sections):
            counts[cohort_id] += 1
    return counts


def cohort_manager_steps(request) -> list[NextStep]:
    """Three queries: programs without a class, cohorts being chosen or active, and the active
    cohorts' participants with their profiles' sections."""
    organization = request.organization
    slug = organization.slug
    now = timezone.now()
    steps = []
    for program in programs_awaiting_a_cohort():
        url = reverse("cohorts:for_program", kwargs={"org_slug": slug, "program_pk": program.pk})
        closes = program.applications_close_at
        if closes is not None and closes > now:
            day = local_date(closes, organization)
            steps.append(
                NextStep(
                    title="Choose the class once applications close",
                    detail=f"{program.name}: the window closes on {day.day} {day:%B}; "
                    "review applications until then.",
                    url=url,
                    action="See the pool",
                    tone=Tone.NEXT,
                    order=70,
                )
            )
            continue
        steps.append(
            NextStep(
                title="Choose the class",
                detail=f"{program.name}: pick a class spread across departments and levels from the accepted "
                "applicants.",
                url=url,
                action="Choose the class",
                order=20,
            )
        )
    running = list(
        Cohort.objects.filter(status__in=[CohortStatus.SELECTING, CohortStatus.ACTIVE]).select_related(
            "program"
        )
    )
    for cohort in (cohort for cohort in running if cohort.status == CohortStatus.SELECTING):
        steps.append(
            NextStep(
                title="Start the cohort when the class is set",
                detail=f"{cohort.program.name}: the class is being chosen.",
                url=reverse("cohorts:detail", kwargs={"org_slug": slug, "pk": cohort.pk}),
                action="Open the class",
                order=25,
            )
        )
    active = {cohort.pk: cohort for cohort in running if cohort.status == CohortStatus.ACTIVE}
    if active:
        for cohort_id, count in sorted(_unfinished(active).items()):
            steps.append(
                NextStep(
                    title=f"{count} trust profile{'s' if count != 1 else ''} unfinished",
                    detail=f"{active[cohort_id].program.name}: matching reads them; "
                    "remind those who have not finished.",
                    url=reverse("cohorts:profiles", kwargs={"org_slug": slug, "pk": cohort_id}),
                    action="See who",
                    order=30,
                )
            )
    return steps


def participant_steps(request) -> list[NextStep]:
    """The member's own unfinished trust profiles in active cohorts (one query)."""
    slug = request.organization.slug
    steps = []
    for participant in my_participations(user=request.user):
        if participant.cohort.status != CohortStatus.ACTIVE or participant.profile.is_complete:
            continue
        missing = len(participant.profile.missing_sections)
        steps.append(
            NextStep(
                title="Finish your trust profile",
                detail=f"{participant.cohort.program.name}: {missing} of 5 parts still empty. "
                "Your partner reads it before you first meet.",
                url=reverse("cohorts:my_profile", kwargs={"org_slug": slug, "pk": participant.cohort_id}),
                action="Finish it",
                tone=Tone.ATTENTION,
                order=10,
            )
        )
    return steps
