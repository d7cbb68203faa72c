"""Every page carries a Content-Security-Policy that runs no inline script, and no template
needs one: behaviour lives in static/js/lodestar.js, declared with data- attributes."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def _template_files():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        yield from folder.rglob("*.html")


def test_the_landing_page_forbids_inline_script(client):
    policy = _policy(client.get("/"))
    assert policy["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["object-src"] == "object-src 'none'"


def test_organization_pages_carry_the_policy_too(org, admin, client_for):
    response = client_for(admin).get(f"/o/{org.slug}/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert INLINE_SCRIPT.search(response.content.decode()) is None


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_runs_without_inline_script_or_outside_assets(client, path):
    page = client.get(path).content.decode()
    assert INLINE_SCRIPT.search(page) is None
    assert "googleapis" not in page and "https://" not in page.split("<body", 1)[0]


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in _template_files():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0).strip()}")
    assert not offenders, "Move these into static/js/lodestar.js (data- attributes):\n" + "\n".join(offenders)


def test_the_checker_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert INLINE_HANDLER.search('<button onclick="x()">')
    assert not INLINE_HANDLER.search('<button hx-confirm="Sure?" data-confirm="Sure?">')
