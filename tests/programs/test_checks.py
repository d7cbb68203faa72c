"""The start-up check that catches a forgotten active-participation hook."""

from programs.checks import active_participation_source_registered
from programs.participation import _nobody, register_active_participation_source


def test_the_check_passes_when_cohorts_registered_its_source():
    assert active_participation_source_registered() == []


def test_start_up_fails_when_no_active_participation_source_is_registered():
    previous = register_active_participation_source(_nobody)
    try:
        errors = active_participation_source_registered()
    finally:
        register_active_participation_source(previous)
    assert [error.id for error in errors] == ["programs.E001"]
    assert "not already in an active cohort" in errors[0].msg
