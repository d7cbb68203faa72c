"""Phones and long names (issue 13, item 8), each as the role concerned.

At 1280 px the header keeps each of its two rows on one line, with a 60-character person's name
in a 60-character organization, for an admin (the role with the most entries) and a program
manager; on a 390 px phone the navigation folds behind a Menu button (and stays open, stacked,
without script); the matching run's pairs and the pair overview become cards with their buttons
in reach, and no page scrolls sideways. Every screenshot is also checked by axe-core (conftest).
Screenshots: artifacts/screenshots/header-*.png and phone-*.png.
"""

import pytest
from django.urls import reverse

from matching.models import PinnedPair
from tests.matching.factories import active_matching_cohort, draft_run, published_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_ORGANIZATION = "Northern Lights Regional Health and Social Care Partnership NHS"[:60]
LONG_NAME = "Maximiliana Alexandrina Kowalczyk-Vandenberghe-Oyelaran Smith"[:60]
PHONE = {"width": 390, "height": 844}


def _scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def _long_names(org, user):
    assert len(LONG_ORGANIZATION) == 60 and len(LONG_NAME) == 60
    org.name = LONG_ORGANIZATION
    org.save()
    user.full_name = LONG_NAME
    user.save()


def _one_line(items) -> list[dict]:
    """The boxes of a row's entries, asserting they share one line inside the viewport (their
    middles level: entries of different heights are centred on the line)."""
    boxes = [items.nth(i).bounding_box() for i in range(items.count())]
    middles = sorted({round(box["y"] + box["height"] / 2) for box in boxes})
    assert max(middles) - min(middles) <= 4, f"the row wraps: entries centred at {middles}"
    width = items.page.viewport_size["width"]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes)
    return boxes


def _header_holds_at_1280(page):
    header = page.locator("header.topbar")
    first_row = header.locator(".brand-bar > li:visible, .account-nav > li")
    entries = header.locator(".main-nav > li")
    top = _one_line(first_row)
    below = _one_line(entries)
    assert min(box["y"] for box in below) >= max(box["y"] + box["height"] for box in top) - 1
    assert header.bounding_box()["height"] < 150
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert not _scrolls_sideways(page)
    switcher = header.locator(".org-switcher summary")
    assert switcher.get_attribute("title").startswith(LONG_ORGANIZATION)
    for cut in (switcher.locator(".summary-text"), header.locator(".account-nav summary .summary-text")):
        assert cut.evaluate("el => el.scrollWidth > el.clientWidth")  # shown with an ellipsis
    assert header.locator(".account-nav summary").get_attribute("title") == LONG_NAME
    return entries.count()


