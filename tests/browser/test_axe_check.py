"""The axe-core check the ``screenshot`` fixture runs can fail: on a page with an unlabelled
field and grey-on-white text it lists both, with rule, impact and target; on the same page with
a label and dark text it passes; a minor finding alone does not fail."""

import pytest

from tests.browser.axe import assert_accessible, blocking, violations

pytestmark = pytest.mark.browser

BAD = """<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>
<h1>Form</h1>
<p id="faint" style="color:#bbb;background:#fff">Faint words nobody can read</p>
<input id="nameless" type="text">
</main></body></html>"""

GOOD = """<!doctype html><html lang="en"><head><title>Good</title></head><body><main>
<h1>Form</h1>
<p style="color:#333;background:#fff">Words anybody can read</p>
<label for="named">Name</label><input id="named" type="text">
</main></body></html>"""


@pytest.fixture
def blank(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_check_fails_on_an_unlabelled_field_and_low_contrast_text(blank, screenshot):
    blank.set_content(BAD)
    found = {v["id"]: v for v in blocking(violations(blank))}
    assert found["label"]["impact"] == "critical"
    assert found["label"]["nodes"][0]["target"] == ["#nameless"]
    assert found["color-contrast"]["impact"] == "serious"
    assert found["color-contrast"]["nodes"][0]["target"] == ["#faint"]

    with pytest.raises(AssertionError) as failure:
        screenshot(blank, "axe-self-test-bad")
    message = str(failure.value)
    assert "label (critical)" in message and "#nameless" in message
    assert "color-contrast (serious)" in message and "#faint" in message


def test_the_check_passes_the_same_page_made_accessible(blank, screenshot):
    blank.set_content(GOOD)
    assert blocking(violations(blank)) == []
    screenshot(blank, "axe-self-test-good")


def test_only_serious_and_critical_findings_fail(blank):
    found = [
        {"id": "minor-rule", "impact": "minor", "help": "", "nodes": []},
        {"id": "moderate-rule", "impact": "moderate", "help": "", "nodes": []},
    ]
    assert blocking(found) == []
    blank.set_content(GOOD)
    assert_accessible(blank, "a good page")


def test_a_page_opened_without_javascript_is_checked_too(chromium, screenshot):
    """axe cannot run where JavaScript is off (timers never fire): the check reads that page's
    DOM in a twin page with script, and still finds what is wrong."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        no_script = context.new_page()
        no_script.route(
            "http://axe-self-test.example/", lambda route: route.fulfill(body=BAD, content_type="text/html")
        )
        no_script.goto("http://axe-self-test.example/")
        found = {v["id"] for v in blocking(violations(no_script))}
        assert {"label", "color-contrast"} <= found
        with pytest.raises(AssertionError, match="label \\(critical\\)"):
            screenshot(no_script, "axe-self-test-bad-without-script")
    finally:
        context.close()
