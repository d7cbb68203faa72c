"""The project-teams home: what is waiting for the signed-in person."""

from django.shortcuts import render

from cohorts.teams import selectors
from organizations.roles import Permission
from organizations.tenancy import permission_required


@permission_required(Permission.TEAMS_PARTICIPATE)
def home(request, org_slug):
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
            "mentee_in": selectors.my_mentee_participations(user=request.user),
        },
    )
