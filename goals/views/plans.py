"""A person's goals home, one plan, and a manager's progress view of a cohort (statuses only)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from cohorts.models import Cohort, CohortStatus
from goals import selectors
from goals.forms import CheckInForm, MilestoneForm
from goals.views.common import MEMBER_RELATED, relations_for
from matching.models import PairMember
from organizations.roles import Permission
from organizations.tenancy import permission_required


@permission_required(Permission.GOALS_KEEP)
def home(request, org_slug):
    """The person's goal plans, their partners', and (for managers) goal progress by cohort."""
    cohorts = []
    if request.membership.can(Permission.PROGRAMS_MANAGE):
        cohorts = list(
            Cohort.objects.filter(status=CohortStatus.ACTIVE)
            .select_related("program")
            .order_by("-created_at", "id")
        )
    return render(
        request, "goals/home.html", {"mine": selectors.goal_plans_of_user(request.user), "cohorts": cohorts}
    )


@permission_required(Permission.GOALS_KEEP)
def plan(request, org_slug, member_pk):
    """One person's plan: editable for its owner, read-only for partners; 404 for anyone else."""
    member = get_object_or_404(PairMember.objects.select_related(*MEMBER_RELATED), pk=member_pk)
    view = selectors.goal_plan_view(member, request.user, relations=relations_for(request))
    if view is None:
        raise Http404("No such goal plan")
    return render(
        request,
        "goals/plan.html",
        {
            "view": view,
            "member": member,
            "pair": member.pair,
            "milestone_form": MilestoneForm(),
            "check_in_form": CheckInForm(),
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_progress(request, org_slug, cohort_pk):
    """Managers: each person's goal numbers in a cohort — counts, statuses, dates; never the words."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=cohort_pk)
    rows = selectors.cohort_people_progress(cohort)
    return render(request, "goals/cohort_progress.html", {"cohort": cohort, "rows": rows})
