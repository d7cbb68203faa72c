"""Celery tasks that work on one organization's data, the way pretix's ``EventTask`` does.

Context does not travel into a worker: a task is sent the organization's *id*, and this base
re-loads the organization, opens its django-scopes scope and hands the organization itself to
the task's body. A task written with ``@organization_task`` cannot forget the scope, and
cannot search for its organization across all of them::

    @organization_task
    def dispatch_notifications(organization: Organization) -> int:
        ...

    send_hint(dispatch_notifications, organization.pk)

An organization deleted before the task runs makes the task return ``None`` and do nothing,
so a late or repeated message is harmless. Sweeps that visit every organization (beat jobs)
call the per-organization task's body through ``for_each_organization``.
"""

from collections.abc import Callable
from typing import Any

from celery import Task, shared_task

from organizations.models import Organization
from organizations.tenancy import organization_scope


class OrganizationTask(Task):
    """Turns the first argument (an organization id) into the organization, inside its scope."""

    abstract = True

    def __call__(self, organization_id: int | Organization, *args: Any, **kwargs: Any) -> Any:
        if isinstance(organization_id, Organization):
            # Called in-process with the object already in hand (a sweep, a test).
            organization = organization_id
        else:
            organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            return None
        with organization_scope(organization):
            return super().__call__(organization, *args, **kwargs)


def organization_task(body: Callable | None = None, **options: Any):
    """``@shared_task`` for a body whose first parameter is the organization (sent as its id)."""

    def decorate(function: Callable):
        return shared_task(base=OrganizationTask, **options)(function)

    return decorate(body) if body is not None else decorate


def for_each_organization(task: Task, *args: Any, **kwargs: Any) -> list[Any]:
    """Run an organization task in-process for every organization, each in its own scope.

    For daily and hourly sweeps: one organization's rows are never read in another's scope.
    """
    return [task(organization, *args, **kwargs) for organization in Organization.objects.order_by("pk")]
