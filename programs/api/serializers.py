from rest_framework import serializers

from organizations.roles import Permission, role_has_permission
from programs.models import Application, EligibilityRule, Program, ProgramPhase


class ProgramPhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgramPhase
        fields = ["name", "date"]


class EligibilityRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = EligibilityRule
        fields = ["applies_to", "kind", "value"]


class ProgramSerializer(serializers.ModelSerializer):
    phases = ProgramPhaseSerializer(many=True, read_only=True)
    eligibility_rules = EligibilityRuleSerializer(many=True, read_only=True)
    purpose_label = serializers.CharField(read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "description",
            "purpose",
            "purpose_label",
            "target_metric",
            "target_baseline",
            "target_value",
            "target_by",
            "structure",
            "matching_mode",
            "group_size",
            "start_date",
            "end_date",
            "meeting_cadence_days",
            "applications_open_at",
            "applications_close_at",
            "mentee_limit",
            "mentor_limit",
            "status",
            "copied_from",
            "phases",
            "eligibility_rules",
            "created_at",
        ]


class ApplicantSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField()
    level = serializers.IntegerField()


# An applicant's answers and a manager's override reason: program managers and admins only,
# never HR (docs/privacy.md).
MANAGERS_ONLY_FIELDS = ("motivation", "learning_goals", "offer", "override_reason")


class ApplicationSerializer(serializers.ModelSerializer):
    """An application. The applicant's own words are for program managers and admins only."""

    applicant = ApplicantSerializer(source="employee", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "program",
            "role",
            "status",
            "applicant",
            "eligible",
            "eligibility_failures",
            "evaluated_on",
            "override_reason",
            "overridden_at",
            "decided_at",
            "withdrawn_at",
            "created_at",
            "motivation",
            "learning_goals",
            "offer",
        ]
        # Absent for the callers who may not read them, so the schema must not promise them.
        extra_kwargs = {
            name: {
                "required": False,
                "help_text": f"{Application._meta.get_field(name).help_text} "
                "Program managers and admins only; absent for everyone else.".lstrip(),
            }
            for name in MANAGERS_ONLY_FIELDS
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        role = self.context.get("role")
        if not (role and role_has_permission(role, Permission.PROGRAMS_MANAGE)):
            for field in MANAGERS_ONLY_FIELDS:
                data.pop(field, None)
        return data
