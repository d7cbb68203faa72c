"""Program templates: the starting designs a manager picks before filling in the program form.

Plain data. A template fills the form (purpose and target measure, structure, group size,
meeting cadence, class size), and ``program_create`` takes from it the phases of the year and
the eligibility rules. Its matching weights are for the matching app, which sits above
programs (docs/architecture.md): a program remembers its template's key (``Program.template``)
and ``matching.inputs.settings_for`` starts an unsaved program's weights from
``ProgramTemplate.matching_weights``. The weights name score components of
``matching.scoring.COMPONENTS`` (tests/matching/test_program_templates.py checks each one).

Eligibility values are plain too, except ``MEETS_EXPECTATIONS``: the position of "Meets
expectations" on the organization's own rating scale.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from organizations.models import Organization
from organizations.months import add_months
from programs.eligibility import meets_expectations_position
from programs.models import ApplicantRole, Purpose, RuleKind, Structure

MEETS_EXPECTATIONS = "meets_expectations"
BLANK = "blank"

MENTEE, MENTOR, PEER = ApplicantRole.MENTEE, ApplicantRole.MENTOR, ApplicantRole.PEER


@dataclass(frozen=True)
class Phase:
    name: str
    months_after_start: int | None  # None: on the last day of the program


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    title: str
    summary: str
    name_stem: str  # the program's suggested name, before its start year
    description: str
    purpose: str
    target_metric: str
    structure: str
    group_size: int | None
    meeting_cadence_days: int
    mentee_limit: int
    mentor_limit: int
    phases: tuple[Phase, ...]
    eligibility: tuple[tuple[str, str, Any], ...]  # (applies_to, kind, value)
    matching_weights: dict[str, float] = field(default_factory=dict)
    min_level_gap: int = 1
    matching_note: str = ""  # the weights in words, for the manager choosing a template

    def design(self, start_date: datetime.date) -> dict[str, Any]:
        """The form's first values of the design fields this template decides."""
        return {
            "name": f"{self.name_stem} {start_date.year}",
            "description": self.description,
            "purpose": self.purpose,
            "target_metric": self.target_metric,
            "structure": self.structure,
            "group_size": self.group_size,
            "meeting_cadence_days": self.meeting_cadence_days,
            "mentee_limit": self.mentee_limit,
            "mentor_limit": self.mentor_limit,
        }

    def dated_phases(
        self, start_date: datetime.date, end_date: datetime.date
    ) -> list[tuple[str, datetime.date]]:
        """(name, date) of each phase inside [start_date, end_date], in order."""
        dated = []
        for phase in self.phases:
            day = (
                end_date
                if phase.months_after_start is None
                else add_months(start_date, phase.months_after_start)
            )
            dated.append((phase.name, min(day, end_date)))
        return dated

    def rules(self, organization: Organization) -> list[tuple[str, str, Any]]:
        """(applies_to, kind, value) of each eligibility rule, values resolved for ``organization``;
        a rating rule is left out when the organization has no rating scale."""
        rules = []
        for applies_to, kind, value in self.eligibility:
            if value == MEETS_EXPECTATIONS:
                value = meets_expectations_position(organization.rating_scale)
                if value is None:
                    continue
            rules.append((applies_to, kind, value))
        return rules


def _everyone_current(*roles: str) -> tuple[tuple[str, str, None], ...]:
    return tuple(
        (role, kind, None)
        for role in roles
        for kind in (RuleKind.NOT_IN_ACTIVE_COHORT, RuleKind.NOT_TERMINATED)
    )


