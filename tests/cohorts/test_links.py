"""The cohort page links to everything about the cohort, per role, from the apps that own the pages."""

import pytest
from django.urls import reverse

from cohorts.models import CohortStatus
from tests.matching.factories import active_matching_cohort

pytestmark = pytest.mark.django_db


def _page(client, org, cohort) -> str:
    return client.get(
        reverse("cohorts:detail", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    ).content.decode()


def test_an_active_cohort_links_to_matching_pairs_sessions_goals_teams_and_analytics(
    org, manager, client_for
):
    cohort = active_matching_cohort(org)
    page = _page(client_for(manager), org, cohort)
    slug = org.slug
    for url in (
        reverse("cohorts:profiles", kwargs={"org_slug": slug, "pk": cohort.pk}),
        reverse("matching:cohort", kwargs={"org_slug": slug, "pk": cohort.pk}),
        reverse("mentoring:overview", kwargs={"org_slug": slug, "pk": cohort.pk}),
        reverse("mentoring:sessions", kwargs={"org_slug": slug, "pk": cohort.pk}),
        reverse("goals:cohort_progress", kwargs={"org_slug": slug, "cohort_pk": cohort.pk}),
        reverse("teams:challenges", kwargs={"org_slug": slug, "pk": cohort.pk}),
        reverse("analytics:dashboard", kwargs={"org_slug": slug})
        + f"?program={cohort.program_id}&amp;cohort={cohort.pk}",
    ):
        assert f'href="{url}"' in page, url


def test_a_class_still_being_chosen_links_only_to_what_means_something_yet(org, manager, client_for):
    cohort = active_matching_cohort(org)
    cohort.status = CohortStatus.SELECTING
    cohort.save()
    page = _page(client_for(manager), org, cohort)
    assert "Trust profiles" in page and "Matching" in page
    assert "Pair overview" not in page and "Goal progress" not in page


def test_every_link_on_the_cohort_page_opens(org, admin, client_for):
    import re

    cohort = active_matching_cohort(org)
    client = client_for(admin)
    page = _page(client, org, cohort)
    block = page.split('class="cohort-links"', 1)[1].split("</ul>", 1)[0]
    urls = [url.replace("&amp;", "&") for url in re.findall(r'href="([^"]+)"', block)]
    assert len(urls) >= 7
    for url in urls:
        assert client.get(url).status_code == 200, url
