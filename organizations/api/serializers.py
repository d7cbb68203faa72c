from rest_framework import serializers

from organizations.models import Employee, Organization


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["name", "slug", "timezone", "min_group_size", "rating_scale"]


class EmployeeSerializer(serializers.ModelSerializer):
    manager_external_id = serializers.CharField(source="manager.external_id", default=None, read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "external_id",
            "name",
            "email",
            "department",
            "level",
            "location",
            "manager_external_id",
            "hire_date",
            "performance_rating",
            "termination_date",
            "termination_type",
            "is_active",
        ]
