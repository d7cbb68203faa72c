"""Phones and long names: the header stays on one line at 1280 px for a program manager (the
role with the most entries) with a 60-character name in a 60-character organization; on a phone
the navigation folds behind a menu button (and stays open, stacked, without script); the matching
run's pairs and the pair overview become cards with their buttons in reach, and the page never
scrolls sideways. Screenshots: artifacts/screenshots/phone-*.png and header-*.png."""

import pytest
from django.urls import reverse

from tests.matching.factories import active_matching_cohort, draft_run, published_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_ORGANIZATION = "Northern Lights Regional Health and Social Care Partnership NHS"[:60]
LONG_NAME = "Maximiliana Alexandrina Kowalczyk-Vandenberghe-Oyelaran Smith"[:60]
PHONE = {"width": 375, "height": 800}


def _scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def _long_names(org, manager):
    assert len(LONG_ORGANIZATION) == 60 and len(LONG_NAME) == 60
    org.name = LONG_ORGANIZATION
    org.save()
    manager.full_name = LONG_NAME
    manager.save()


def test_the_header_stays_on_one_line_at_1280_px_with_long_names(page, sign_in, screenshot, org, manager):
    _long_names(org, manager)
    run = draft_run(org, mentees=3, mentors=3)
    sign_in(page, manager)
    for url, name in (
        (reverse("dashboard", kwargs={"org_slug": org.slug}), "header-long-names-1280-overview"),
        (reverse("matching:run", kwargs={"org_slug": org.slug, "pk": run.pk}), "header-long-names-1280-run"),
    ):
        page.goto(url)
        nav = page.locator("header.topbar nav")
        entries = nav.locator(":scope > ul > li:not(.nav-toggle-item)")
        assert entries.count() >= 10
        tops = {round(entries.nth(i).bounding_box()["y"]) for i in range(entries.count())}
        heights = {round(entries.nth(i).bounding_box()["height"]) for i in range(entries.count())}
        assert max(tops) - min(tops) <= 4, f"the header wraps: entries start at {sorted(tops)}"
        assert max(heights) < 60
        assert not page.get_by_role("button", name="Menu").is_visible()
        assert not _scrolls_sideways(page)
        switcher = page.locator(".org-switcher summary")
        assert switcher.get_attribute("title").startswith(LONG_ORGANIZATION)
        assert page.evaluate("el => el.scrollWidth > el.clientWidth", switcher.element_handle())  # cut, "…"
        screenshot(page, name)


def test_on_a_phone_a_menu_button_shows_and_hides_the_navigation(
    chromium, live_server, page, sign_in, screenshot, org, manager
):
    _long_names(org, manager)
    page.set_viewport_size(PHONE)
    sign_in(page, manager)
    page.goto(reverse("dashboard", kwargs={"org_slug": org.slug}))
    menu = page.get_by_role("button", name="Menu")
    matching = page.locator("#main-nav").get_by_role("link", name="Matching")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "main-nav"
    assert not matching.is_visible()
    assert not _scrolls_sideways(page)
    screenshot(page, "phone-header-closed")

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert matching.is_visible()
    assert not _scrolls_sideways(page)
    screenshot(page, "phone-header-open")
    page.keyboard.press("Tab")  # into the menu, then Escape closes it and returns to the button
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not matching.is_visible()

    # Without JavaScript there is no button to press: the navigation is simply there, stacked.
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        no_script = context.new_page()
        sign_in(no_script, manager)
        no_script.goto(reverse("dashboard", kwargs={"org_slug": org.slug}))
        assert not no_script.get_by_role("button", name="Menu").is_visible()
        links = no_script.locator("#main-nav").get_by_role("link")
        assert no_script.locator("#main-nav").get_by_role("link", name="Matching").is_visible()
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
    pin = card.get_by_role("button", name="Pin")
    box = pin.bounding_box()
    assert pin.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert card.locator("td[data-label=Mentee]").evaluate(
        "td => getComputedStyle(td, '::before').content"
    ) == ('"Mentee"')
    screenshot(page, "phone-matching-run")

    page.once("dialog", lambda dialog: dialog.accept())
    pin.click()
    card.get_by_role("button", name="Unpin").wait_for()
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
    assert page.locator("table.overview-table tbody tr").count() == 2
    assert not _scrolls_sideways(page)
    sort = page.locator("table.overview-table thead").get_by_role("link", name="Health")
    assert sort.is_visible()
    screenshot(page, "phone-pair-overview")
    sort.click()
    page.wait_for_load_state("networkidle")
    assert "sort=health" in page.url
    assert not _scrolls_sideways(page)
