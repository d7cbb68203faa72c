from rest_framework import serializers

from cohorts.models import Cohort, Participant
from programs.api.serializers import ApplicantSerializer


class CohortSerializer(serializers.ModelSerializer):
    mentees = serializers.IntegerField(read_only=True, source="selected_mentees")
    mentors = serializers.IntegerField(read_only=True, source="selected_mentors")

    class Meta:
        model = Cohort
        fields = [
            "id",
            "program",
            "name",
            "status",
            "mentee_limit",
            "mentor_limit",
            "mentees",
            "mentors",
            "created_at",
            "activated_at",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    person = ApplicantSerializer(source="employee", read_only=True)
    program = serializers.IntegerField(source="cohort.program_id", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "cohort",
            "program",
            "role",
            "status",
            "person",
            "application",
            "added_at",
            "withdrawn_at",
        ]
