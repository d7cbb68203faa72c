"""Who may reach each organization page: one row per URL name under /o/<org_slug>/.

tests/organizations/test_isolation.py walks the URL resolver and fails when a route has no
row here, so every new page states its roles and is tried by an outsider.

A row gives the roles that may use the page (others get 403 — or 404 where the page hides
an object from people who may not read it, ``refused=404``), the method the role check uses,
and, for routes with more arguments than the slug, a function that makes a real object of the
given organization and returns the URL kwargs.

``ORG_URL_NAMES`` (every URL name under /o/<org_slug>/, found by walking the resolver) and
``org_url`` are what the walks over every route use: the isolation test here, and the input
sweep in tests/test_input_sweep.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organizations.roles import Role
from organizations.tenancy import ORG_URL_KWARG

EVERYONE = frozenset(Role)
ADMINS = frozenset({Role.ADMIN})
ROSTER_READERS = frozenset({Role.ADMIN, Role.HR_ANALYST})
PROGRAM_MANAGERS = frozenset({Role.ADMIN, Role.PROGRAM_MANAGER})
PROGRAM_READERS = frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST})
CHALLENGE_SUBMITTERS = frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.SENIOR_LEADER})
COUNCIL_AND_MANAGERS = CHALLENGE_SUBMITTERS
# The retention dashboard and API: admins and HR analysts for the whole organization, program
# managers one program at a time (analytics/access.py).
ANALYTICS_READERS = frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST})
ANALYTICS_SECTIONS = (
    "turnover",
    "headcount",
    "retention",
    "curves",
    "engagement",
    "talent",
    "purpose",
    "balance",
)


@dataclass(frozen=True)
class Access:
    roles: frozenset
    method: str = "GET"
    kwargs: Callable[[object], dict] | None = field(default=None)
    data: dict | None = None
    refused: int = 403


def _api_key(org) -> dict:
    from tests.factories import APIKeyFactory

    return {"pk": APIKeyFactory(organization=org).pk}


def _employee(org) -> dict:
    from tests.factories import EmployeeFactory

    return {"pk": EmployeeFactory(organization=org).pk}


def _scim_token(org) -> dict:
    from organizations.models import APIKeyKind
    from tests.factories import APIKeyFactory

    return {"pk": APIKeyFactory(organization=org, kind=APIKeyKind.SCIM).pk}


def _membership(org) -> dict:
    from tests.factories import MembershipFactory

    return {"pk": MembershipFactory(organization=org).pk}


def _invitation(org) -> dict:
    from tests.factories import InvitationFactory

    return {"pk": InvitationFactory(organization=org).pk}


def _notification(org) -> dict:
    """Someone else's message: nobody but its recipient may open it (404 to every role)."""
    from tests.factories import NotificationFactory

    return {"pk": NotificationFactory(organization=org).pk}


def _failed_notification(org) -> dict:
    from organizations.models import EmailStatus
    from tests.factories import NotificationFactory

    return {"pk": NotificationFactory(organization=org, email_status=EmailStatus.FAILED).pk}


def _program(org) -> dict:
    from tests.programs.factories import ProgramFactory

    return {"pk": ProgramFactory(organization=org).pk}


def _open_program(org) -> dict:
    from tests.programs.factories import ProgramFactory

    return {"pk": ProgramFactory(organization=org, open_now=True).pk}


def _eligibility_rule(org) -> dict:
    from tests.programs.factories import EligibilityRuleFactory, ProgramFactory

    return {"pk": EligibilityRuleFactory(program=ProgramFactory(organization=org)).pk}


def _application(org) -> dict:
    from tests.programs.factories import ApplicationFactory, ProgramFactory

    return {"pk": ApplicationFactory(program=ProgramFactory(organization=org, open_now=True)).pk}


def _roster_load(org) -> dict:
    """A pending roster load holding a valid file (confirming it really loads the roster)."""
    import datetime

    from organizations.models import RosterLoad
    from organizations.roster.parsing import sample_csv

    load = RosterLoad.objects.create(
        organization=org, source="upload", effective_date=datetime.date(2024, 1, 1), content=sample_csv()
    )
    return {"pk": load.pk}


def _program_open(org) -> dict:
    from tests.programs.factories import ProgramFactory

    return {"program_pk": ProgramFactory(organization=org, open_now=True).pk}


