"""Properties per structure (issue 16, item 6): sizes and capacities are never exceeded, the hard
rules hold, and peers are never split by role.

The circle engine is checked on random classes and random manager choices; then each structure
is run end to end through ``match_run_create`` on random small classes in the database.
"""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.circles import circle_sizes, clusters_of, form_circles
from matching.features import MatchProfile
from matching.models import ProposedCircleMember, ProposedPair
from matching.services.circles import circle_choice_add
from matching.services.runs import match_run_create
from programs.models import ApplicantRole, Structure
from tests.matching.factories import active_matching_cohort, circle_class, member

DEPARTMENTS = ["Finance", "Sales", "Legal", "Operations"]


def person(pid, department, level) -> MatchProfile:
    return MatchProfile(id=pid, department=department, level=level)


@st.composite
def circle_problems(draw):
    """(people, size, together, apart): together pairs never make a group larger than a circle,
    apart pairs never fall inside a together group."""
    n = draw(st.integers(2, 24))
    size = draw(st.integers(2, 6))
    people = [person(f"p{i}", draw(st.sampled_from(DEPARTMENTS)), draw(st.integers(1, 5))) for i in range(n)]
    index_pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1])
    together: list[tuple[int, int]] = []
    for a, b in draw(st.lists(index_pairs, max_size=4)):
        if max((len(g) for g in clusters_of(n, [*together, (a, b)])), default=0) <= size:
            together.append((a, b))
    groups = clusters_of(n, together)
    grouped = {i: k for k, g in enumerate(groups) for i in g}
    apart = [
        (a, b)
        for a, b in draw(st.lists(index_pairs, max_size=4))
        if a not in grouped or grouped.get(a) != grouped.get(b)
    ]
    ids = [p.id for p in people]
    return (
        people,
        size,
        [(ids[a], ids[b]) for a, b in together],
        [(ids[a], ids[b]) for a, b in apart],
    )


@given(circle_problems())
@settings(max_examples=300, deadline=None)
def test_circles_place_everyone_once_keep_groups_together_and_stay_within_size(problem):
    people, size, together, apart = problem
    circles = form_circles(people, size=size, keep_together=together, keep_apart=apart)
    placed = [pid for circle in circles for pid in circle]
    assert sorted(placed) == sorted(p.id for p in people)
    where = {pid: k for k, circle in enumerate(circles) for pid in circle}
    for a, b in together:
        assert where[a] == where[b]
    groups = clusters_of(len(people), [(int(a[1:]), int(b[1:])) for a, b in together])
    largest = max([max(circle_sizes(len(people), size)), *(len(g) for g in groups)])
    assert all(len(circle) <= largest for circle in circles)
    if not together:
        assert sorted(map(len, circles)) == sorted(circle_sizes(len(people), size))


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_people_kept_apart_never_share_a_circle_when_the_sizes_allow_it(data):
    """Each person in at most one apart pair and at least three circles: a swap always exists."""
    n = data.draw(st.integers(6, 24))
    size = data.draw(st.integers(2, max(2, n // 3)))
    people = [
        person(f"p{i}", data.draw(st.sampled_from(DEPARTMENTS)), data.draw(st.integers(1, 5)))
        for i in range(n)
    ]
    order = data.draw(st.permutations(range(n)))
    pairs = data.draw(st.integers(0, n // 2))
    apart = [(f"p{order[2 * k]}", f"p{order[2 * k + 1]}") for k in range(pairs)]
    circles = form_circles(people, size=size, keep_apart=apart)
    if len(circles) < 3:
        return
    where = {pid: k for k, circle in enumerate(circles) for pid in circle}
    for a, b in apart:
        assert where[a] != where[b]


# --- End to end, per structure, in the database -------------------------------------------


@pytest.mark.django_db
@given(mentees=st.integers(1, 7), mentors=st.integers(1, 4), capacity=st.integers(1, 3))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_one_to_one_never_gives_a_mentor_more_than_their_capacity(org, mentees, mentors, capacity):
    cohort = active_matching_cohort(org)
    for n in range(mentees):
        member(cohort, ApplicantRole.MENTEE, department="Engineering", level=1 + n % 2)
    for n in range(mentors):
        member(cohort, ApplicantRole.MENTOR, department=DEPARTMENTS[n % 4], level=6, capacity=capacity)
    run = match_run_create(cohort=cohort, actor=None)
    proposals = list(ProposedPair.objects.filter(run=run))
    assert max(Counter(p.mentor_id for p in proposals).values(), default=0) <= capacity
    assert len({p.mentee_id for p in proposals}) == len(proposals)
    assert run.matched_count + run.unmatched_count == mentees


@pytest.mark.django_db
@given(
    mentees=st.integers(1, 9),
    mentors=st.integers(1, 3),
    group_size=st.integers(2, 4),
    capacity=st.integers(1, 4),
)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_group_never_has_more_mentees_than_the_group_size(org, mentees, mentors, group_size, capacity):
    """A group mentor takes the smaller of the group size and what they said they can take."""
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=group_size)
    for n in range(mentees):
        member(cohort, ApplicantRole.MENTEE, department="Engineering", level=1 + n % 2)
    for n in range(mentors):
        member(cohort, ApplicantRole.MENTOR, department=DEPARTMENTS[n % 4], level=6, capacity=capacity)
    run = match_run_create(cohort=cohort, actor=None)
    loads = Counter(ProposedPair.objects.filter(run=run).values_list("mentor_id", flat=True))
    places = min(group_size, capacity)
    assert max(loads.values(), default=0) <= places
    assert sum(loads.values()) == min(mentees, mentors * places)


@pytest.mark.django_db
@given(
    peers=st.integers(2, 16),
    size=st.integers(2, 5),
    choices=st.lists(
        st.tuples(st.integers(0, 15), st.integers(0, 15), st.sampled_from(["together", "apart"])), max_size=3
    ),
)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_peer_circles_take_every_peer_as_a_peer_and_keep_the_managers_choices(org, peers, size, choices):
    from django.core.exceptions import ValidationError

    cohort, people = circle_class(org, peers=peers, size=size)
    kept = []
    for a, b, kind in choices:
        if a < peers and b < peers and a != b:
            try:
                circle_choice_add(cohort=cohort, first=people[a], second=people[b], kind=kind, actor=None)
            except ValidationError:
                continue  # refused (a group too large, a contradiction): nothing was stored
            kept = [k for k in kept if {k[0], k[1]} != {a, b}] + [(a, b, kind)]
    run = match_run_create(cohort=cohort, actor=None)
    rows = list(ProposedCircleMember.objects.filter(run=run).values_list("participant_id", "circle"))
    where = dict(rows)
    # Peers are never split by role: every person is a peer, and every peer is placed or told why.
    assert {p.role for p in people} == {ApplicantRole.PEER}
    assert len(where) + run.unmatched_count == peers
    assert not ProposedPair.objects.filter(run=run).exists()
    sizes = Counter(where.values())
    assert max(sizes.values(), default=0) <= max(*circle_sizes(peers, size), size + 1)
    for a, b, kind in kept:
        if kind == "together":
            assert where.get(people[a].pk) == where.get(people[b].pk)
