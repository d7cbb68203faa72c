"""The program page's panel hook: apps above programs add panels; start-up fails without any."""

from django.test import RequestFactory

from organizations.models import Membership
from organizations.roles import Permission
from programs.checks import program_panels_registered
from programs.panels import (
    ProgramPanel,
    _panels,
    register_program_panel,
    rendered_program_panels,
    unregister_program_panel,
)
from tests.programs.factories import ProgramFactory


def test_the_check_passes_when_analytics_registered_its_panel():
    assert "purpose-progress" in _panels
    assert program_panels_registered() == []


def test_start_up_fails_when_no_program_panel_is_registered():
    saved = dict(_panels)
    _panels.clear()
    try:
        errors = program_panels_registered()
    finally:
        _panels.update(saved)
    assert [error.id for error in errors] == ["programs.E002"]
    assert "purpose target" in errors[0].msg


def _request(user, org):
    request = RequestFactory().get("/")
    request.user = user
    request.organization = org
    request.membership = Membership.objects.get(user=user, organization=org)
    return request


def test_a_panel_shows_only_to_roles_with_its_permission(org, manager, mentee):
    program = ProgramFactory(organization=org)
    saved = dict(_panels)
    _panels.clear()
    try:
        register_program_panel(
            ProgramPanel(
                name="test-panel",
                template="analytics/_notes.html",
                context=lambda request, program: {"section": {"notes": [f"panel of {program.name}"]}},
                permission=Permission.ANALYTICS_PROGRAMS,
            )
        )
        shown = rendered_program_panels(request=_request(manager, org), program=program)
        hidden = rendered_program_panels(request=_request(mentee, org), program=program)
        unregister_program_panel("test-panel")
    finally:
        _panels.clear()
        _panels.update(saved)
    assert [f"panel of {program.name}" in html for html in shown] == [True]
    assert hidden == []
