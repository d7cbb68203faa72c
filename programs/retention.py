"""Retention kind of the programs app (organizations/retention.py): the answers people gave
in applications, and managers' override reasons, once the program has ended."""

from django.db.models import F, Q

from organizations.retention import RetentionKind, register_retention_kind
from programs.models import Application


def _answered(organization):
    return (
        Application.objects.filter(organization=organization)
        .filter(~Q(motivation="") | ~Q(learning_goals="") | ~Q(offer="") | ~Q(override_reason=""))
        .annotate(ended_on=F("program__end_date"))
    )


def register() -> None:
    register_retention_kind(
        RetentionKind(
            key="application_answers",
            label="Application answers",
            what="motivations, learning goals, offers and override reasons (the decisions stay)",
            expiring=_answered,
            erase=lambda applications: Application.objects.filter(pk__in=applications.values("pk")).update(
                motivation="", learning_goals="", offer="", override_reason=""
            ),
            order=10,
        )
    )
