"""From the database to the engine: one cohort's people, rules and constraints, in a few queries.

``cohort_inputs`` reads, whatever the cohort's size, a fixed number of queries: the program's
match settings, the selected participants with their roster rows and trust profiles, the whole
roster's manager links (so "same reporting line" reaches any depth, through managers who are
not in the cohort), the cohort's pairs (who is paired now, how many mentees each mentor has,
which pairs ended), pins, forbids, earlier cohorts' pairs of these people, hybrid ranks and
the organization's passion framework. It returns the engine's ``MatchProfile`` records and
``Constraints`` keyed by roster employee id (the key of ``manager_of``), and the maps back to
participants.

Who is in a run: every selected mentee without a current pair, and every selected mentor
with a place left (their capacity minus the mentees they already have). Before anything is
published that is the whole class; after a rematch it is the people affected. Peer-circle
programs take every selected participant without a current circle.

Capacity: a one-to-one mentor takes ``TrustProfile.mentor_capacity`` mentees (1 without a
profile); a group mentor takes the program's group size, or fewer when their trust profile
says so (the smaller of the two: "How many mentees can you take? 1" means one).

Hybrid programs that honour first choices (``MatchSettings.honour_first_choices``) give the
solver each ranking mentee's first choice among the mentors in the run
(``Constraints.first_choices``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import TextField
from django.db.models.functions import Cast

from cohorts.models import Cohort, Participant, ParticipantStatus
from cohorts.places import mentor_places
from cohorts.profiles.services import profile_framework_for
from matching.features import MatchProfile
from matching.models import (
    CircleChoice,
    CircleChoiceKind,
    ForbiddenPair,
    MatchMode,
    MatchSettings,
    MemberRole,
    MenteeRanking,
    PairMember,
    PairStatus,
    PinnedPair,
)
from matching.scoring import COMPONENTS, DEFAULT_WEIGHTS, ScoringRules
from matching.solver import Constraints
from organizations.roster.reporting_lines import manager_links, same_reporting_line
from programs.models import ApplicantRole, Program, Structure
from programs.templates_catalog import program_template

DEFAULT_CIRCLE_SIZE = 4


def settings_for(program: Program, *, with_author: bool = False) -> MatchSettings:
    """The program's saved settings, or unsaved defaults (nothing is written on a read): those
    of the template the program started from (``programs/templates_catalog.py``), else the
    engine's. The mode is the one chosen when the program was designed (``Program.matching_mode``;
    the settings page changes both)."""
    saved = MatchSettings.objects.filter(program=program)
    if with_author:  # who saved them last, read in the same query (the program page names them)
        saved = saved.select_related("updated_by")
    found = saved.first()
    if found is None:
        template = program_template(program.template)
        found = MatchSettings(
            organization_id=program.organization_id,
            program=program,
            weights={**DEFAULT_WEIGHTS, **(template.matching_weights if template else {})},
            min_level_gap=template.min_level_gap if template else 1,
        )
    found.mode = program.matching_mode
    return found


def scoring_rules(match_settings: MatchSettings) -> ScoringRules:
    """The engine's rules for these settings. A manager-matched program has no ranks, so its
    ``mentee_rank`` weight is 0: it would only inflate the best possible score."""
    weights = {name: float(match_settings.weights.get(name, DEFAULT_WEIGHTS[name])) for name in COMPONENTS}
    if match_settings.mode != MatchMode.HYBRID:
        weights["mentee_rank"] = 0.0
    return ScoringRules(
        weights=weights,
        min_level_gap=match_settings.min_level_gap,
        level_gap_is_hard=match_settings.level_gap_is_hard,
        shortlist_size=max(1, match_settings.shortlist_size),
    )


def settings_snapshot(match_settings: MatchSettings, rules: ScoringRules, program: Program) -> dict:
    return {
        "weights": dict(rules.weights),
        "min_level_gap": rules.min_level_gap,
        "level_gap_is_hard": rules.level_gap_is_hard,
        "mode": match_settings.mode,
        "shortlist_size": rules.shortlist_size,
        "allow_previous_pairs": match_settings.allow_previous_pairs,
        "load_balance": match_settings.load_balance,
        "honour_first_choices": match_settings.is_hybrid and match_settings.honour_first_choices,
        "structure": program.structure,
        "group_size": program.group_size,
    }


def load_penalty(match_settings: MatchSettings, rules: ScoringRules) -> float:
    """What each mentee after a mentor's first costs a run, in score points: the program's
    ``load_balance`` percentage of the best possible pair score (``matching/solver.py``)."""
    return match_settings.load_balance / 100 * rules.max_score


def mentor_capacity(program: Program, profile_capacity: int | None) -> int:
    """How many mentees a mentor takes in the program (``cohorts/places.py``, shared with the
    class start page); ``profile_capacity`` is their trust profile's, ``None`` without one."""
    return mentor_places(program, profile_capacity)


