"""The project-teams home: what is waiting for the signed-in person."""

from django.shortcuts import render

from cohorts.teams import selectors
from organizations.roles import Permission
from organizations.tenancy import permission_required


def _home(request):
    can_submit = request.membership.can(Permission.CHALLENGES_SUBMIT)
    return render(
        request,
        "cohorts/teams/home.html",
        {
            "can_submit": can_submit,
            "manages": request.membership.can(Permission.PROGRAMS_MANAGE),
            "open_cohorts": selectors.open_cohorts() if can_submit else [],
            "my_challenges": selectors.my_challenges(user=request.user),
            "my_teams": selectors.my_teams(user=request.user),
            "times_flagged": selectors.times_flagged(user=request.user),
            "council": [
                {
                    "seat": seat,
                    "sheet": selectors.council_teams_for(user=request.user, cohort_id=seat.cohort_id),
                }
                for seat in selectors.my_council_seats(user=request.user)
            ],
            "mentee_in": selectors.my_mentee_participations(user=request.user),
        },
    )


@permission_required(Permission.TEAMS_PARTICIPATE)
def home(request, org_slug):
    """What is waiting for the person: challenges, teams, preferences, council duties."""
    return _home(request)


@permission_required(Permission.CHALLENGES_SUBMIT)
def leader_overview(request, org_slug):
    """The senior leader's overview: the same page, where the overview's council card leads."""
    return _home(request)
