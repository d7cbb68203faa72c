"""Match settings: the ranking deadline a manager sets falls within the program's year."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from matching.models import MatchMode
from matching.scoring import COMPONENTS
from matching.services.settings import match_settings_build
from tests.programs.factories import ProgramFactory


def _choices(**overrides) -> dict:
    return {
        "weights": dict.fromkeys(COMPONENTS, 1.0),
        "min_level_gap": 1,
        "level_gap_is_hard": False,
        "mode": MatchMode.HYBRID,
        "shortlist_size": 5,
        "ranking_deadline": None,
        "allow_previous_pairs": False,
    } | overrides


def test_a_ranking_deadline_within_the_programs_year_is_kept(org):
    program = ProgramFactory(organization=org)
    deadline = datetime.datetime(2026, 9, 20, 17, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    assert (
        match_settings_build(program=program, **_choices(ranking_deadline=deadline)).ranking_deadline
        == deadline
    )


@pytest.mark.parametrize("moment", [(1, 1, 1, 0, 10), (9999, 12, 31, 23, 30)])
def test_a_ranking_deadline_in_year_one_or_at_the_end_of_time_is_refused(org, moment):
    program = ProgramFactory(organization=org)
    deadline = datetime.datetime(*moment, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with pytest.raises(ValidationError) as refused:
        match_settings_build(program=program, **_choices(ranking_deadline=deadline))
    assert "give or take three months" in refused.value.message_dict["ranking_deadline"][0]
