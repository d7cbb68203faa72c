"""A program template's matching weights (programs/templates_catalog.py) reach matching: they
are valid settings, an unsaved program starts from them, and the program page links to them."""

import pytest
from django.urls import reverse

from matching.inputs import settings_for
from matching.models import MatchMode
from matching.scoring import COMPONENTS, DEFAULT_WEIGHTS
from matching.services.settings import match_settings_build, match_settings_save
from programs.templates_catalog import TEMPLATES
from tests.programs.factories import ProgramFactory


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_each_templates_weights_are_valid_match_settings(key, org):
    template = TEMPLATES[key]
    assert set(template.matching_weights) == set(COMPONENTS)
    program = ProgramFactory(organization=org, structure=template.structure, group_size=template.group_size)
    built = match_settings_build(
        program=program,
        weights=template.matching_weights,
        min_level_gap=template.min_level_gap,
        level_gap_is_hard=False,
        mode=MatchMode.MANAGER,
        shortlist_size=5,
        ranking_deadline=None,
        allow_previous_pairs=False,
    )
    assert built.weights == template.matching_weights


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_a_program_made_from_a_template_starts_from_its_weights(key, org):
    template = TEMPLATES[key]
    program = ProgramFactory(organization=org, template=key)
    settings = settings_for(program)
    assert settings.pk is None
    assert settings.weights == {**DEFAULT_WEIGHTS, **template.matching_weights}
    assert settings.min_level_gap == template.min_level_gap


def test_saved_weights_win_over_the_template(org, manager):
    program = ProgramFactory(organization=org, template="peer_circles")
    match_settings_save(
        program=program,
        actor=manager,
        weights=dict.fromkeys(COMPONENTS, 1.0),
        min_level_gap=1,
        level_gap_is_hard=False,
        mode=MatchMode.MANAGER,
        shortlist_size=5,
        ranking_deadline=None,
        allow_previous_pairs=False,
    )
    assert settings_for(program).weights == dict.fromkeys(COMPONENTS, 1.0)


def test_a_program_without_a_template_keeps_the_default_weights(org):
    assert settings_for(ProgramFactory(organization=org)).weights == dict(DEFAULT_WEIGHTS)


def test_the_program_page_shows_the_weights_and_links_to_them(org, manager, client_for):
    program = ProgramFactory(organization=org, template="group_mentoring")
    body = client_for(manager).get(reverse("programs:detail", args=["acme", program.pk])).content.decode()
    assert "How pairs will be chosen" in body
    assert f'href="{reverse("matching:settings", args=["acme", program.pk])}"' in body
    assert "The weights of the “Group mentoring” template" in body
    # Highest weight first; the mentee's ranking only counts in hybrid mode.
    assert body.index("Learning wishes ↔ strengths") < body.index("Location")
    assert "Mentee&#x27;s ranking" not in body and "Mentee's ranking" not in body
