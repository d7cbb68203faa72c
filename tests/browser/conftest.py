"""Headless Chromium driven by Playwright against Django's live server.

Debian's chromium is used (``playwright install`` cannot download here). Screenshots go to
``artifacts/screenshots/`` (git-ignored) so a person can look at what the tests saw, and every
page screenshotted is checked with axe-core (tests/browser/axe.py): a serious or critical WCAG
2.2 AA violation fails the test.
"""

import os
from pathlib import Path

import pytest

from tests.browser.axe import assert_accessible
from tests.factories import DEFAULT_PASSWORD
from tests.services import require_chromium

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each browser test starts with an empty cache. With Redis (CI) the cache outlives a test:
    allauth's sign-in rate limits there (30 a minute from one address) would count the sign-ins
    of earlier tests — and those of a test that moved the clock a year ahead (test_lifecycle)
    stay counted while sign-ins keep the key alive — refusing later tests' sign-ins."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _pages_as_served(settings):
    """The browser walks the product as production serves it: with the page cache on. The live
    server commits every write, so the data versions move as they do in production."""
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture(scope="session")
def chromium():
    executable = require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django would then refuse the
    # test's own (synchronous) database calls. The live server runs in another thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, "roster-errors")`` saves artifacts/screenshots/roster-errors.png, then
    runs axe-core on the page and fails on a serious or critical violation (the screenshot is
    already saved, to look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert_accessible(page, f"screenshot {name}")
        return path

    return take


@pytest.fixture
def sign_in():
    """``sign_in(page, user)`` signs in through the real allauth form."""

    def do(page, user, password: str = DEFAULT_PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")

    return do
