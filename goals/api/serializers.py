"""Goal plans through the API, with the privacy rule applied per plan.

A plan's words (goal titles, descriptions, measures, categories, milestone titles, check-in
comments) are serialized only for the owner, their pair partner(s) and their accountability
partner. Anyone else allowed to list plans — a program manager or admin — gets the
``*ProgressSerializer`` shapes, which name only dates, statuses and numbers: a field added to
the content serializers never reaches a manager unless it is added to those on purpose.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from goals.access import PlanAccess
from goals.models import Goal, GoalCheckIn, GoalPlan, Milestone
from goals.selectors import GoalProgress

ONLY_FOR_READERS = "Absent unless you are the plan's owner, their pair partner or accountability partner."
MANAGER_ACCESS = "manager"
ACCESS_CHOICES = [
    str(PlanAccess.OWNER),
    str(PlanAccess.PARTNER),
    str(PlanAccess.ACCOUNTABILITY_PARTNER),
    MANAGER_ACCESS,
]
_OPTIONAL_TEXT = {"required": False, "help_text": ONLY_FOR_READERS}


# Metadata: what a manager sees.


class MilestoneProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "due_date", "completed_at"]


class CheckInProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoalCheckIn
        fields = ["id", "date", "progress"]


class GoalProgressItemSerializer(serializers.ModelSerializer):
    milestones = MilestoneProgressSerializer(many=True, source="milestone_list")
    check_ins = CheckInProgressSerializer(many=True, source="check_in_list")

    class Meta:
        model = Goal
        fields = ["id", "target_date", "status", "milestones", "check_ins"]


# Content: for the owner, their partners and their accountability partner.


class MilestoneSerializer(MilestoneProgressSerializer):
    class Meta(MilestoneProgressSerializer.Meta):
        fields = ["id", "title", "due_date", "completed_at"]
        extra_kwargs = {"title": _OPTIONAL_TEXT}


class CheckInSerializer(CheckInProgressSerializer):
    class Meta(CheckInProgressSerializer.Meta):
        fields = ["id", "date", "progress", "comment"]
        extra_kwargs = {"comment": _OPTIONAL_TEXT}


class GoalSerializer(serializers.ModelSerializer):
    milestones = MilestoneSerializer(many=True, source="milestone_list")
    check_ins = CheckInSerializer(many=True, source="check_in_list", help_text="Newest first.")

    class Meta:
        model = Goal
        fields = [
            "id",
            "title",
            "description",
            "category",
            "success_measure",
            "target_date",
            "status",
            "milestones",
            "check_ins",
        ]
        extra_kwargs = {
            name: _OPTIONAL_TEXT for name in ("title", "description", "category", "success_measure")
        }


class GoalProgressSerializer(serializers.Serializer):
    goals_total = serializers.IntegerField()
    goals_not_started = serializers.IntegerField()
    goals_on_track = serializers.IntegerField()
    goals_at_risk = serializers.IntegerField()
    goals_done = serializers.IntegerField()
    milestones_total = serializers.IntegerField()
    milestones_completed = serializers.IntegerField()
    milestones_percent = serializers.IntegerField(allow_null=True)
    overdue_milestones = serializers.IntegerField()
    last_check_in = serializers.DateField(allow_null=True)


class PlanOwnerSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="pk", help_text="The pair member whose plan this is.")
    name = serializers.CharField(source="participant.employee.name")
    role = serializers.CharField()


class GoalPlanSerializer(serializers.ModelSerializer):
    """One person's goal plan for their pair, with its goals, milestones and check-ins."""

    # Needs ``relations`` (goals.access.ViewerRelations) and ``as_of`` in its context.

    owner = PlanOwnerSerializer(source="member")
    pair = serializers.IntegerField(source="member.pair_id")
    cohort = serializers.IntegerField(source="member.pair.cohort_id")
    access = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()

    class Meta:
        model = GoalPlan
        fields = ["id", "owner", "pair", "cohort", "access", "progress", "goals", "updated_at"]

    def _access(self, plan: GoalPlan) -> PlanAccess:
        return self.context["relations"].access(plan.member)

    @extend_schema_field(
        serializers.ChoiceField(
            choices=ACCESS_CHOICES,
            help_text="Why you see this plan: as its owner, partner or accountability partner (with "
            "its words), or as a manager (statuses and numbers only).",
        )
    )
    def get_access(self, plan: GoalPlan) -> str:
        access = self._access(plan)
        return str(access) if access.reads_text else MANAGER_ACCESS

    @extend_schema_field(GoalProgressSerializer)
    def get_progress(self, plan: GoalPlan) -> dict:
        progress = GoalProgress.of_goals(plan.goal_list, self.context["as_of"])
        return GoalProgressSerializer(progress).data

    @extend_schema_field(GoalSerializer(many=True))
    def get_goals(self, plan: GoalPlan) -> list:
        serializer = GoalSerializer if self._access(plan).reads_text else GoalProgressItemSerializer
        return serializer(plan.goal_list, many=True).data


class CohortGoalAggregateSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(source="cohort_id")
    cohort_name = serializers.CharField()
    suppressed = serializers.BooleanField(
        help_text="True when fewer people keep a plan than the organization's minimum group size: "
        "then no figures are given."
    )
    people = serializers.IntegerField(allow_null=True, help_text="People keeping a goal plan.")
    progress = GoalProgressSerializer(allow_null=True)
