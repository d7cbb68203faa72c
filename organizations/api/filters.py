"""API filters. Filters are declared explicitly: django-filter's automatic ``Meta.fields``
builds a queryset from the default (scoped) manager at import time, outside any scope."""

import django_filters

from organizations.models import Employee, TerminationType


class EmployeeFilter(django_filters.FilterSet):
    department = django_filters.CharFilter()
    level = django_filters.NumberFilter()
    location = django_filters.CharFilter()
    termination_type = django_filters.ChoiceFilter(choices=TerminationType.choices)
    active = django_filters.BooleanFilter(field_name="termination_date", lookup_expr="isnull")
    hired_after = django_filters.DateFilter(field_name="hire_date", lookup_expr="gte")
    hired_before = django_filters.DateFilter(field_name="hire_date", lookup_expr="lte")

    class Meta:
        model = Employee
        fields: list[str] = []
