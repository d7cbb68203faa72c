"""Phones and long names (issue 13, item 8), each as the role concerned.

At 1280 px the header keeps each of its two rows on one line, with a 60-character person's name
in a 60-character organization, for an admin (the role with the most entries) and a program
manager; on a 390 px phone the navigation folds behind a Menu button (and stays open, stacked,
without script); the matching run's pairs and the pair overview become cards with their buttons
in reach, and no page scrolls sideways. The settings pages for single sign-on and provisioning
(SCIM), and a peer-circle run with a 120-character name in a circle and in the kept choices, do not
scroll sideways either, on a phone or at 1280 px: the addresses to copy break where they must.
Every screenshot is also checked by axe-core (conftest).
Screenshots: artifacts/screenshots/header-*.png and phone-*.png.
"""

import pytest
from django.urls import reverse

from matching.models import PinnedPair
from matching.services.circles import circle_choice_add
from matching.services.runs import match_run_create
from organizations.scim.tokens import scim_token_create
from tests.matching.factories import active_matching_cohort, circle_class, draft_run, published_pair
from tests.organizations.sso.conftest import SAML_ENTITY, SAML_SSO_URL, set_up_oidc, set_up_saml
from tests.organizations.sso.idp import SAMLProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_ORGANIZATION = "Northern Lights Regional Health and Social Care Partnership NHS"[:60]
LONG_NAME = "Maximiliana Alexandrina Kowalczyk-Vandenberghe-Oyelaran Smith"[:60]
LONGER_NAME = (
    "Bartholomew-Alexandrina Kowalczyk-Vandenberghe-Oyelaran de la Fuente y Montgomery-Smythe "
    "Worthington-Fairbanks-Hallorann"
)[:120]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


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


def _no_sideways_scroll_on_a_phone_or_a_desktop(page, screenshot, name: str):
    for label, size in (("phone", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        assert not _scrolls_sideways(page), f"{name} scrolls sideways at {size['width']} px"
        screenshot(page, f"{label}-{name}")


def test_on_a_phone_the_single_sign_on_settings_keep_their_addresses_on_screen(
    page, sign_in, screenshot, org, admin
):
    _long_names(org, admin)
    sign_in(page, admin)
    for protocol in ("oidc", "saml"):
        if protocol == "oidc":
            set_up_oidc(org, admin)
        else:
            set_up_saml(org, admin, SAMLProvider(SAML_ENTITY, SAML_SSO_URL))
        page.goto(reverse("sso_settings", kwargs={"org_slug": org.slug}))
        addresses = page.locator("dl.sso-addresses code")
        assert addresses.count() == (1 if protocol == "oidc" else 3)
        _no_sideways_scroll_on_a_phone_or_a_desktop(page, screenshot, f"sso-settings-{protocol}")
        page.set_viewport_size(PHONE)
        for i in range(addresses.count()):  # the whole address shows, on more than one line if need be
            box = addresses.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.get_by_role("button", name="Save single sign-on").scroll_into_view_if_needed()
        save = page.get_by_role("button", name="Save single sign-on").bounding_box()
        assert save["x"] >= 0 and save["x"] + save["width"] <= PHONE["width"]


def test_on_a_phone_the_provisioning_page_keeps_a_long_token_name_in_its_card(
    page, sign_in, screenshot, org, admin, settings
):
    # The SCIM base URL is the site's own address: a long one breaks instead of widening the page.
    settings.SITE_URL = "https://mentoringprogramme.northernlightshealthandcarepartnership.example"
    _long_names(org, admin)
    scim_token_create(organization=org, actor=admin, name=LONGER_NAME)
    sign_in(page, admin)
    page.goto(reverse("provisioning", kwargs={"org_slug": org.slug}))
    assert page.get_by_role("cell", name=LONGER_NAME, exact=True).is_visible()
    assert page.get_by_text(f"{settings.SITE_URL}/scim/v2/").is_visible()
    _no_sideways_scroll_on_a_phone_or_a_desktop(page, screenshot, "provisioning")
    page.set_viewport_size(PHONE)
    revoke = page.get_by_role("button", name=f"Revoke the token for {LONGER_NAME}").bounding_box()
    assert revoke["x"] + revoke["width"] <= PHONE["width"] and revoke["height"] >= 24


def test_on_a_phone_a_circle_run_wraps_long_names_and_keeps_its_forms_in_reach(
    page, sign_in, screenshot, org, admin
):
    _long_names(org, admin)
    cohort, peers = circle_class(org, peers=8, size=4, name=LONG_ORGANIZATION)
    employee = peers[0].application.employee
    employee.name = LONGER_NAME
    employee.save()
    circle_choice_add(cohort=cohort, first=peers[0], second=peers[1], kind="apart", actor=None)
    circle_choice_add(cohort=cohort, first=peers[0], second=peers[2], kind="together", actor=None)
    run = match_run_create(cohort=cohort, actor=None)
    sign_in(page, admin)
    page.goto(reverse("matching:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    assert page.locator(".circle-card").count() == 2
    _no_sideways_scroll_on_a_phone_or_a_desktop(page, screenshot, "circle-run")
    page.set_viewport_size(PHONE)
    name = page.locator(".circle-card .who strong", has_text=LONGER_NAME)
    assert name.bounding_box()["height"] > 40  # wrapped over lines, not one wide line
    for button in ("Move", "Save the choice", "Release", "Remove"):
        box = page.get_by_role("button", name=button, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 24