def circle_size(program: Program) -> int:
    return program.group_size or DEFAULT_CIRCLE_SIZE


@dataclass(frozen=True)
class Person:
    """A selected participant as matching reads them: roster facts and trust profile, from one
    row of one query. Not model instances: at 14,000 people, building model rows costs several
    times the query. ``pk`` is the participant's id."""

    pk: int
    employee_id: int
    role: str
    name: str
    department: str
    level: int
    location: str
    has_profile: bool
    values: tuple[str, ...]
    passions: tuple[str, ...]
    strengths: tuple[str, ...]
    learning_wishes: tuple[str, ...]
    profile_capacity: int | None


_PERSON_COLUMNS = (
    "pk",
    "employee_id",
    "role",
    "employee__name",
    "employee__department",
    "employee__level",
    "employee__location",
    "trust_profile__pk",
    "trust_profile__mentor_capacity",
)
_PROFILE_LISTS = ("values", "passions", "strengths", "learning_wishes")


def _parsed_lists(texts: list[str | None]) -> list:
    """Many JSON texts parsed with one ``json.loads`` (a missing profile's ``None`` stays None):
    at 14,000 people × 4 lists, one parse per value cost more than the query."""
    return json.loads("[" + ",".join("null" if text is None else text for text in texts) + "]")


def people(participants) -> list[Person]:
    """The participants of a queryset as ``Person`` records, in its order, in one query.

    The trust profile's lists are read as JSON text and parsed per column at once."""
    as_text = {f"{name}_json": Cast(f"trust_profile__{name}", TextField()) for name in _PROFILE_LISTS}
    rows = list(participants.annotate(**as_text).values_list(*_PERSON_COLUMNS, *as_text))
    width = len(_PERSON_COLUMNS)
    lists = [_parsed_lists([row[width + n] for row in rows]) for n in range(len(_PROFILE_LISTS))]
    return [
        Person(
            pk=pk,
            employee_id=employee_id,
            role=role,
            name=name,
            department=department,
            level=level,
            location=location,
            has_profile=profile_pk is not None,
            values=tuple(values or ()),
            passions=tuple(passions or ()),
            strengths=tuple(strengths or ()),
            learning_wishes=tuple(wishes or ()),
            profile_capacity=capacity,
        )
        for (
            pk,
            employee_id,
            role,
            name,
            department,
            level,
            location,
            profile_pk,
            capacity,
            *_,
        ), values, passions, strengths, wishes in zip(rows, *lists, strict=True)
    ]


def match_profile(person: Person) -> MatchProfile:
    """The engine's view of one participant: roster facts plus their trust profile, if any."""
    is_mentee = person.role == ApplicantRole.MENTEE
    return MatchProfile(
        id=person.employee_id,
        department=person.department,
        level=person.level,
        location=person.location,
        values=frozenset(person.values),
        passions=frozenset(person.passions),
        wishes=frozenset(person.learning_wishes) if is_mentee else frozenset(),
        strengths=frozenset(person.strengths) if not is_mentee else frozenset(),
    )


@dataclass
class CohortInputs:
    """Everything one run needs, read from the database; ids are roster employee ids."""

    cohort: Cohort
    program: Program
    match_settings: MatchSettings
    rules: ScoringRules
    mentees: list[Person]
    mentors: list[Person]
    mentee_profiles: list[MatchProfile]
    mentor_profiles: list[MatchProfile]
    manager_of: dict[int, int | None]
    constraints: Constraints
    ranks: dict[int, list[int]]
    passion_framework: tuple[str, ...]
    by_employee: dict[int, Person]
    # Mentor participant id → places they have in this run (capacity minus current mentees).
    places: dict[int, int]
    # Pins that cannot take part in this run, in words (the mentor has no place left, …).
    skipped_pins: list[str] = field(default_factory=list)
    already_paired: int = 0
    # Whether the cohort has had published pairs (then a run is for the people without one).
    after_publishing: bool = False
    # Peer circles: the manager's choices (``CircleChoice``), as employee id pairs.
    keep_together: list[tuple[int, int]] = field(default_factory=list)
    keep_apart: list[tuple[int, int]] = field(default_factory=list)

    @property
    def is_circles(self) -> bool:
        return self.program.structure == Structure.PEER_CIRCLE

    def participant(self, employee_id: int) -> Person:
        return self.by_employee[employee_id]


def _selected(cohort: Cohort) -> list[Person]:
    return people(
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).order_by(
            "role", "added_at", "id"
        )
    )