def _cohort(org) -> dict:
    from tests.cohorts.factories import CohortFactory

    return {"pk": CohortFactory(program__organization=org).pk}


def _participant(org) -> dict:
    from tests.cohorts.factories import ParticipantFactory

    return {"pk": ParticipantFactory(cohort__program__organization=org).pk}


def _cohort_role(org) -> dict:
    return {**_cohort(org), "role": "mentee"}


def _active_participant(org) -> dict:
    """In an active cohort, so "remove" is refused each time and the row stays for every role."""
    from tests.cohorts.factories import ParticipantFactory

    participant = ParticipantFactory(cohort__program__organization=org, cohort__status="active")
    return {"pk": participant.cohort_id, "participant_pk": participant.pk}


def _goal_plan_owner(org) -> dict:
    """A peer circle of everyone in ``org``: all read the plan, only the mentee owns it."""
    from tests.goals.factories import goal_circle_for_everyone

    return {"member_pk": goal_circle_for_everyone(org).pk}


def _goal_plan_with_outside_partner(org) -> dict:
    from tests.goals.factories import GoalPlanFactory, goal_circle_for_everyone, outside_partner

    member = goal_circle_for_everyone(org)
    outside_partner(GoalPlanFactory(member=member), raw_token=f"access-table-{member.pk}")
    return {"member_pk": member.pk}


def _goal(org) -> dict:
    from tests.goals.factories import GoalFactory, GoalPlanFactory, goal_circle_for_everyone

    return {"goal_pk": GoalFactory(plan=GoalPlanFactory(member=goal_circle_for_everyone(org))).pk}


def _milestone(org) -> dict:
    from tests.goals.factories import GoalFactory, GoalPlanFactory, MilestoneFactory, goal_circle_for_everyone

    goal = GoalFactory(plan=GoalPlanFactory(member=goal_circle_for_everyone(org)))
    return {"milestone_pk": MilestoneFactory(goal=goal).pk}


def _goal_plan(org) -> dict:
    from tests.goals.factories import GoalPlanFactory, goal_circle_for_everyone

    return {"pk": GoalPlanFactory(member=goal_circle_for_everyone(org)).pk}


def _active_cohort(org) -> dict:
    from tests.goals.factories import active_cohort

    return {"cohort_pk": active_cohort(org).pk}


# Goal plans: everyone may keep one; the circle above makes each role a reader of the plan,
# and only its owner (a member) may change it — partners who read get 403.
PLAN_OWNER = frozenset({Role.MEMBER})


def _everyone_circle(org) -> dict:
    """A peer circle of every member of ``org``: member-only mentoring pages then open for each
    role's user, while another organization's admin, who is not in it, gets 404."""
    from tests.sessions.factories import circle_of_everyone

    return {"pk": circle_of_everyone(org).pk}


