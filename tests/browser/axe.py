"""axe-core in the browser tests: every page a test screenshots is also checked against WCAG 2.2
AA (tags below), and a violation of impact serious or critical fails the test.

axe is the copy vendored under static/vendor/axe/ (no network needed). The pages' Content
Security Policy forbids inline scripts, so ``page.add_script_tag`` is refused; ``page.evaluate``
runs through the DevTools protocol, which the policy does not govern. axe needs timers, which do
not fire in a page opened with JavaScript off: such a page's DOM is checked in a twin page, with its
scripts removed.
"""

import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE_SOURCE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      impact: n.impact, target: n.target.map(String), summary: n.failureSummary || "",
    })),
  }));
}"""


def violations(page) -> list[dict]:
    """Every violation axe finds on the page as it is now, whatever its impact."""
    if not _timers_fire(page):
        return _violations_without_script(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(_RUN, WCAG_TAGS)


def _timers_fire(page) -> bool:
    try:
        page.wait_for_function("() => new Promise((done) => setTimeout(() => done(true), 0))", timeout=3000)
    except PlaywrightTimeoutError:
        return False
    return True


_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _violations_without_script(page) -> list[dict]:
    """The page as a browser without JavaScript shows it, served again at its own address (so
    its stylesheets load) to a page where axe can run, without any of its scripts."""
    html = _SCRIPT.sub("", page.content())
    twin_context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        twin = twin_context.new_page()
        twin.route("**/*.js", lambda route: route.abort())
        address = page.url
        twin.route(
            lambda url: url == address,
            lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
        )
        twin.goto(address)
        return violations(twin)
    finally:
        twin_context.close()


def blocking(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in BLOCKING_IMPACTS]


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {' > '.join(node['target'])}  {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    """Fail, listing rule, impact and target selectors, on any serious or critical violation."""
    found = blocking(violations(page))
    assert not found, (
        f"axe-core: serious or critical WCAG violations on {where} ({page.url}):\n{describe(found)}"
    )