def cohort_memberships(cohort: Cohort) -> list[tuple[int, int, str, bool]]:
    """(pair id, participant id, role, current) of every pair member in the cohort."""
    rows = PairMember.objects.filter(pair__cohort=cohort).values_list(
        "pair_id", "participant_id", "role", "left_at", "pair__status"
    )
    return [
        (pair_id, participant_id, role, left_at is None and status == PairStatus.ACTIVE)
        for pair_id, participant_id, role, left_at, status in rows
    ]


def earlier_pairs(cohort: Cohort) -> set[tuple[int, int]]:
    """Roster employees (smaller id first) who shared a pair in another cohort of the organization,
    for everyone selected in ``cohort``; in any role, whether that pair ended or not."""
    in_this_cohort = Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).values(
        "employee_id"
    )
    earlier = PairMember.objects.filter(
        organization_id=cohort.organization_id,
        pair__in=PairMember.objects.filter(participant__employee_id__in=in_this_cohort)
        .exclude(pair__cohort=cohort)
        .values("pair_id"),
    ).values_list("pair_id", "participant__employee_id")
    members: dict[int, set[int]] = defaultdict(set)
    for pair_id, employee_id in earlier:
        members[pair_id].add(employee_id)
    return {tuple(sorted(two)) for people in members.values() for two in combinations(people, 2)}


def ended_pairings(memberships: list[tuple[int, int, str, bool]]) -> set[tuple[int, int]]:
    """(mentee, mentor) participant ids whose pairing ended in this cohort: a one-to-one pair
    that ended, or a mentee who left a group. ``memberships`` is ``cohort_memberships``."""
    mentors_of: dict[int, list[int]] = defaultdict(list)
    for pair_id, participant_id, role, _current in memberships:
        if role == MemberRole.MENTOR:
            mentors_of[pair_id].append(participant_id)
    return {
        (participant_id, mentor_id)
        for pair_id, participant_id, role, current in memberships
        if role == MemberRole.MENTEE and not current
        for mentor_id in mentors_of[pair_id]
    }


def _forbidden(cohort, by_participant, mentee_ids, mentor_ids, ended) -> set[tuple[int, int]]:
    """The manager's forbidden pairs, and every pairing that ended in this cohort (a rematch is
    never undone by the next run), as (mentee, mentor) employee ids of people in the run."""
    forbids = set(ForbiddenPair.objects.filter(cohort=cohort).values_list("mentee_id", "mentor_id"))
    return {
        (by_participant[mentee_pk].employee_id, by_participant[mentor_pk].employee_id)
        for mentee_pk, mentor_pk in forbids | ended
        if mentee_pk in mentee_ids and mentor_pk in mentor_ids
    }


def _pins(cohort, by_participant, mentee_ids, places, manager_of, forbidden) -> tuple[list, list[str]]:
    """Pins that hold in this run, and those that cannot, in words.

    The pin service refuses a pin that breaks a hard rule, but the roster, a capacity or a
    rematch may have changed since; such a pin is left out of the run and named, never an error.
    """
    pins: list[tuple[int, int]] = []
    skipped: list[str] = []
    used: dict[int, int] = defaultdict(int)
    for pin in PinnedPair.objects.filter(cohort=cohort).order_by("id"):
        if pin.mentee_id not in mentee_ids:
            continue  # paired already, or withdrawn: the pin has done its work
        mentee = by_participant[pin.mentee_id]
        mentor = by_participant.get(pin.mentor_id)
        names = f"{mentee.name} is pinned to {mentor.name if mentor else 'a mentor'}"
        cell = (mentee.employee_id, mentor.employee_id if mentor else None)
        if mentor is None or pin.mentor_id not in places:
            skipped.append(f"{names}, who has no place left in this run; the pin waits until they have one.")
        elif same_reporting_line(manager_of, *cell):
            skipped.append(
                f"{names}, but the roster now puts them in one reporting line; the pin is left out."
            )
        elif cell in forbidden:
            skipped.append(f"{names}, but their pair ended in a rematch; the pin is left out.")
        elif used[mentor.pk] >= places[mentor.pk]:
            skipped.append(f"{names}, whose places are all taken by other pins; the pin is left out.")
        else:
            used[mentor.pk] += 1
            pins.append(cell)
    return pins, skipped


