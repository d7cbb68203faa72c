"""What the team-formation assistant is given, read from the database: the class's mentees as
``Candidate``s (id = participant id), the accepted challenges, the stated preferences and the
reporting-line conflicts with each challenge's sponsor."""

from dataclasses import dataclass, field

from cohorts.models import Cohort, Participant, ParticipantStatus
from cohorts.selection import Candidate
from cohorts.teams.models import BusinessChallenge, ChallengePreference, ChallengeStatus, TeamMember
from organizations.roster.reporting_lines import manager_links, same_reporting_line
from programs.models import ApplicantRole


@dataclass
class FormationInputs:
    mentees: list[Candidate]  # in roster order: by name
    participants: dict[int, Participant]
    challenges: list[BusinessChallenge]
    preferences: dict[int, list[int]] = field(default_factory=dict)
    forbidden: set[tuple[int, int]] = field(default_factory=set)

    def current_teams(self) -> dict[int, list[Candidate]]:
        """Challenge id → the mentees on its team now."""
        by_id = {c.id: c for c in self.mentees}
        teams: dict[int, list[Candidate]] = {c.pk: [] for c in self.challenges}
        rows = TeamMember.objects.filter(team__challenge__in=self.challenges).values_list(
            "team__challenge_id", "participant_id"
        )
        for challenge_id, participant_id in rows:
            if participant_id in by_id:
                teams[challenge_id].append(by_id[participant_id])
        return teams


def formation_inputs(cohort: Cohort) -> FormationInputs:
    participants = list(
        Participant.objects.filter(
            cohort=cohort, role=ApplicantRole.MENTEE, status=ParticipantStatus.SELECTED
        )
        .select_related("employee")
        .order_by("employee__name", "id")
    )
    mentees = [
        Candidate(id=p.pk, department=p.employee.department, level=p.employee.level, applied_at=index)
        for index, p in enumerate(participants)
    ]
    challenges = list(
        BusinessChallenge.objects.filter(cohort=cohort, status=ChallengeStatus.ACCEPTED)
        .select_related("sponsor")
        .order_by("created_at", "id")
    )
    preferences: dict[int, list[int]] = {}
    for participant_id, challenge_id in ChallengePreference.objects.filter(
        participant__in=participants, challenge__in=challenges
    ).values_list("participant_id", "challenge_id"):
        preferences.setdefault(participant_id, []).append(challenge_id)
    managers = manager_links(cohort.organization_id)
    forbidden = {
        (p.pk, c.pk)
        for p in participants
        for c in challenges
        if same_reporting_line(managers, p.employee_id, c.sponsor_id)
    }
    return FormationInputs(
        mentees=mentees,
        participants={p.pk: p for p in participants},
        challenges=challenges,
        preferences=preferences,
        forbidden=forbidden,
    )
