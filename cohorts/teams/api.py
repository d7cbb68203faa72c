"""Project teams through the API (read-only): challenges, teams, council results and the
talent pool. Each endpoint reads through the same selectors as the pages."""

import django_filters
from rest_framework import serializers
from rest_framework.response import Response

from cohorts.teams import results, selectors
from cohorts.teams.models import (
    BusinessChallenge,
    ChallengeStatus,
    ProjectTeam,
    Readiness,
    TalentFlag,
    TeamMilestone,
)
from cohorts.teams.services.council import criteria_for
from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.api.filters import IdFilter, StrictFilterSet, TextFilter, WholeNumberFilter
from organizations.roles import Permission


class ChallengeFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices)

    class Meta:
        model = BusinessChallenge
        fields: list[str] = []


class ChallengeSerializer(serializers.ModelSerializer):
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)

    class Meta:
        model = BusinessChallenge
        fields = [
            "id",
            "cohort",
            "title",
            "problem",
            "why_it_matters",
            "expected_outcome",
            "sponsor",
            "sponsor_name",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class ChallengeViewSet(OrganizationReadOnlyViewSet):
    """Business challenges senior leaders submitted for each cohort, with their sponsor and
    whether a program manager accepted them. Filter by ``cohort`` and ``status``."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilter

    def get_queryset(self):
        return selectors.challenge_list()


class TeamMemberSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant_id")
    name = serializers.CharField(source="participant.employee.name")
    department = serializers.CharField(source="participant.employee.department")
    level = serializers.IntegerField(source="participant.employee.level")


class TeamMilestoneSerializer(serializers.ModelSerializer):
    done = serializers.SerializerMethodField()

    class Meta:
        model = TeamMilestone
        fields = ["id", "title", "due_on", "done"]

    def get_done(self, milestone) -> bool:
        return milestone.done_at is not None


class TeamSerializer(serializers.ModelSerializer):
    challenge_title = serializers.CharField(source="challenge.title", read_only=True)
    sponsor = serializers.IntegerField(source="challenge.sponsor_id", read_only=True)
    sponsor_name = serializers.CharField(source="challenge.sponsor.name", read_only=True)
    adviser_name = serializers.CharField(source="adviser.employee.name", read_only=True, default=None)
    members = TeamMemberSerializer(many=True, read_only=True)
    milestones = TeamMilestoneSerializer(many=True, read_only=True)
    has_recommendation = serializers.SerializerMethodField()

    class Meta:
        model = ProjectTeam
        fields = [
            "id",
            "cohort",
            "challenge",
            "challenge_title",
            "sponsor",
            "sponsor_name",
            "adviser",
            "adviser_name",
            "members",
            "milestones",
            "has_recommendation",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_recommendation(self, team) -> bool:
        return bool(team.recommendation) or any(f.is_recommendation for f in team.files.all())


class TeamFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")

    class Meta:
        model = ProjectTeam
        fields: list[str] = []


class TeamViewSet(OrganizationReadOnlyViewSet):
    """Project teams: the challenge, sponsor, adviser, members (department and level) and
    milestones of each. The team's discussion thread and recommendation text are never here:
    they belong to the team space. ``has_recommendation`` says whether one is handed in."""

    permission = Permission.PROGRAMS_READ
    serializer_class = TeamSerializer
    filterset_class = TeamFilter

    def get_queryset(self):
        return selectors.team_list().prefetch_related("members__participant__employee", "milestones", "files")


class CouncilResultSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    cohort = serializers.IntegerField(source="team.cohort_id")
    challenge_title = serializers.CharField(source="team.challenge.title")
    reviews = serializers.IntegerField(help_text="Submitted council reviews.")
    not_scored = serializers.SerializerMethodField(
        help_text="Council members who may score and have not yet."
    )
    overall = serializers.FloatField(allow_null=True, help_text="Mean of the criteria means, 1 to 5.")
    criteria = serializers.SerializerMethodField()

    def get_not_scored(self, result) -> int:
        return len(result.not_scored)

    def get_criteria(self, result) -> list[dict]:
        return [
            {"criterion": c.criterion.name, "mean": c.mean, "spread": c.spread, "scored": c.scored}
            for c in result.criteria
        ]


class CouncilResultViewSet(OrganizationReadOnlyViewSet):
    """Council scores per project team, aggregated: for each criterion the mean (1–5), the spread
    between reviewers (highest minus lowest) and how many scored; never a reviewer's own scores
    or comments. One row per team; filter by ``cohort``."""

    permission = Permission.PROGRAMS_READ
    serializer_class = CouncilResultSerializer
    filterset_class = TeamFilter

    def get_queryset(self):
        return selectors.team_list()

    def _result(self, team):
        return results.team_result(team, criteria_for(team.cohort))

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        teams = page if page is not None else list(queryset)
        data = self.get_serializer(results.teams_results(list(teams)), many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._result(self.get_object())).data)


class TalentFlagFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")
    department = TextFilter(field_name="participant__employee__department")
    level = WholeNumberFilter(field_name="participant__employee__level")
    readiness = django_filters.ChoiceFilter(choices=Readiness.choices)

    class Meta:
        model = TalentFlag
        fields: list[str] = []


class TalentFlagSerializer(serializers.ModelSerializer):
    employee = serializers.IntegerField(source="participant.employee_id", read_only=True)
    external_id = serializers.CharField(source="participant.employee.external_id", read_only=True)
    name = serializers.CharField(source="participant.employee.name", read_only=True)
    department = serializers.CharField(source="participant.employee.department", read_only=True)
    level = serializers.IntegerField(source="participant.employee.level", read_only=True)

    class Meta:
        model = TalentFlag
        fields = [
            "id",
            "cohort",
            "participant",
            "employee",
            "external_id",
            "name",
            "department",
            "level",
            "readiness",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TalentFlagViewSet(OrganizationReadOnlyViewSet):
    """The talent pool: mentees flagged by council members and program managers, with their
    roster id, department and level, readiness and the flagger's note. HR analysts and admins
    only (API keys need the ``talent.read`` scope). Filter by ``cohort``, ``department``,
    ``level`` and ``readiness``."""

    permission = Permission.TALENT_VIEW
    serializer_class = TalentFlagSerializer
    filterset_class = TalentFlagFilter

    def get_queryset(self):
        return selectors.talent_pool()
