"""The start-up check that catches a forgotten trust-profile partner source."""

from cohorts.checks import partner_source_registered
from cohorts.profiles.visibility import _nobody, register_partner_source


def test_the_check_passes_when_matching_registered_its_partner_source():
    assert partner_source_registered() == []


def test_start_up_fails_when_no_partner_source_is_registered():
    previous = register_partner_source(_nobody)
    try:
        errors = partner_source_registered()
    finally:
        register_partner_source(previous)
    assert [error.id for error in errors] == ["cohorts.E001"]


def test_the_check_runs_with_djangos_system_checks():
    from django.core import checks

    previous = register_partner_source(_nobody)
    try:
        ids = {message.id for message in checks.run_checks()}
    finally:
        register_partner_source(previous)
    assert "cohorts.E001" in ids
