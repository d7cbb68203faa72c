"""The team-formation assistant on its own: pure Python, properties checked by hypothesis."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cohorts.selection import Candidate
from cohorts.teams.formation import propose_teams, roster_order, team_mix


def _people(specs) -> list[Candidate]:
    return [Candidate(id=i, department=d, level=lv, applied_at=i) for i, (d, lv) in enumerate(specs)]


people_specs = st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(1, 4)), min_size=0, max_size=18)


@settings(max_examples=80, deadline=None)
@given(
    specs=people_specs,
    n_teams=st.integers(1, 4),
    size=st.integers(1, 5),
    data=st.data(),
)
def test_proposed_teams_are_never_less_mixed_than_roster_order_and_keep_every_rule(
    specs, n_teams, size, data
):
    mentees = _people(specs)
    keys = [f"challenge-{k}" for k in range(n_teams)]
    forbidden = set(
        data.draw(
            st.lists(
                st.tuples(st.sampled_from(range(max(len(mentees), 1))), st.sampled_from(keys)), max_size=6
            )
        )
    )
    preferences = {m.id: data.draw(st.lists(st.sampled_from(keys), unique=True, max_size=3)) for m in mentees}
    proposal = propose_teams(mentees, keys, size, preferences=preferences, forbidden=forbidden)

    baseline = roster_order(mentees, keys, size, forbidden=forbidden)
    assert proposal.mix >= team_mix(baseline, mentees) - 1e-9
    placed = [p.id for members in proposal.teams.values() for p in members]
    assert len(placed) == len(set(placed)), "every mentee in at most one team"
    assert sorted(placed + [p.id for p in proposal.unplaced]) == sorted(m.id for m in mentees)
    assert all(len(members) <= size for members in proposal.teams.values())
    assert not any((p.id, key) in forbidden for key, members in proposal.teams.items() for p in members)


def test_two_departments_are_split_across_two_teams_rather_than_kept_together():
    mentees = _people([("Sales", 1), ("Sales", 2), ("Tech", 1), ("Tech", 2)])
    proposal = propose_teams(mentees, ["a", "b"], 2)
    for members in proposal.teams.values():
        assert {p.department for p in members} == {"Sales", "Tech"}
        assert {p.level for p in members} == {1, 2}


def test_a_preference_is_honoured_when_it_costs_no_mix():
    mentees = _people([("Sales", 1), ("Tech", 2), ("Sales", 1), ("Tech", 2)])
    proposal = propose_teams(mentees, ["a", "b"], 2, preferences={0: ["b"], 3: ["a"]})
    assert mentees[0] in proposal.teams["b"] and mentees[3] in proposal.teams["a"]
    assert proposal.mix == 1.0


def test_nobody_joins_a_team_whose_sponsor_is_in_their_reporting_line():
    mentees = _people([("Sales", 1), ("Tech", 2)])
    proposal = propose_teams(mentees, ["a"], 2, forbidden={(0, "a")})
    assert proposal.teams["a"] == [mentees[1]] and proposal.unplaced == [mentees[0]]
