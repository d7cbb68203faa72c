"""Headless Chromium driven by Playwright against Django's live server.

Debian's chromium is used (``playwright install`` cannot download here). Screenshots go to
``artifacts/screenshots/`` (git-ignored) so a person can look at what the tests saw.

Every screenshot is also an accessibility check: axe-core (vendored in static/vendor/axe/, injected
only here, never linked from a page) runs the WCAG 2.0/2.1/2.2 A and AA rules on the page and the
test fails on any serious or critical violation.
"""

import functools
import os
from pathlib import Path

import pytest

from tests.factories import DEFAULT_PASSWORD
from tests.services import require_chromium

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "static" / "vendor" / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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


def axe_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.2 AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays as is.
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [v for v in result["violations"] if v.get("impact") in AXE_FAILING_IMPACTS]


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def describe_axe_violations(violations: list[dict], where: str = "") -> str:
    lines = [f"axe-core: {len(violations)} serious or critical WCAG violation(s) on {where}:"]
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {len(targets)} element(s), e.g. {', '.join(targets[:3])}"
        )
    return "\n".join(lines)


def axe_check(page, where: str = "") -> None:
    """Fail with a readable list (rule, help, first targets) if axe-core finds a serious problem."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(describe_axe_violations(violations, where or page.url), pytrace=False)


@pytest.fixture(name="axe_check")
def axe_check_fixture():
    return axe_check


@pytest.fixture
def screenshot():
    """``screenshot(page, "roster-errors")`` saves artifacts/screenshots/roster-errors.png, then
    checks the page with axe-core (every page a browser test visits is screenshotted)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        axe_check(page, f"{name} ({page.url})")
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
