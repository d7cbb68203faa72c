"""The cohort page's links to everything about the cohort, filled in by the apps that own
the pages (matching, the mentoring year, goals, project teams, analytics).

``cohorts`` cannot name higher apps, so each registers its link from its ``navigation.py``::

    register_cohort_link(CohortLink("Matching", "matching:cohort", Permission.PROGRAMS_MANAGE, order=20))

A link's URL takes the cohort's ``pk`` (or, with ``query``, the cohort's page in the app plus
a query such as ``?program=<program id>``). ``only_if(cohort)`` hides a link that means
nothing yet (no pairs before publishing).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from cohorts.models import Cohort
from organizations.roles import Permission, declared_permission


@dataclass(frozen=True)
class CohortLink:
    label: str
    url_name: str
    permission: Permission
    order: int
    # Builds the URL from the cohort when the route does not take the cohort's pk.
    url: Callable[[Cohort], str] | None = None
    only_if: Callable[[Cohort], bool] | None = None

    def __post_init__(self) -> None:
        declared_permission(self.permission)


@dataclass(frozen=True)
class ResolvedCohortLink:
    label: str
    url: str


_links: dict[str, CohortLink] = {}


def register_cohort_link(link: CohortLink) -> None:
    _links[link.label] = link


def cohort_links_for(request: HttpRequest, cohort: Cohort) -> list[ResolvedCohortLink]:
    membership = request.membership
    slug = request.organization.slug
    resolved = []
    for link in sorted(_links.values(), key=lambda link: link.order):
        if not membership.can(link.permission) or (link.only_if and not link.only_if(cohort)):
            continue
        url = (
            link.url(cohort)
            if link.url
            else reverse(link.url_name, kwargs={"org_slug": slug, "pk": cohort.pk})
        )
        resolved.append(ResolvedCohortLink(link.label, url))
    return resolved
