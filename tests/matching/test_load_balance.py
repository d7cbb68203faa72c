"""Mentor load balance: a program option that spreads mentees across mentors before anyone
gets a second, its cost in total score on the run page, and the settings page that sets it."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.features import MatchProfile, build_features
from matching.models import LoadBalance, MatchMode, MatchSettings
from matching.scoring import COMPONENTS, ScoringRules, score_matrix
from matching.selectors.runs import load_balance_effect
from matching.services.runs import match_run_create
from matching.services.settings import match_settings_build
from matching.solver import Constraints, solve, solve_dense
from programs.models import ApplicantRole, Structure
from tests.matching.factories import MatchSettingsFactory, active_matching_cohort, member, small_class

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR
ONLY_DEPARTMENT = ScoringRules(weights=dict.fromkeys(COMPONENTS, 0.0) | {"different_department": 1.0})


def _class():
    """Four Sales mentees; three Engineering mentors (1 point each) and one in Sales (0), each
    taking two: the best total (4) doubles up an Engineering mentor and leaves the Sales one idle."""
    mentees = [MatchProfile(id=f"e{n}", department="Sales", level=1) for n in range(4)]
    mentors = [MatchProfile(id=f"eng{n}", department="Eng", level=3) for n in range(3)]
    mentors.append(MatchProfile(id="sales", department="Sales", level=3))
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    return scores, {m.id: 2 for m in mentors}


@pytest.mark.parametrize("solver", [solve, solve_dense])
def test_without_balance_a_mentor_gets_two_mentees_while_another_gets_none(solver):
    scores, capacity = _class()
    assignment = solver(scores, Constraints(capacity=capacity))
    loads = Counter(pair.mentor_id for pair in assignment.pairs)
    assert assignment.total_score == 4 and max(loads.values()) == 2 and "sales" not in loads


@pytest.mark.parametrize("solver", [solve, solve_dense])
def test_spread_first_gives_every_mentor_one_before_anyone_gets_a_second(solver):
    scores, capacity = _class()
    penalty = LoadBalance.SPREAD_FIRST / 100 * ONLY_DEPARTMENT.max_score
    assignment = solver(scores, Constraints(capacity=capacity, load_penalty=penalty))
    loads = Counter(pair.mentor_id for pair in assignment.pairs)
    assert len(assignment.pairs) == 4 and set(loads.values()) == {1}
    assert assignment.total_score == 3


@pytest.mark.parametrize("solver", [solve, solve_dense])
def test_balance_never_leaves_a_mentee_out_to_spread_the_load(solver):
    # Two mentees, one mentor who can take both: both are matched whatever the penalty.
    mentees = [MatchProfile(id=f"e{n}", department="Sales", level=1) for n in range(2)]
    mentors = [MatchProfile(id="only", department="Eng", level=3)]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    assignment = solver(scores, Constraints(capacity={"only": 2}, load_penalty=50.0))
    assert len(assignment.pairs) == 2


@pytest.mark.parametrize("solver", [solve, solve_dense])
def test_mentees_a_mentor_already_has_count_towards_their_load(solver):
    scores, capacity = _class()
    penalty = LoadBalance.SPREAD_FIRST / 100 * ONLY_DEPARTMENT.max_score
    busy = {"eng0": 1, "eng1": 1, "eng2": 1}  # each Engineering mentor has a published mentee
    assignment = solver(scores, Constraints(capacity=capacity, load_penalty=penalty, current_load=busy))
    loads = Counter(pair.mentor_id for pair in assignment.pairs)
    # The idle Sales mentor gets a mentee before any Engineering mentor gets a third.
    assert loads["sales"] >= 1


def _uneven_class(org, load_balance):
    """Two mentees; a Finance mentor who shares their learning wishes and one in their own
    department who does not, each taking two."""
    cohort = active_matching_cohort(org)
    MatchSettingsFactory(program=cohort.program, load_balance=load_balance)
    for n in range(2):
        member(cohort, MENTEE, name=f"Mentee {n + 1}")
    member(
        cohort,
        MENTOR,
        department="Finance",
        level=5,
        name="Fay Finance",
        capacity=2,
        profile={"strengths": ["Negotiation", "Pricing"]},
    )
    member(cohort, MENTOR, department="Engineering", level=5, name="Eli Engineer", capacity=2)
    return cohort


def test_a_balanced_run_stores_what_balancing_cost(org, manager):
    run = match_run_create(cohort=_uneven_class(org, LoadBalance.SPREAD_FIRST), actor=manager)
    mentors = Counter(run.proposed_pairs.values_list("mentor_id", flat=True))
    assert sorted(mentors.values()) == [1, 1]
    effect = load_balance_effect(run)
    assert effect.label == "Spread first"
    assert effect.mentors_used == 2 and effect.unbalanced_mentors_used == 1
    assert effect.most_mentees == 1 and effect.unbalanced_most_mentees == 2
    assert effect.total == pytest.approx(run.total_score)
    assert effect.cost == pytest.approx(effect.unbalanced_total - run.total_score) and effect.cost > 0
    assert effect.cost_percent == pytest.approx(100 * effect.cost / effect.unbalanced_total)


def test_an_unbalanced_run_has_no_load_balance_figures(org, manager):
    run = match_run_create(cohort=_uneven_class(org, LoadBalance.OFF), actor=manager)
    assert Counter(run.proposed_pairs.values_list("mentor_id", flat=True)).most_common(1)[0][1] == 2
    assert load_balance_effect(run) is None


def test_the_run_page_shows_what_balancing_load_cost(org, manager, client_for):
    run = match_run_create(cohort=_uneven_class(org, LoadBalance.SPREAD_FIRST), actor=manager)
    effect = load_balance_effect(run)
    page = client_for(manager).get(reverse("matching:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    html = page.content.decode()
    assert "Mentor load: spread first" in html
    assert f"Balancing load cost <strong>{effect.cost_percent:.1f} % of the total score</strong>" in html
    assert "2 mentors have a mentee (1 without balancing)" in html
    assert "no mentor has more than 1 (2 without)" in html


def test_the_settings_page_saves_the_load_balance_option(org, manager, client_for):
    cohort, _, _ = small_class(org)
    from tests.matching.test_views import _settings_form

    data = {**_settings_form(), "load_balance": str(LoadBalance.BALANCED), "action": "save"}
    url = reverse("matching:settings", kwargs={"org_slug": org.slug, "pk": cohort.program_id})
    page = client_for(manager).get(url).content.decode()
    assert "Spread mentees across mentors" in page and "Balanced: a mentor&#x27;s second mentee" in page
    assert client_for(manager).post(url, data).status_code == 302
    assert MatchSettings.objects.get(program=cohort.program).load_balance == LoadBalance.BALANCED
    run = match_run_create(cohort=cohort, actor=manager)
    assert run.settings_snapshot["load_balance"] == LoadBalance.BALANCED


def _choices(**overrides) -> dict:
    return {
        "weights": dict.fromkeys(COMPONENTS, 1.0),
        "min_level_gap": 1,
        "level_gap_is_hard": False,
        "mode": MatchMode.MANAGER,
        "shortlist_size": 5,
        "ranking_deadline": None,
        "allow_previous_pairs": False,
    } | overrides


def test_peer_circles_and_unknown_options_are_refused(org):
    circles = active_matching_cohort(org, structure=Structure.PEER_CIRCLE).program
    with pytest.raises(ValidationError) as refused:
        match_settings_build(program=circles, **_choices(load_balance=LoadBalance.BALANCED))
    assert "no mentors whose load to balance" in str(refused.value)
    one_to_one = active_matching_cohort(org).program
    with pytest.raises(ValidationError):
        match_settings_build(program=one_to_one, **_choices(load_balance=7))


def test_saving_a_run_costs_the_same_queries_for_a_small_and_a_larger_class(org, manager):
    # The organization's first run also makes its profile framework: warm it up first.
    match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
    counts = []
    for size in (2, 12):
        cohort, _, _ = small_class(org, mentees=size, mentors=size)
        with CaptureQueriesContext(connection) as captured:
            match_run_create(cohort=cohort, actor=manager)
        counts.append(len(captured))
    assert counts[0] == counts[1]