TEMPLATES: dict[str, ProgramTemplate] = {
    template.key: template
    for template in [
        ProgramTemplate(
            key="yearlong_one_to_one",
            title="Yearlong one-to-one leadership program",
            summary="Each future leader gets a senior mentor from another part of the business for a year.",
            name_stem="Rising Leaders",
            description=(
                "A year with a senior mentor for people who want to lead a team: every two weeks, one "
                "conversation about the work and the leader you want to become."
            ),
            purpose=Purpose.LEADERSHIP_PIPELINE,
            target_metric="12-month promotion rate of participants (%)",
            structure=Structure.ONE_TO_ONE,
            group_size=None,
            meeting_cadence_days=14,
            mentee_limit=12,
            mentor_limit=12,
            phases=(
                Phase("Kickoff", 0),
                Phase("Goals agreed", 1),
                Phase("Mid-year review", 6),
                Phase("Close", None),
            ),
            eligibility=(
                (MENTEE, RuleKind.MIN_TENURE_MONTHS, 12),
                (MENTEE, RuleKind.MIN_RATING, MEETS_EXPECTATIONS),
                *_everyone_current(MENTEE),
                (MENTOR, RuleKind.MIN_TENURE_MONTHS, 36),
                (MENTOR, RuleKind.MIN_RATING, MEETS_EXPECTATIONS),
                *_everyone_current(MENTOR),
            ),
            matching_weights={
                "learning_fit": 2.0,
                "level_gap": 1.5,
                "reporting_line": 1.0,
                "different_department": 1.0,
                "values": 1.0,
                "passions": 0.5,
                "location": 0.5,
                "mentee_rank": 2.0,
            },
            min_level_gap=2,
            matching_note=(
                "Pairs each mentee with a mentor at least two levels above, outside their reporting "
                "line, whose strengths fit what they want to learn."
            ),
        ),
        ProgramTemplate(
            key="group_mentoring",
            title="Group mentoring",
            summary="One experienced mentor meets a small group of mentees keen to learn the same things.",
            name_stem="Group Mentoring",
            description=(
                "Small groups of mentees meet one experienced mentor every three weeks to learn from "
                "their experience, and from each other."
            ),
            purpose=Purpose.KNOWLEDGE_TRANSFER,
            target_metric="12-month retention of participants (%)",
            structure=Structure.GROUP,
            group_size=4,
            meeting_cadence_days=21,
            mentee_limit=16,
            mentor_limit=4,
            phases=(
                Phase("Kickoff", 0),
                Phase("First-quarter review", 3),
                Phase("Mid-year review", 6),
                Phase("Close", None),
            ),
            eligibility=(
                (MENTEE, RuleKind.MIN_TENURE_MONTHS, 6),
                *_everyone_current(MENTEE),
                (MENTOR, RuleKind.MIN_TENURE_MONTHS, 36),
                (MENTOR, RuleKind.MIN_RATING, MEETS_EXPECTATIONS),
                *_everyone_current(MENTOR),
            ),
            matching_weights={
                "learning_fit": 2.5,
                "location": 1.5,
                "level_gap": 1.0,
                "reporting_line": 1.0,
                "different_department": 0.5,
                "values": 0.5,
                "passions": 0.5,
                "mentee_rank": 2.0,
            },
            min_level_gap=2,
            matching_note=(
                "Groups mentees around a mentor whose strengths fit what they want to learn, "
                "preferring people who can meet in the same place."
            ),
        ),
        ProgramTemplate(
            key="peer_circles",
            title="Peer circles",
            summary="Colleagues at a similar level meet monthly in small circles from across the company.",
            name_stem="Peer Circles",
            description=(
                "Circles of five colleagues from different teams meet once a month to work through "
                "each other's questions. Nobody is the mentor: everyone brings and takes."
            ),
            purpose=Purpose.ENGAGEMENT,
            target_metric="12-month retention of participants (%)",
            structure=Structure.PEER_CIRCLE,
            group_size=5,
            meeting_cadence_days=28,
            mentee_limit=30,
            mentor_limit=0,
            phases=(
                Phase("Kickoff", 0),
                Phase("Mid-point", 6),
                Phase("Close", None),
            ),
            eligibility=(
                (PEER, RuleKind.MIN_TENURE_MONTHS, 6),
                *_everyone_current(PEER),
            ),
            matching_weights={
                "different_department": 2.0,
                "values": 1.5,
                "passions": 1.0,
                "location": 1.0,
                "reporting_line": 1.0,
                "learning_fit": 0.5,
                "level_gap": 0.0,
                "mentee_rank": 0.0,
            },
            min_level_gap=0,
            matching_note=(
                "Mixes departments and levels in each circle and keeps people of one reporting "
                "line apart; there are no mentors, so pair weights do not apply."
            ),
        ),
    ]
}


def program_template(key: str | None) -> ProgramTemplate | None:
    """The template with ``key``; None for no template (a blank design) or an unknown key."""
    return TEMPLATES.get(key or "")
