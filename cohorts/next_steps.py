"""The cohorts app's lines on the overview: classes to choose, cohorts to start, trust profiles
unfinished (organizations/next_steps.py)."""

import datetime
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace

from django.db.models import Exists, Expression, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.navigation import selection_known
from cohorts.profiles.models import ProfileSection, TrustProfile
from cohorts.profiles.selectors import profile_or_blank
from cohorts.selectors import SELECTABLE_PROGRAM_STATUSES
from organizations.clock import local_date
from organizations.next_steps import NextStep, Tone, request_memo
from programs.next_steps import programs_in_progress, register_program_figures

# A fact per cohort that another app's next steps read, as an expression of the request (its
# person) and its time.
CohortFigure = Callable[[HttpRequest, datetime.datetime], Expression]

_figures: dict[str, CohortFigure] = {}


def register_cohort_figures(**figures: CohortFigure) -> None:
    """Add facts per cohort that an app's next steps read (matching's draft runs, the
    mentoring year's coming sessions, whether the person sits on the cohort's council…), each a
    subquery expression of the request and its time (counts:
    ``organizations.subquery_count.SubqueryCount``): ``running_cohorts`` then reads them all
    with the cohorts, in one query, instead of one query per app. Names carry the app's prefix
    (``matching_drafts``) so they never meet a field of the cohort."""
    _figures.update(figures)


def running_cohorts(request) -> list[Cohort]:
    """The cohorts being chosen or active, oldest first, with their program and organization
    and every registered figure: one query per request, shared by the cohorts', matching's and
    the mentoring year's steps."""

    def read() -> list[Cohort]:
        now = timezone.now()
        return list(
            Cohort.objects.filter(status__in=[CohortStatus.SELECTING, CohortStatus.ACTIVE])
            .select_related("program", "organization")
            .annotate(**{name: figure(request, now) for name, figure in _figures.items()})
            .order_by("created_at", "pk")
        )

    return request_memo(request, "cohorts.running_cohorts", read)


_participation_figures: dict[str, Callable[[], Expression]] = {}


def register_participation_figures(**figures: Callable[[], Expression]) -> None:
    """Add facts about each of the person's own places in classes that an app's next steps
    read (matching: whether the place has a pair), as expressions on the participant: read
    with ``own_participations``, in its one query."""
    _participation_figures.update(figures)


def own_participations(request) -> list[Participant]:
    """The cohorts the signed-in person is selected in, newest first, each with its program,
    its profile (or a blank) and every registered figure: one query per request, shared by the
    cohorts' and matching's steps and the navigation's "is in a class" test
    (cohorts/navigation.py), which it answers on the way."""

    def read() -> list[Participant]:
        found = list(
            Participant.objects.filter(
                organization=request.organization,
                employee__user=request.user,
                status=ParticipantStatus.SELECTED,
            )
            .select_related("cohort__program", "trust_profile")
            .annotate(**{name: figure() for name, figure in _participation_figures.items()})
            .order_by("-cohort__created_at", "-id")
        )
        for participant in found:
            participant.profile = profile_or_blank(participant)
        selection_known(request, selected=bool(found))  # what the navigation asks, known now
        return found

    return request_memo(request, "cohorts.own_participations", read)


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


def register_figures() -> None:
    """Whether each program in progress has a class yet, read with the programs
    (programs/next_steps.py)."""
    register_program_figures(cohorts_exist=lambda: Exists(Cohort.objects.filter(program=OuterRef("pk"))))


def cohort_manager_steps(request) -> list[NextStep]:
    """One query of its own, the active cohorts' participants with their profiles' sections;
    the programs without a class and the running cohorts are read once for the overview
    (shared with the programs', matching's and the mentoring year's steps)."""
    organization = request.organization
    slug = organization.slug
    now = timezone.now()
    steps = []
    # Taking applications or choosing, with no class yet (``programs_awaiting_a_cohort``, from
    # the programs in progress read once for the overview).
    awaiting = (
        program
        for program in programs_in_progress(request)
        if program.status in SELECTABLE_PROGRAM_STATUSES and not program.cohorts_exist
    )
    for program in awaiting:
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
    # Newest first, as the cohorts' own ordering lists them (a stable sort keeps the key order
    # among cohorts created at the same moment).
    running = sorted(running_cohorts(request), key=lambda cohort: cohort.created_at, reverse=True)
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
    """The member's own unfinished trust profiles in active cohorts (one query, shared)."""
    slug = request.organization.slug
    steps = []
    for participant in own_participations(request):
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
