"""The words a program's structure speaks: pairs, groups or circles; mentors and mentees, or peers.

One place for them, so every page, email and CSV export of a peer-circle program says
"circle" and "peer" and never shows a mentor column, and a group program says "group".
Templates read them through ``{% load vocabulary %}`` / the ``words`` object a view passes;
Python code calls ``words_for(structure)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from programs.models import ApplicantRole, MatchingMode, Structure


@dataclass(frozen=True)
class Words:
    structure: str
    unit: str  # "pair", "group", "circle"
    units: str
    a_unit: str  # "a pair", "a group", "a circle"
    person: str  # who is matched: "mentee" or "peer"
    people: str
    has_mentors: bool
    explanation: str  # one line, for the program design form and the program page

    def role_label(self, role: str) -> str:
        """ "Mentee", "Mentor" or "Peer", capitalised, for a column or a badge."""
        return ApplicantRole(role).label if role in ApplicantRole.values else role

    def role_plural(self, role: str) -> str:
        return role_plural(role)

    @property
    def partners(self) -> str:
        """Who a person meets: "your mentor", "your group", "your circle" — in the third person."""
        return {"pair": "partner", "group": "group", "circle": "circle"}[self.unit]

    @property
    def everyone_matched(self) -> str:
        return {
            "pair": "Everyone in the class is paired.",
            "group": "Everyone in the class is in a group.",
            "circle": "Everyone in the class is in a circle.",
        }[self.unit]


_WORDS = {
    Structure.ONE_TO_ONE: Words(
        structure=Structure.ONE_TO_ONE,
        unit="pair",
        units="pairs",
        a_unit="a pair",
        person="mentee",
        people="mentees",
        has_mentors=True,
        explanation="Each mentee meets one mentor, more senior and from another part of the company.",
    ),
    Structure.GROUP: Words(
        structure=Structure.GROUP,
        unit="group",
        units="groups",
        a_unit="a group",
        person="mentee",
        people="mentees",
        has_mentors=True,
        explanation="One mentor meets a small group of mentees together; group size sets how many.",
    ),
    Structure.PEER_CIRCLE: Words(
        structure=Structure.PEER_CIRCLE,
        unit="circle",
        units="circles",
        a_unit="a circle",
        person="peer",
        people="peers",
        has_mentors=False,
        explanation="Peers apply the same way and meet in small circles mixed across departments "
        "and levels; nobody leads, everyone brings and takes.",
    ),
}

MODE_EXPLANATIONS = {
    MatchingMode.MANAGER: "You run matching, review what it proposes, adjust and publish.",
    MatchingMode.HYBRID: "Each mentee first ranks a shortlist of their best mentors; the ranks count "
    "in the match you then review and publish. Not for peer circles.",
}


def role_plural(role: str) -> str:
    """ "Mentees", "Mentors" or "Peers", for a heading."""
    return {ApplicantRole.MENTEE: "Mentees", ApplicantRole.MENTOR: "Mentors"}.get(role, "Peers")


def words_for(structure: str) -> Words:
    """The words of ``structure``; an unknown value reads as one-to-one."""
    return _WORDS.get(structure, _WORDS[Structure.ONE_TO_ONE])


def structure_choices_explained() -> list[tuple[str, str, str]]:
    """(value, label, one-line explanation) of each structure, for the design form."""
    return [(value, label, _WORDS[value].explanation) for value, label in Structure.choices]