def _circle_meeting(org) -> dict:
    import datetime

    from django.utils import timezone

    from tests.sessions.factories import MeetingFactory, circle_of_everyone

    meeting = MeetingFactory(
        pair=circle_of_everyone(org),
        status="scheduled",
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    return {"pk": meeting.pk}


def _circle_action_item(org) -> dict:
    from tests.sessions.factories import ActionItemFactory, MeetingFactory, circle_of_everyone

    return {"pk": ActionItemFactory(meeting=MeetingFactory(pair=circle_of_everyone(org))).pk}


def _circle_session(org) -> dict:
    from tests.sessions.factories import LearningSessionFactory, circle_of_everyone

    return {"pk": LearningSessionFactory(cohort=circle_of_everyone(org).cohort).pk}


def _circle_material(org) -> dict:
    from sessions.models import SessionMaterial
    from tests.sessions.factories import LearningSessionFactory, circle_of_everyone

    session = LearningSessionFactory(cohort=circle_of_everyone(org).cohort)
    material = SessionMaterial.objects.create(
        organization=org, session=session, title="Reading", link="https://example.com/reading"
    )
    return {"pk": material.pk}


def _learning_session(org) -> dict:
    from tests.sessions.factories import LearningSessionFactory

    return {"pk": LearningSessionFactory(cohort__program__organization=org).pk}


def _session_material(org) -> dict:
    from sessions.models import SessionMaterial
    from tests.sessions.factories import LearningSessionFactory

    session = LearningSessionFactory(cohort__program__organization=org)
    material = SessionMaterial.objects.create(
        organization=org, session=session, title="Reading", link="https://example.com/reading"
    )
    return {"pk": material.pk}


def _attendance(org) -> dict:
    from tests.sessions.factories import AttendanceFactory

    return {"pk": AttendanceFactory(session__cohort__program__organization=org).pk}


def _cohort_of_everyone(org) -> dict:
    """An active cohort in which every member of ``org`` is selected: each role has a profile to fill."""
    from tests.cohorts.factories import cohort_of_everyone

    return {"pk": cohort_of_everyone(org).pk}


def _trust_profile(org) -> dict:
    """Someone else's trust profile: no role's user is its person or their partner."""
    from tests.cohorts.factories import TrustProfileFactory

    profile = TrustProfileFactory(participant__cohort__program__organization=org)
    return {"pk": profile.participant.cohort_id, "participant_pk": profile.participant_id}


def _api_trust_profile(org) -> dict:
    from tests.cohorts.factories import TrustProfileFactory

    return {"pk": TrustProfileFactory(participant__cohort__program__organization=org).pk}


def _challenge(org) -> dict:
    from tests.cohorts.teams.factories import BusinessChallengeFactory

    return {"pk": BusinessChallengeFactory(cohort__program__organization=org).pk}


def _cohort_of_mentees(org) -> dict:
    """Everyone in ``org`` is a mentee of an active cohort, so each may state preferences."""
    from tests.cohorts.factories import cohort_of_everyone

    return {"pk": cohort_of_everyone(org).pk}


def _team(org) -> dict:
    from tests.cohorts.teams.factories import a_team

    return {"pk": a_team(org).pk}


def _team_milestone(org) -> dict:
    import datetime

    from cohorts.teams.models import TeamMilestone
    from tests.cohorts.teams.factories import a_team

    team = a_team(org)
    milestone = TeamMilestone.objects.create(
        organization=org, team=team, title="Interviews", due_on=datetime.date(2030, 1, 1)
    )
    return {"pk": milestone.pk}


def _team_file(org) -> dict:
    from tests.cohorts.teams.factories import a_team, team_file

    return {"pk": team_file(a_team(org)).pk}


def _council_team(org):
    """A team whose cohort's council seats every senior leader of ``org``."""
    from cohorts.teams.models import CouncilSeat
    from organizations.models import Membership
    from tests.cohorts.teams.factories import a_team

    team = a_team(org)
    for membership in Membership.objects.filter(organization=org, role=Role.SENIOR_LEADER):
        CouncilSeat.objects.create(organization=org, cohort=team.cohort, user=membership.user)
    return team


def _council_team_pk(org) -> dict:
    return {"pk": _council_team(org).pk}


def _council_cohort(org) -> dict:
    return {"pk": _council_team(org).cohort_id}


def _council_presentation(org) -> dict:
    import datetime

    from cohorts.teams.models import Presentation

    team = _council_team(org)
    starts = datetime.datetime(2030, 5, 1, 9, tzinfo=datetime.UTC)
    presentation = Presentation.objects.create(
        organization=org, team=team, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=30)
    )
    return {"pk": presentation.pk}


def _talent_flag(org) -> dict:
    from cohorts.teams.models import TalentFlag

    team = _council_team(org)
    participant = team.members.get().participant
    flag = TalentFlag.objects.create(
        organization=org, cohort=team.cohort, participant=participant, readiness="ready_now"
    )
    return {"pk": flag.pk}


def _matching(name: str) -> Callable[[object], dict]:
    """URL kwargs made by ``tests/matching/factories.py`` (``<name>_kwargs``)."""

    def make(org) -> dict:
        from tests.matching import factories

        return getattr(factories, f"{name}_kwargs")(org)

    return make


