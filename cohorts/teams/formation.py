"""The team-formation assistant: mentees in, one mixed team per accepted challenge out.

Pure Python, no Django, so the rule can be tested on its own (hypothesis, in
tests/cohorts/teams/test_formation.py).

The measure
-----------
A team's mix is the selection assistant's spread (``cohorts/selection.py``): the normalized
entropy of its departments and of its levels, against the categories present in the whole
class, averaged. The mix of a set of teams is the mean of their spreads.

The method
----------
1. **Roster order** is the baseline: take the mentees in the order given and put each in the
   first team (in the order given) that has room and is allowed to them. This is what a
   manager filling teams by hand from the list would do.
2. **Local search** from that baseline: move a person into a team with room, or swap two people
   (a person outside every team counts too), whenever the mix strictly rises; when the mix is
   unchanged (within a millionth), whenever more stated preferences are honoured. The mix
   never falls, so the proposal is never less mixed than the baseline, by construction.

**Hard rule**: nobody is put in a team sponsored by someone in their own reporting line
(``forbidden``); such moves are never made, and the baseline skips those teams too.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from cohorts.selection import Candidate, spread

_TOLERANCE = 1e-9
MAX_PASSES = 30


@dataclass(frozen=True)
class Proposal:
    teams: dict[Hashable, list[Candidate]]
    unplaced: list[Candidate]
    mix: float
    honoured_preferences: int


def team_mix(teams: Mapping[Hashable, Sequence[Candidate]], pool: Sequence[Candidate]) -> float:
    """Mean spread of ``teams`` (0 to 1) against the categories of ``pool``; 0.0 with no teams."""
    if not teams:
        return 0.0
    return sum(spread(members, pool=pool).overall for members in teams.values()) / len(teams)


def honoured(teams, preferences) -> int:
    """How many people are in a team they asked for."""
    return sum(1 for key, members in teams.items() for p in members if key in preferences.get(p.id, ()))


def roster_order(
    mentees: Sequence[Candidate],
    team_keys: Sequence[Hashable],
    size: int,
    *,
    forbidden: set[tuple[Hashable, Hashable]] = frozenset(),
) -> dict[Hashable, list[Candidate]]:
    """Fill the teams in order with the mentees in order, skipping teams a person may not join."""
    teams: dict[Hashable, list[Candidate]] = {key: [] for key in team_keys}
    for person in mentees:
        for key in team_keys:
            if len(teams[key]) < size and (person.id, key) not in forbidden:
                teams[key].append(person)
                break
    return teams


def propose_teams(
    mentees: Sequence[Candidate],
    team_keys: Sequence[Hashable],
    size: int,
    *,
    preferences: Mapping[Hashable, Sequence[Hashable]] | None = None,
    forbidden: set[tuple[Hashable, Hashable]] = frozenset(),
) -> Proposal:
    """Teams of at most ``size`` for ``team_keys`` from ``mentees``, as mixed as the local search
    finds and never less mixed than ``roster_order``; everyone in at most one team.

    ``preferences``: mentee id → team keys, first choice first. ``forbidden``: (mentee id, team
    key) pairs that must not happen (a sponsor in the mentee's reporting line).
    """
    if size < 1:
        raise ValueError("A team has at least one person")
    ids = [m.id for m in mentees]
    if len(ids) != len(set(ids)):
        raise ValueError("Each mentee may appear only once")
    preferences = dict(preferences or {})
    teams = roster_order(mentees, team_keys, size, forbidden=forbidden)
    placed = {p.id for members in teams.values() for p in members}
    unplaced = [m for m in mentees if m.id not in placed]
    pool = list(mentees)

    def value(team_key, members) -> float:
        return spread(members, pool=pool).overall if members else 0.0

    def pref(person, key) -> int:
        ranked = preferences.get(person.id, ())
        return len(ranked) - list(ranked).index(key) + 1 if key in ranked else 0

    for _ in range(MAX_PASSES):
        improved = False
        keys = list(team_keys)
        # Moves into a team with room, from another team or from outside every team.
        for target in keys:
            if len(teams[target]) >= size:
                continue
            sources = [(key, list(teams[key])) for key in keys if key != target] + [(None, list(unplaced))]
            for source, members in sources:
                for person in members:
                    if len(teams[target]) >= size or (person.id, target) in forbidden:
                        continue
                    before = value(target, teams[target]) + (value(source, teams[source]) if source else 0)
                    after_target = [*teams[target], person]
                    after_source = [p for p in teams[source] if p.id != person.id] if source else []
                    after = value(target, after_target) + (value(source, after_source) if source else 0)
                    gain = after - before
                    pref_gain = pref(person, target) - (pref(person, source) if source else 0)
                    if gain > _TOLERANCE or (abs(gain) <= _TOLERANCE and pref_gain > 0):
                        teams[target] = after_target
                        if source:
                            teams[source] = after_source
                        else:
                            unplaced = [p for p in unplaced if p.id != person.id]
                        improved = True
        # Swaps between two teams, or between a team and the people outside every team.
        for i, a_key in enumerate(keys):
            for b_key in [*keys[i + 1 :], None]:
                for a in list(teams[a_key]):
                    b_members = teams[b_key] if b_key is not None else unplaced
                    for b in list(b_members):
                        if a not in teams[a_key] or b not in (
                            teams[b_key] if b_key is not None else unplaced
                        ):
                            continue
                        if (b.id, a_key) in forbidden or (b_key is not None and (a.id, b_key) in forbidden):
                            continue
                        new_a = [b if p.id == a.id else p for p in teams[a_key]]
                        before = value(a_key, teams[a_key])
                        after = value(a_key, new_a)
                        pref_gain = pref(b, a_key) - pref(a, a_key)
                        if b_key is not None:
                            new_b = [a if p.id == b.id else p for p in teams[b_key]]
                            before += value(b_key, teams[b_key])
                            after += value(b_key, new_b)
                            pref_gain += pref(a, b_key) - pref(b, b_key)
                        gain = after - before
                        if gain > _TOLERANCE or (abs(gain) <= _TOLERANCE and pref_gain > 0):
                            teams[a_key] = new_a
                            if b_key is not None:
                                teams[b_key] = new_b
                            else:
                                unplaced = [a if p.id == b.id else p for p in unplaced]
                            improved = True
        if not improved:
            break
    order = {m.id: i for i, m in enumerate(mentees)}
    teams = {key: sorted(members, key=lambda p: order[p.id]) for key, members in teams.items()}
    return Proposal(
        teams=teams,
        unplaced=sorted(unplaced, key=lambda p: order[p.id]),
        mix=team_mix(teams, pool),
        honoured_preferences=honoured(teams, preferences),
    )
