"""Synthetic cohorts with the structure of a real organization, for the matching benchmark.

A roster of departments of uneven size (a few large, a long tail), levels 1–10, and a manager
tree inside each department (everyone reports to someone one or two levels up; department heads
report to the chief executive). Mentors are drawn from level 4 up and mentees from level 6 down,
so some mentors manage some mentees, at any depth. Demand is concentrated and supply spread:
mentees wish for other departments' skills with a few in high demand (Zipf), while mentors'
strengths are mostly their own department's plus two at random. Values and passions have
favourites, and people sit in ten cities across sixteen hours of time zones. Deterministic
for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.features import PASSION_ARCHETYPES, MatchProfile

DEPARTMENTS = (
    "Engineering",
    "Sales",
    "Operations",
    "Finance",
    "Marketing",
    "Customer Success",
    "Product",
    "People",
    "Legal",
    "Data",
    "Security",
    "Procurement",
)
CITIES = (
    ("London", 0.0),
    ("Lisbon", 0.0),
    ("Berlin", 1.0),
    ("Warsaw", 1.0),
    ("Dubai", 4.0),
    ("Bangalore", 5.5),
    ("Singapore", 8.0),
    ("New York", -5.0),
    ("Chicago", -6.0),
    ("San Francisco", -8.0),
)
VALUES = (
    "Curiosity",
    "Integrity",
    "Courage",
    "Care",
    "Excellence",
    "Fairness",
    "Humility",
    "Ownership",
    "Openness",
    "Craft",
    "Service",
    "Growth",
)
SKILLS_PER_DEPARTMENT = 4


@dataclass(frozen=True)
class Cohort:
    mentees: list[MatchProfile]
    mentors: list[MatchProfile]
    manager_of: dict[int, int | None]
    capacity: int


def _skewed(rng: np.random.Generator, n: int, k: int, size: int, exponent: float = 1.0) -> np.ndarray:
    """``size`` draws of ``k`` distinct items out of ``n`` with Zipf-like favourites."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    keys = rng.random((size, n)) ** (1.0 / weights)  # weighted sampling without replacement
    return np.argsort(-keys, axis=1)[:, :k]


def synthetic_cohort(n_mentees: int, n_mentors: int, *, capacity: int = 3, seed: int = 7) -> Cohort:
    """A cohort of ``n_mentees`` and ``n_mentors`` drawn from a roster about 1.5 times larger."""
    rng = np.random.default_rng(seed)
    n_roster = int((n_mentees + n_mentors) * 1.5)
    dept_weights = 1.0 / np.arange(1, len(DEPARTMENTS) + 1) ** 0.8
    department = rng.choice(len(DEPARTMENTS), size=n_roster, p=dept_weights / dept_weights.sum())
    level = np.clip(np.round(rng.gamma(2.2, 1.4, size=n_roster)).astype(int) + 1, 1, 10)
    city = rng.choice(len(CITIES), size=n_roster, p=np.array([14, 8, 10, 6, 5, 12, 7, 16, 10, 12]) / 100)

    ceo = n_roster
    manager_of: dict[int, int | None] = {ceo: None}
    for d in range(len(DEPARTMENTS)):
        members = np.flatnonzero(department == d)
        if members.size == 0:
            continue
        members = members[np.argsort(-level[members], kind="stable")]
        head = int(members[0])
        manager_of[head] = ceo
        for person in members[1:].tolist():
            above = members[(level[members] > level[person]) & (level[members] <= level[person] + 2)]
            if above.size == 0:
                above = members[level[members] > level[person]]
            manager_of[person] = int(rng.choice(above)) if above.size else head

    order = rng.permutation(n_roster)
    mentor_ids = [int(p) for p in order if level[p] >= 4][:n_mentors]
    taken = set(mentor_ids)
    mentee_ids = [int(p) for p in order if level[p] <= 6 and p not in taken][:n_mentees]
    if len(mentor_ids) < n_mentors or len(mentee_ids) < n_mentees:
        raise ValueError("the synthetic roster is too small for this cohort")

    skills = [f"{d.lower()} skill {k + 1}" for d in DEPARTMENTS for k in range(SKILLS_PER_DEPARTMENT)]
    people = mentee_ids + mentor_ids
    values = _skewed(rng, len(VALUES), 3, len(people), 0.7)
    passions = _skewed(rng, len(PASSION_ARCHETYPES), 3, len(people), 0.6)
    wanted_skills = _skewed(rng, len(skills), 3, len(people), 1.0)
    any_skills = rng.permuted(np.tile(np.arange(len(skills)), (len(people), 1)), axis=1)[:, :2]

    def participant(n: int, person: int, mentor: bool) -> MatchProfile:
        own = [department[person] * SKILLS_PER_DEPARTMENT + k for k in range(SKILLS_PER_DEPARTMENT)]
        if mentor:
            # Strengths: three from their own department, two more from anywhere.
            strengths = {skills[s] for s in rng.choice(own, 3, replace=False)} | {
                skills[s] for s in any_skills[n]
            }
            wishes: set[str] = set()
        else:
            # Wishes: skills of other departments, a few in high demand.
            wishes = {skills[s] for s in wanted_skills[n] if s not in own} or {skills[wanted_skills[n][0]]}
            strengths = set()
        name, offset = CITIES[city[person]]
        return MatchProfile(
            id=person,
            department=DEPARTMENTS[department[person]],
            level=int(level[person]),
            location=name,
            utc_offset_hours=offset,
            values=frozenset(VALUES[v] for v in values[n]),
            passions=frozenset(PASSION_ARCHETYPES[p] for p in passions[n]),
            wishes=frozenset(wishes),
            strengths=frozenset(strengths),
        )

    mentees = [participant(n, p, mentor=False) for n, p in enumerate(mentee_ids)]
    mentors = [participant(len(mentee_ids) + n, p, mentor=True) for n, p in enumerate(mentor_ids)]
    return Cohort(mentees=mentees, mentors=mentors, manager_of=manager_of, capacity=capacity)
