"""Match runs, proposed pairs and published pairs through the API.

PRIVACY: the API carries roster facts (participant ids, departments, levels), scores and
dates — never names or trust-profile text. The one sentence built from profiles, a proposed
pair's ``why``, goes to program managers and admins only; HR analysts get ``null``.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.models import MatchRun, Pair, PairMember, ProposedPair, Unmatched
from organizations.roles import Permission, role_has_permission


class PersonSerializer(serializers.Serializer):
    """A participant as the API shows them: id, department and level."""

    participant = serializers.IntegerField(source="pk")
    department = serializers.CharField(source="employee.department")
    level = serializers.IntegerField(source="employee.level")


class UnmatchedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unmatched
        fields = ["participant", "reason", "detail"]


class MatchRunSerializer(serializers.ModelSerializer):
    program = serializers.IntegerField(source="cohort.program_id", read_only=True)
    settings = serializers.SerializerMethodField()
    unmatched = UnmatchedSerializer(many=True, read_only=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "cohort",
            "program",
            "number",
            "parent",
            "status",
            "scope",
            "structure",
            "settings",
            "total_score",
            "worst_score",
            "best_possible_score",
            "matched_count",
            "unmatched_count",
            "mentee_count",
            "mentor_count",
            "unmatched",
            "created_at",
            "edited_at",
            "published_at",
        ]

    @extend_schema_field(serializers.DictField(child=serializers.JSONField()))
    def get_settings(self, run: MatchRun) -> dict:
        """The weights and rules the run was scored with (and, for a hybrid run, how the
        mentees' ranks came out: ``rank_outcome``)."""
        keep = (
            "weights",
            "min_level_gap",
            "level_gap_is_hard",
            "mode",
            "shortlist_size",
            "allow_previous_pairs",
            "load_balance",
            "honour_first_choices",
            "rank_outcome",
        )
        return {key: run.settings_snapshot.get(key) for key in keep}


class ProposedPairSerializer(serializers.ModelSerializer):
    cohort = serializers.IntegerField(source="run.cohort_id", read_only=True)
    mentee = PersonSerializer(read_only=True)
    mentor = PersonSerializer(read_only=True)
    contributions = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text="Each score component's weighted part."
    )
    why = serializers.SerializerMethodField(help_text="The score in words; program managers and admins only.")

    class Meta:
        model = ProposedPair
        fields = [
            "id",
            "run",
            "cohort",
            "mentee",
            "mentor",
            "score",
            "contributions",
            "pinned",
            "swapped",
            "why",
        ]

    def get_why(self, proposal: ProposedPair) -> str | None:
        role = self.context.get("role")
        return proposal.why if role and role_has_permission(role, Permission.PROGRAMS_MANAGE) else None


class PairMemberSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="participant.employee.department", read_only=True)
    level = serializers.IntegerField(source="participant.employee.level", read_only=True)

    class Meta:
        model = PairMember
        fields = ["participant", "role", "department", "level", "joined_at", "left_at"]


class PairSerializer(serializers.ModelSerializer):
    program = serializers.IntegerField(source="cohort.program_id", read_only=True)
    members = PairMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Pair
        fields = [
            "id",
            "cohort",
            "program",
            "kind",
            "status",
            "match_run",
            "published_at",
            "ended_at",
            "members",
        ]
