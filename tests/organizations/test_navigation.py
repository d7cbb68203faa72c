"""The navigation and overview cards come from the apps that own the pages, filtered by role."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from organizations.navigation import NavItem, registered_nav_items


def _nav(client, org) -> str:
    content = client.get(f"/o/{org.slug}/").content.decode()
    return content.split('<ul class="main-nav">', 1)[1].split("</ul>", 1)[0]


def test_every_app_registered_its_navigation_entries_in_order():
    labels = [item.label for item in registered_nav_items()]
    for expected in ("Overview", "Programs", "Cohorts", "Matching", "My profile", "Goals", "Mentoring"):
        assert expected in labels
    assert labels.index("Overview") < labels.index("Programs") < labels.index("Settings")


def test_a_member_sees_only_the_entries_their_role_may_use(client_for, org, mentee, admin):
    member_nav = _nav(client_for(mentee), org)
    assert "Programs" in member_nav and "Goals" in member_nav
    assert "Roster" not in member_nav and "Members" not in member_nav and "Matching" not in member_nav
    admin_nav = _nav(client_for(admin), org)
    assert "Roster" in admin_nav and "Members" in admin_nav and "Settings" in admin_nav


def test_the_current_section_is_marked_for_screen_readers(client_for, org, admin):
    content = client_for(admin).get(f"/o/{org.slug}/roster/").content.decode()
    nav = content.split('<ul class="main-nav">', 1)[1].split("</ul>", 1)[0]
    assert f'href="/o/{org.slug}/roster/" aria-current="page"' in nav
    assert nav.count('aria-current="page"') == 1


def test_the_overview_shows_the_cards_of_the_apps_the_role_may_use(client_for, org, manager, mentee):
    manager_page = client_for(manager).get(f"/o/{org.slug}/").content.decode()
    assert "Design and run programs" in manager_page and f"/o/{org.slug}/matching/" in manager_page
    member_page = client_for(mentee).get(f"/o/{org.slug}/").content.decode()
    assert "Design and run programs" not in member_page and "HR roster" not in member_page


def test_an_entry_with_an_undeclared_permission_is_refused_when_registered():
    with pytest.raises(ImproperlyConfigured):
        NavItem(label="Oops", url_name="dashboard", permission="roster.veiw", order=1)


def test_no_template_comment_spans_lines_where_django_would_print_it():
    """``{# … #}`` is a one-line comment in Django; across lines it is shown on the page."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in (root / "templates").rglob("*.html")
        if re.search(r"\{#(?:(?!#\}).)*\n", path.read_text(), re.DOTALL)
    ]
    assert not offenders, f"Use {{% comment %}} for comments over several lines: {offenders}"


def test_cached_links_are_reverses_for_each_script_prefix_and_url_configuration():
    from django.urls import reverse, set_script_prefix
    from django.urls.base import get_script_prefix

    from organizations.navigation import cached_reverse

    assert cached_reverse("notifications", "acme") == reverse("notifications", args=["acme"])
    assert cached_reverse("roster", org_slug="acme") == reverse("roster", kwargs={"org_slug": "acme"})
    assert cached_reverse("roster", org_slug="globex") == "/o/globex/roster/"
    previous = get_script_prefix()
    set_script_prefix("/lodestar/")
    try:
        assert cached_reverse("roster", org_slug="acme") == "/lodestar/o/acme/roster/"
    finally:
        set_script_prefix(previous)
    assert cached_reverse("roster", org_slug="acme") == "/o/acme/roster/"


def test_a_role_changed_between_two_pages_shows_on_the_next_one(client_for, org, mentee):
    from organizations.models import Membership
    from organizations.roles import Role

    client = client_for(mentee)
    assert "Roster" not in _nav(client, org)
    Membership.objects.filter(organization=org, user=mentee).update(role=Role.ADMIN)
    assert "Roster" in _nav(client, org)
    assert client.get(f"/o/{org.slug}/roster/").status_code == 200
    Membership.objects.filter(organization=org, user=mentee).update(role=Role.MEMBER)
    assert client.get(f"/o/{org.slug}/roster/").status_code == 403
