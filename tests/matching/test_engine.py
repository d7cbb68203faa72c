"""The one call the Django layer makes: pairs, their explanations and the run's distribution."""

import pytest

from matching.engine import propose_pairs
from matching.features import MatchProfile
from matching.scoring import ScoringRules
from matching.solver import Constraints, PinError


def test_a_proposal_explains_every_pair_and_summarises_the_run():
    mentees = [MatchProfile(id=f"e{n}", department="Sales", level=1, wishes={"pricing"}) for n in range(3)]
    mentors = [MatchProfile(id="m0", department="Eng", level=3, strengths={"pricing"})]
    proposal = propose_pairs(
        mentees, mentors, manager_of={"e2": "m0"}, constraints=Constraints(default_capacity=2)
    )
    pairs = proposal.assignment.pairs
    assert len(pairs) == 2 and {p.mentee_id for p in pairs} == {"e0", "e1"}
    assert [(x.mentee_id, x.mentor_id, x.score) for x in proposal.explanations] == [
        (p.mentee_id, p.mentor_id, p.score) for p in pairs
    ]
    assert proposal.assignment.unmatched[0].mentee_id == "e2"
    assert proposal.summary.count == 2
    assert proposal.summary.histogram[-1].high == ScoringRules().max_score


def test_a_proposal_with_impossible_pins_raises():
    people = [MatchProfile(id=x, department="Eng", level=1) for x in ("e", "m")]
    with pytest.raises(PinError):
        propose_pairs(
            people[:1], people[1:], manager_of={"e": "m"}, constraints=Constraints(pinned=[("e", "m")])
        )