def _ranks(cohort, by_participant, mentee_ids, mentor_ids, shortlist_size: int) -> dict[int, list[int]]:
    """Hybrid: each mentee's ranked mentors, favourite first, among the mentors in the run.

    A ranked mentor who has no place left drops out and the others move up: the rank a mentee
    gave counts among the mentors they can still get.
    """
    ranks: dict[int, list[int]] = {}
    ranked = MenteeRanking.objects.filter(mentee__cohort=cohort).order_by("mentee_id", "rank")
    for mentee_pk, mentor_pk in ranked.values_list("mentee_id", "mentor_id"):
        if mentee_pk in mentee_ids and mentor_pk in mentor_ids:
            mentors = ranks.setdefault(by_participant[mentee_pk].employee_id, [])
            if len(mentors) < shortlist_size:
                mentors.append(by_participant[mentor_pk].employee_id)
    return ranks


def cohort_inputs(cohort: Cohort, *, match_settings: MatchSettings | None = None) -> CohortInputs:
    """Read one cohort for a run (see the module docstring for who is in it)."""
    program = cohort.program
    match_settings = match_settings or settings_for(program)
    rules = scoring_rules(match_settings)
    participants = _selected(cohort)
    memberships = cohort_memberships(cohort)
    current_pair_of: dict[int, int] = {}
    mentees_in_pair: dict[int, int] = defaultdict(int)
    for pair_id, participant_id, role, current in memberships:
        if current and role != MemberRole.MENTOR:
            current_pair_of[participant_id] = pair_id
            mentees_in_pair[pair_id] += 1
    # A mentor's load is their current mentees, whatever the pair's shape.
    mentor_load: dict[int, int] = defaultdict(int)
    for pair_id, participant_id, role, current in memberships:
        if current and role == MemberRole.MENTOR:
            mentor_load[participant_id] += mentees_in_pair[pair_id]

    is_circles = program.structure == Structure.PEER_CIRCLE
    mentees: list[Person] = []
    mentors: list[Person] = []
    places: dict[int, int] = {}
    for participant in participants:
        if is_circles or participant.role == ApplicantRole.MENTEE:
            if participant.pk not in current_pair_of:
                mentees.append(participant)
        else:
            left = mentor_capacity(program, participant.profile_capacity) - mentor_load[participant.pk]
            if left > 0:
                mentors.append(participant)
                places[participant.pk] = left
    by_participant = {p.pk: p for p in participants}
    by_employee = {p.employee_id: p for p in participants}
    mentee_ids = {p.pk for p in mentees}
    mentor_ids = {p.pk for p in mentors}

    manager_of = manager_links(cohort.organization_id)
    forbidden: set[tuple[int, int]] = set()
    pins: list[tuple[int, int]] = []
    skipped: list[str] = []
    ranks: dict[int, list[int]] = {}
    if not is_circles:
        forbidden = _forbidden(cohort, by_participant, mentee_ids, mentor_ids, ended_pairings(memberships))
        pins, skipped = _pins(cohort, by_participant, mentee_ids, places, manager_of, forbidden)
        if match_settings.mode == MatchMode.HYBRID:
            ranks = _ranks(cohort, by_participant, mentee_ids, mentor_ids, rules.shortlist_size)

    keep_together: list[tuple[int, int]] = []
    keep_apart: list[tuple[int, int]] = []
    if is_circles:
        for kind, first, second in CircleChoice.objects.filter(cohort=cohort).values_list(
            "kind", "first_id", "second_id"
        ):
            if first in by_participant and second in by_participant:
                ids = (by_participant[first].employee_id, by_participant[second].employee_id)
                (keep_together if kind == CircleChoiceKind.TOGETHER else keep_apart).append(ids)

    framework = profile_framework_for(cohort.organization)
    constraints = Constraints(
        capacity={by_participant[pk].employee_id: left for pk, left in places.items()},
        default_capacity=0,
        pinned=pins,
        forbidden=sorted(forbidden),
        previous_pairs=[] if match_settings.allow_previous_pairs else sorted(earlier_pairs(cohort)),
        allow_previous_pairs=match_settings.allow_previous_pairs,
        load_penalty=load_penalty(match_settings, rules),
        current_load={
            by_participant[pk].employee_id: mentor_load[pk] for pk in places if mentor_load.get(pk)
        },
        first_choices=[(mentee, ranked[0]) for mentee, ranked in ranks.items() if ranked]
        if match_settings.honour_first_choices
        else [],
    )
    return CohortInputs(
        cohort=cohort,
        program=program,
        match_settings=match_settings,
        rules=rules,
        mentees=mentees,
        mentors=mentors,
        mentee_profiles=[match_profile(p) for p in mentees],
        mentor_profiles=[match_profile(p) for p in mentors],
        manager_of=manager_of,
        constraints=constraints,
        ranks=ranks,
        passion_framework=tuple(framework.passions),
        by_employee=by_employee,
        places=places,
        skipped_pins=skipped,
        already_paired=len(current_pair_of),
        after_publishing=bool(memberships),
        keep_together=keep_together,
        keep_apart=keep_apart,
    )
