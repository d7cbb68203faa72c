"""A count as a subquery expression: how many rows a queryset (usually filtered on an
``OuterRef``) holds, read inside another query rather than in a round trip of its own (issue 17:
the overview reads every app's counts per cohort with the cohorts themselves)."""

from django.db.models import IntegerField, QuerySet, Subquery


class SubqueryCount(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset>))``: 0, not NULL, when nothing matches, and no GROUP
    BY to get right (a ``Count`` over joins would multiply when two are annotated at once)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)
