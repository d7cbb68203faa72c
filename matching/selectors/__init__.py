"""Reads of the matching app, for its pages and the profile partner source, split by subject:

- ``labels``: names and help text of the score components;
- ``cohorts``: the classes to match, their figures, runs, pins, never-pairs, rematch requests;
- ``runs``: one run as its page shows it; ``compare``: two runs side by side;
- ``participants``: a person's published partners and the shortlists they may rank;
- ``preview``: a class matched under candidate settings, nothing saved.

Tenant reads assume the organization's scope is open (a request, or a task that opened it).
Each page's read is a fixed number of queries whatever the cohort's size.

PRIVACY: rematch requests and their reasons are read only by ``rematch_requests_for_cohort``
(managers' page); the person who asked sees their own through the rematch service. Nothing
a partner reads loads them.
"""

from matching.selectors.cohorts import (
    ClassFigures,
    class_figures,
    forbids_of,
    matching_cohorts,
    pins_of,
    rematch_requests_for_cohort,
    runs_of,
)
from matching.selectors.compare import (
    PairChange,
    RunComparison,
    run_comparison,
)
from matching.selectors.labels import (
    COMPONENT_HELP,
    COMPONENT_LABELS,
    COMPONENT_SHORT_LABELS,
)
from matching.selectors.participants import (
    MyPair,
    current_partner_ids,
    my_pairs,
    my_rankable_participations,
    my_waiting_participations,
)
from matching.selectors.preview import (
    PreviewFigures,
    SettingsPreview,
    settings_preview,
)
from matching.selectors.runs import (
    ComponentBar,
    ComponentChange,
    GroupCard,
    MentorPlaces,
    PlacesFigures,
    ProposalRow,
    RunPage,
    SameForEveryPair,
    component_bars,
    component_changes,
    mentors_without_mentee,
    places_figures,
    run_page,
    same_for_every_pair,
)

__all__ = [
    "COMPONENT_HELP",
    "COMPONENT_LABELS",
    "COMPONENT_SHORT_LABELS",
    "ClassFigures",
    "ComponentBar",
    "ComponentChange",
    "GroupCard",
    "MentorPlaces",
    "PlacesFigures",
    "MyPair",
    "PairChange",
    "PreviewFigures",
    "ProposalRow",
    "RunComparison",
    "RunPage",
    "SameForEveryPair",
    "SettingsPreview",
    "class_figures",
    "component_bars",
    "component_changes",
    "current_partner_ids",
    "forbids_of",
    "matching_cohorts",
    "mentors_without_mentee",
    "my_pairs",
    "my_rankable_participations",
    "my_waiting_participations",
    "pins_of",
    "places_figures",
    "rematch_requests_for_cohort",
    "run_comparison",
    "run_page",
    "runs_of",
    "same_for_every_pair",
    "settings_preview",
]