def test_the_header_rows_stay_on_one_line_at_1280_px_with_long_names(
    page, sign_in, screenshot, org, admin, manager
):
    _long_names(org, admin)
    sign_in(page, admin)
    page.goto(reverse("dashboard", kwargs={"org_slug": org.slug}))
    assert _header_holds_at_1280(page) >= 13  # every page an admin may use
    screenshot(page, "header-long-names-1280-admin")
    page.goto(reverse("members", kwargs={"org_slug": org.slug}))
    _header_holds_at_1280(page)
    screenshot(page, "header-long-names-1280-admin-members")
    for width in (1024, 800):  # narrower: the entries' row may wrap, but nothing scrolls sideways
        page.set_viewport_size({"width": width, "height": 900})
        assert not _scrolls_sideways(page)
        assert not page.get_by_role("button", name="Menu").is_visible()
        _one_line(page.locator("header.topbar").locator(".brand-bar > li:visible, .account-nav > li"))
    screenshot(page, "header-long-names-800-admin-members")
    page.set_viewport_size({"width": 1280, "height": 900})

    _long_names(org, manager)
    run = draft_run(org, mentees=3, mentors=3)
    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(reverse("matching:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    assert _header_holds_at_1280(page) >= 9
    screenshot(page, "header-long-names-1280-manager-run")


def test_on_a_phone_a_menu_button_shows_and_hides_the_navigation(
    chromium, live_server, page, sign_in, screenshot, org, manager
):
    _long_names(org, manager)
    page.set_viewport_size(PHONE)
    sign_in(page, manager)
    page.goto(reverse("dashboard", kwargs={"org_slug": org.slug}))
    menu = page.get_by_role("button", name="Menu")
    matching = page.locator("#nav-menu").get_by_role("link", name="Matching")
    messages = page.locator("#nav-menu").get_by_role("link", name="Messages")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "nav-menu"
    assert not matching.is_visible() and not messages.is_visible()
    assert not _scrolls_sideways(page)
    screenshot(page, "phone-header-closed")

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert matching.is_visible() and messages.is_visible()
    assert not _scrolls_sideways(page)
    screenshot(page, "phone-header-open")
    page.keyboard.press("Tab")  # into the menu, then Escape closes it and returns to the button
    assert page.evaluate("() => document.getElementById('nav-menu').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not matching.is_visible()
    assert page.evaluate("() => document.activeElement.matches('[data-nav-toggle]')")

    menu.click()
    matching.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("matching:home", kwargs={"org_slug": org.slug}))
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "false"

    # Without JavaScript there is no button to press: the navigation is simply there, stacked.
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        no_script = context.new_page()
        sign_in(no_script, manager)
        no_script.goto(reverse("dashboard", kwargs={"org_slug": org.slug}))
        assert not no_script.get_by_role("button", name="Menu").is_visible()
        links = no_script.locator("#nav-menu .main-nav").get_by_role("link")
        assert no_script.locator("#nav-menu").get_by_role("link", name="Matching").is_visible()
        assert links.nth(1).bounding_box()["y"] > links.nth(0).bounding_box()["y"]  # stacked
        assert not _scrolls_sideways(no_script)
        screenshot(no_script, "phone-header-without-script")
    finally:
        context.close()


def test_on_a_phone_the_pairs_of_a_run_are_cards_with_their_buttons(page, sign_in, screenshot, org, manager):
    run = draft_run(org, mentees=3, mentors=3)
    page.set_viewport_size(PHONE)
    sign_in(page, manager)
    page.goto(reverse("matching:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    assert not _scrolls_sideways(page)
    first = run.proposed_pairs.order_by("id").first()
    card = page.locator(f"#pair-{first.pk}")
    label = card.locator("td[data-label=Mentee]").evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Mentee"'
    assert (
        card.locator("td[data-label=Mentor]").bounding_box()["y"]
        > card.locator("td[data-label=Mentee]").bounding_box()["y"]
    )  # one cell under the other, not side by side
    pin = card.get_by_role("button", name="Pin", exact=True)
    for button in (pin, card.get_by_role("button", name="Never pair")):
        box = button.bounding_box()
        assert button.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24  # WCAG 2.2 target size
    screenshot(page, "phone-matching-run")

    page.once("dialog", lambda dialog: dialog.accept())
    pin.click()
    card.get_by_role("button", name="Unpin").wait_for()
    assert PinnedPair.objects.filter(cohort=run.cohort, mentee=first.mentee, mentor=first.mentor).exists()
    assert not _scrolls_sideways(page)
    screenshot(page, "phone-matching-run-pinned")


def test_on_a_phone_the_pair_overview_is_cards_and_keeps_its_sort_links(
    page, sign_in, screenshot, org, manager
):
    cohort = active_matching_cohort(org, name="Class of 2026")
    published_pair(cohort)
    published_pair(cohort)
    page.set_viewport_size(PHONE)
    sign_in(page, manager)
    page.goto(reverse("mentoring:overview", kwargs={"org_slug": org.slug, "pk": cohort.pk}))
    rows = page.locator("table.overview-table tbody tr")
    assert rows.count() == 2
    assert not _scrolls_sideways(page)
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]  # cards, one under the other
    assert first["width"] <= PHONE["width"]
    sort = page.locator("table.overview-table thead").get_by_role("link", name="Last met")
    assert sort.is_visible()
    screenshot(page, "phone-pair-overview")
    sort.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("?sort=last_meeting")
    sorted_by = page.locator("table.overview-table th[aria-sort]")
    assert sorted_by.count() == 1 and sorted_by.inner_text() == "Last met"
    assert not _scrolls_sideways(page)
    screenshot(page, "phone-pair-overview-sorted")