ACCESS: dict[str, Access] = {
    "dashboard": Access(EVERYONE),
    "members": Access(ADMINS),
    "invite_from_roster": Access(ADMINS),
    "invitation_create": Access(ADMINS, method="POST", data={"email": "new@example.com", "role": "member"}),
    "invitation_revoke": Access(ADMINS, method="POST", kwargs=_invitation),
    "member_change_role": Access(ADMINS, method="POST", kwargs=_membership, data={"role": "senior_leader"}),
    "member_remove": Access(ADMINS, method="POST", kwargs=_membership),
    "organization_settings": Access(ADMINS),
    "notifications": Access(EVERYONE),
    "notification_open": Access(frozenset(), method="POST", kwargs=_notification, refused=404),
    "notifications_read_all": Access(EVERYONE, method="POST"),
    "notification_preferences": Access(EVERYONE),
    "notification_outbox": Access(ADMINS),
    "audit_log": Access(ADMINS),
    "audit_log_export": Access(ADMINS),
    "retention_settings": Access(ADMINS),
    "provisioning": Access(ADMINS),
    "provisioning_token_revoke": Access(ADMINS, method="POST", kwargs=_scim_token),
    "organization_lifecycle": Access(ADMINS),
    "organization_export": Access(ADMINS, method="POST"),
    "personal_data": Access(EVERYONE),
    "person_erase": Access(ADMINS, kwargs=_employee),
    "personal_data_download": Access(EVERYONE),
    "notification_retry": Access(ADMINS, method="POST", kwargs=_failed_notification),
    "api_keys": Access(ROSTER_READERS),
    "api_key_revoke": Access(ROSTER_READERS, method="POST", kwargs=_api_key),
    "api-organization": Access(EVERYONE),
    "api-employee-list": Access(ROSTER_READERS),
    "api-employee-detail": Access(ROSTER_READERS, kwargs=_employee),
    "api-roster-load-list": Access(ROSTER_READERS),
    "api-roster-load-detail": Access(ROSTER_READERS, kwargs=_roster_load),
    "api-program-list": Access(PROGRAM_READERS),
    "api-program-detail": Access(PROGRAM_READERS, kwargs=_program),
    "api-application-list": Access(PROGRAM_READERS),
    "api-application-detail": Access(PROGRAM_READERS, kwargs=_application),
    "api-cohort-list": Access(PROGRAM_READERS),
    "api-cohort-detail": Access(PROGRAM_READERS, kwargs=_cohort),
    "api-participant-list": Access(PROGRAM_READERS),
    "api-participant-detail": Access(PROGRAM_READERS, kwargs=_participant),
    "roster": Access(ROSTER_READERS),
    "roster_employee": Access(ROSTER_READERS, kwargs=_employee),
    "roster_upload": Access(ROSTER_READERS),
    "roster_sample": Access(ROSTER_READERS),
    "roster_loads": Access(ROSTER_READERS),
    "roster_load": Access(ROSTER_READERS, kwargs=_roster_load),
    "roster_load_progress": Access(ROSTER_READERS, kwargs=_roster_load),
    "roster_load_confirm": Access(ROSTER_READERS, method="POST", kwargs=_roster_load),
    "roster_load_cancel": Access(ROSTER_READERS, method="POST", kwargs=_roster_load),
    "programs:home": Access(EVERYONE),
    "programs:program": Access(EVERYONE, kwargs=_open_program),
    "programs:apply": Access(EVERYONE, method="POST", kwargs=_open_program),
    "programs:withdraw": Access(EVERYONE, method="POST", kwargs=_open_program),
    "programs:manage": Access(PROGRAM_MANAGERS),
    "programs:create": Access(PROGRAM_MANAGERS),
    "programs:detail": Access(PROGRAM_MANAGERS, kwargs=_program),
    "programs:edit": Access(PROGRAM_MANAGERS, kwargs=_program),
    "programs:phases": Access(PROGRAM_MANAGERS, kwargs=_program),
    "programs:transition": Access(
        PROGRAM_MANAGERS, method="POST", kwargs=_program, data={"to_status": "applications_open"}
    ),
    "programs:copy": Access(PROGRAM_MANAGERS, method="POST", kwargs=_program),
    "programs:rule_create": Access(PROGRAM_MANAGERS, kwargs=_program),
    "programs:rule_reach": Access(PROGRAM_MANAGERS, kwargs=_program),
    "programs:rule_edit": Access(PROGRAM_MANAGERS, kwargs=_eligibility_rule),
    "programs:rule_delete": Access(PROGRAM_MANAGERS, method="POST", kwargs=_eligibility_rule),
    "programs:applications": Access(PROGRAM_MANAGERS, kwargs=_program),
    "programs:bulk_decide": Access(PROGRAM_MANAGERS, method="POST", kwargs=_program),
    "programs:application": Access(PROGRAM_MANAGERS, kwargs=_application),
    "programs:decide": Access(
        PROGRAM_MANAGERS, method="POST", kwargs=_application, data={"decision": "accepted"}
    ),
    "programs:override": Access(PROGRAM_MANAGERS, method="POST", kwargs=_application),
    "cohorts:list": Access(PROGRAM_MANAGERS),
    "cohorts:for_program": Access(PROGRAM_MANAGERS, kwargs=_program_open),
    "cohorts:detail": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "cohorts:activate": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "cohorts:propose": Access(PROGRAM_MANAGERS, kwargs=_cohort_role),
    "cohorts:apply": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort_role),
    "cohorts:add": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort_role),
    "cohorts:promote": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort_role),
    "cohorts:remove": Access(PROGRAM_MANAGERS, method="POST", kwargs=_active_participant),
    "cohorts:withdraw": Access(PROGRAM_MANAGERS, method="POST", kwargs=_active_participant),
    "cohorts:my_profiles": Access(EVERYONE),
    "cohorts:my_profile": Access(EVERYONE, kwargs=_cohort_of_everyone),
    "cohorts:profiles": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "cohorts:profiles_remind": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort),
    # A profile is read by its person, their published partners and program managers; to
    # anyone else it does not exist.
    "cohorts:profile": Access(PROGRAM_MANAGERS, kwargs=_trust_profile, refused=404),
    "cohorts:profile_edit": Access(PROGRAM_MANAGERS, kwargs=_trust_profile),
    "cohorts:profile_framework": Access(PROGRAM_MANAGERS),
    "teams:home": Access(EVERYONE),
    "teams:leader_overview": Access(CHALLENGE_SUBMITTERS),
    "teams:challenges": Access(CHALLENGE_SUBMITTERS, kwargs=_cohort),
    "teams:challenge_create": Access(CHALLENGE_SUBMITTERS, kwargs=_cohort),
    "teams:preferences": Access(EVERYONE, kwargs=_cohort_of_mentees),
    # A submitted challenge: its sponsor, its submitter and managers; everyone else 404.
    "teams:challenge": Access(PROGRAM_MANAGERS, kwargs=_challenge, refused=404),
    "teams:challenge_decide": Access(PROGRAM_MANAGERS, method="POST", kwargs=_challenge),
    "api-challenge-list": Access(PROGRAM_READERS),
    "api-challenge-detail": Access(PROGRAM_READERS, kwargs=_challenge),
    "teams:formation": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "teams:form": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort),
    "teams:move": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort),
    # A team space: its members, sponsor, adviser and managers; everyone else 404.
    "teams:team": Access(PROGRAM_MANAGERS, kwargs=_team, refused=404),
    "teams:adviser": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team),
    "teams:milestone_add": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team, refused=404),
    "teams:milestone_toggle": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team_milestone, refused=404),
    "teams:file_upload": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team, refused=404),
    "teams:file": Access(PROGRAM_MANAGERS, kwargs=_team_file, refused=404),
    "teams:file_delete": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team_file, refused=404),
    "teams:post": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team, refused=404),
    "teams:recommendation": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team, refused=404),
    "api-project-team-list": Access(PROGRAM_READERS),
    "api-project-team-detail": Access(PROGRAM_READERS, kwargs=_team),
    "teams:council": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "teams:presentation": Access(PROGRAM_MANAGERS, method="POST", kwargs=_team),
    # Council pages: its members (every senior leader is seated by the helper), and for results
    # and calendars the managers too; everyone else 404.
    "teams:results": Access(COUNCIL_AND_MANAGERS, kwargs=_council_cohort, refused=404),
    "teams:presentation_ics": Access(COUNCIL_AND_MANAGERS, kwargs=_council_presentation, refused=404),
    "teams:review": Access(frozenset({Role.SENIOR_LEADER}), kwargs=_council_team_pk, refused=404),
    "api-council-result-list": Access(PROGRAM_READERS),
    "api-council-result-detail": Access(PROGRAM_READERS, kwargs=_team),
    # Flagging: managers anywhere, senior leaders where they sit on the council (seated here).
    "teams:talent": Access(CHALLENGE_SUBMITTERS, kwargs=_council_cohort),
    "teams:talent_unflag": Access(CHALLENGE_SUBMITTERS, method="POST", kwargs=_talent_flag),
    "teams:talent_pool": Access(ROSTER_READERS),
    "teams:talent_pool_csv": Access(ROSTER_READERS),
    "api-talent-flag-list": Access(ROSTER_READERS),
    "api-talent-flag-detail": Access(ROSTER_READERS, kwargs=_talent_flag),
    "api-trust-profile-list": Access(EVERYONE),
    "api-trust-profile-detail": Access(PROGRAM_MANAGERS, kwargs=_api_trust_profile, refused=404),
    "goals:home": Access(EVERYONE),
    "goals:plan": Access(EVERYONE, kwargs=_goal_plan_owner),
    "goals:goal_create": Access(PLAN_OWNER, kwargs=_goal_plan_owner),
    "goals:partner": Access(PLAN_OWNER, kwargs=_goal_plan_owner),
    "goals:partner_link_revoke": Access(PLAN_OWNER, method="POST", kwargs=_goal_plan_with_outside_partner),
    "goals:partner_link_renew": Access(PLAN_OWNER, method="POST", kwargs=_goal_plan_with_outside_partner),
    "goals:goal_edit": Access(PLAN_OWNER, kwargs=_goal),
    "goals:goal_delete": Access(PLAN_OWNER, method="POST", kwargs=_goal),
    "goals:milestone_create": Access(PLAN_OWNER, kwargs=_goal),
    "goals:check_in_create": Access(PLAN_OWNER, kwargs=_goal),
    "goals:milestone_complete": Access(PLAN_OWNER, method="POST", kwargs=_milestone),
    "goals:milestone_reopen": Access(PLAN_OWNER, method="POST", kwargs=_milestone),
    "goals:milestone_delete": Access(PLAN_OWNER, method="POST", kwargs=_milestone),
    "goals:cohort_progress": Access(PROGRAM_MANAGERS, kwargs=_active_cohort),
    "api-goal-plan-list": Access(EVERYONE),
    "api-goal-plan-detail": Access(EVERYONE, kwargs=_goal_plan),
    "api-goal-summary-list": Access(PROGRAM_READERS),
    "mentoring:my_mentoring": Access(EVERYONE),
    "mentoring:pair": Access(EVERYONE, kwargs=_everyone_circle),
    "mentoring:checkin": Access(EVERYONE, kwargs=_everyone_circle),
    "mentoring:report_unresponsive": Access(EVERYONE, method="POST", kwargs=_everyone_circle),
    "mentoring:meeting_create": Access(EVERYONE, kwargs=_everyone_circle),
    "mentoring:meeting": Access(EVERYONE, kwargs=_circle_meeting),
    "mentoring:meeting_edit": Access(EVERYONE, kwargs=_circle_meeting),
    "mentoring:meeting_log": Access(EVERYONE, kwargs=_circle_meeting),
    "mentoring:private_note": Access(EVERYONE, method="POST", kwargs=_circle_meeting, data={"text": "mine"}),
    "mentoring:action_item_create": Access(EVERYONE, method="POST", kwargs=_circle_meeting),
    "mentoring:meeting_ics": Access(EVERYONE, kwargs=_circle_meeting),
    "mentoring:action_item_done": Access(
        EVERYONE, method="POST", kwargs=_circle_action_item, data={"done": "1"}
    ),
    "mentoring:calendar": Access(EVERYONE),
    "mentoring:calendar_create": Access(EVERYONE, method="POST"),
    "mentoring:calendar_revoke": Access(EVERYONE, method="POST"),
    "mentoring:session": Access(EVERYONE, kwargs=_circle_session),
    "mentoring:session_ics": Access(EVERYONE, kwargs=_circle_session),
    "mentoring:session_attended": Access(EVERYONE, method="POST", kwargs=_circle_session),
    "mentoring:material": Access(EVERYONE, kwargs=_circle_material),
    "mentoring:cohorts": Access(PROGRAM_MANAGERS),
    "mentoring:overview": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "mentoring:overview_csv": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "mentoring:checkin_answers": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "mentoring:sessions": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "mentoring:session_create": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "mentoring:session_edit": Access(PROGRAM_MANAGERS, kwargs=_learning_session),
    "mentoring:session_attendance": Access(PROGRAM_MANAGERS, method="POST", kwargs=_learning_session),
    "mentoring:material_create": Access(PROGRAM_MANAGERS, method="POST", kwargs=_learning_session),
    "mentoring:material_delete": Access(PROGRAM_MANAGERS, method="POST", kwargs=_session_material),
    "mentoring:program_settings": Access(PROGRAM_MANAGERS, kwargs=_program),
    "api-meeting-list": Access(EVERYONE),
    "api-meeting-detail": Access(EVERYONE, kwargs=_circle_meeting),
    "api-learning-session-list": Access(EVERYONE),
    "api-learning-session-detail": Access(EVERYONE, kwargs=_circle_session),
    "api-attendance-list": Access(PROGRAM_READERS),
    "api-attendance-detail": Access(PROGRAM_READERS, kwargs=_attendance),
    "api-pair-health-list": Access(PROGRAM_MANAGERS),
    "api-pair-health-detail": Access(PROGRAM_MANAGERS, kwargs=_everyone_circle),
    "matching:home": Access(PROGRAM_MANAGERS),
    "matching:settings": Access(PROGRAM_MANAGERS, kwargs=_program),
    "matching:cohort": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "matching:run_create": Access(PROGRAM_MANAGERS, method="POST", kwargs=_cohort),
    "matching:rematch_requests": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "matching:ranking": Access(PROGRAM_MANAGERS, kwargs=_cohort),
    "matching:run": Access(PROGRAM_MANAGERS, kwargs=_matching("run")),
    "matching:rerun": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("run")),
    "matching:swap": Access(PROGRAM_MANAGERS, kwargs=_matching("run")),
    "matching:compare": Access(PROGRAM_MANAGERS, kwargs=_matching("run")),
    "matching:publish": Access(PROGRAM_MANAGERS, kwargs=_matching("run")),
    "matching:pin": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("run_pair")),
    "matching:forbid": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("run_pair")),
    "matching:unpin": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("pin")),
    "matching:unforbid": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("forbid")),
    "matching:rematch_resolve": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("rematch_request")),
    "matching:circle_move": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("circle_run")),
    "matching:circle_choose": Access(PROGRAM_MANAGERS, method="POST", kwargs=_matching("circle_cohort")),
    "matching:circle_group_release": Access(
        PROGRAM_MANAGERS, method="POST", kwargs=_matching("circle_cohort")
    ),
    "matching:circle_choice_remove": Access(
        PROGRAM_MANAGERS, method="POST", kwargs=_matching("circle_choice")
    ),
    "matching:mine": Access(EVERYONE),
    "matching:rematch_ask": Access(EVERYONE, kwargs=_matching("everyone_pair")),
    "matching:shortlist": Access(EVERYONE, kwargs=_matching("everyone_mentee_cohort")),
    "api-match-run-list": Access(PROGRAM_READERS),
    "api-match-run-detail": Access(PROGRAM_READERS, kwargs=_matching("run")),
    "api-proposed-pair-list": Access(PROGRAM_READERS),
    "api-proposed-pair-detail": Access(PROGRAM_READERS, kwargs=_matching("proposed_pair")),
    "api-pair-list": Access(PROGRAM_READERS),
    "api-pair-detail": Access(PROGRAM_READERS, kwargs=_matching("pair")),
    "analytics:dashboard": Access(ANALYTICS_READERS),
    **{f"analytics:csv_{section}": Access(ANALYTICS_READERS) for section in ANALYTICS_SECTIONS},
    "analytics:refresh": Access(ADMINS, method="POST"),
    "api-analytics-status": Access(ANALYTICS_READERS),
    "api-analytics-attrition": Access(ANALYTICS_READERS),
    "api-analytics-retention": Access(ANALYTICS_READERS),
    "api-analytics-curves": Access(ANALYTICS_READERS),
    "api-analytics-engagement": Access(ANALYTICS_READERS),
    "api-analytics-talent": Access(ANALYTICS_READERS),
    "api-analytics-purpose": Access(ANALYTICS_READERS),
}


def _org_url_names(patterns=None, prefix="", namespace="") -> set[str]:
    names: set[str] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _org_url_names(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and f"<slug:{ORG_URL_KWARG}>" in route:
            assert pattern.name, f"Organization route {route!r} needs a name"
            names.add(namespace + pattern.name)
    return names


ORG_URL_NAMES = sorted(_org_url_names())


def org_url_kwargs(name: str, organization, kwargs_org=None) -> dict:
    """The URL kwargs of route ``name`` in ``organization``: the slug, and a real object made by
    the row's factory (in ``kwargs_org``, another organization, when given)."""
    access = ACCESS[name]
    kwargs = access.kwargs(kwargs_org or organization) if access.kwargs else {}
    return {ORG_URL_KWARG: organization.slug, **kwargs}


def org_url(name: str, organization, kwargs_org=None) -> str:
    return reverse(name, kwargs=org_url_kwargs(name, organization, kwargs_org))
