import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goals import services
from goals.models import AccountabilityPartner, Goal, GoalCheckIn, GoalPlan, Milestone, PartnerKind
from matching.models import PairStatus
from organizations.clock import organization_today
from tests.factories import MembershipFactory, UserFactory
from tests.goals.factories import MilestoneFactory, in_days


def _goal_fields(**overrides) -> dict:
    return {
        "title": "Lead the Q3 pricing review",
        "success_measure": "The review is presented to the leadership team and adopted.",
        "target_date": in_days(90),
        "category": "leadership",
        **overrides,
    }


# Goals


def test_the_owner_adds_a_goal_and_gets_a_plan_with_the_pair_partner_as_accountability_partner(
    mentee_member, mentee
):
    goal = services.goal_create(
        member=mentee_member, actor=mentee, **_goal_fields(description="  Why it matters  ")
    )
    plan = GoalPlan.objects.get(member=mentee_member)
    assert goal.plan == plan
    assert (goal.title, goal.description, goal.status, goal.organization) == (
        "Lead the Q3 pricing review",
        "Why it matters",
        "not_started",
        mentee_member.organization,
    )
    partner = AccountabilityPartner.objects.get(plan=plan)
    assert (partner.kind, partner.ended_at, partner.created_by) == (PartnerKind.PAIR_PARTNER, None, mentee)


def test_a_mentor_keeps_a_plan_of_their_own(mentor_member, mentor):
    goal = services.goal_create(
        member=mentor_member, actor=mentor, **_goal_fields(title="Learn how Finance plans")
    )
    assert goal.plan.member == mentor_member


def test_goals_are_placed_after_the_plans_others(mentee_member, mentee):
    first = services.goal_create(member=mentee_member, actor=mentee, **_goal_fields())
    second = services.goal_create(member=mentee_member, actor=mentee, **_goal_fields(title="Second"))
    assert (first.order, second.order) == (0, 1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "short title"),
        ({"success_measure": ""}, "success_measure", "how you will know"),
        ({"target_date": in_days(-1)}, "target_date", "in the past"),
        ({"target_date": in_days(365 * 2 + 3)}, "target_date", "within 2 years"),
        ({"target_date": None}, "target_date", "Give the date"),
        ({"category": "hobby"}, "category", "Choose one of"),
        ({"status": "paused"}, "status", "Choose one of"),
    ],
)
def test_a_goal_with_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
    mentee_member, mentee, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.goal_create(member=mentee_member, actor=mentee, **_goal_fields(**overrides))
    assert message in " ".join(refused.value.message_dict[field])
    assert not GoalPlan.objects.exists()
    assert not Goal.objects.exists()


def test_a_goal_due_today_is_fine(mentee_member, mentee):
    assert services.goal_create(member=mentee_member, actor=mentee, **_goal_fields(target_date=in_days(0)))


@pytest.mark.parametrize("who", ["mentor", "manager", "admin"])
def test_only_the_owner_adds_goals_to_a_plan(request, mentee_member, who):
    with pytest.raises(PermissionDenied):
        services.goal_create(member=mentee_member, actor=request.getfixturevalue(who), **_goal_fields())
    assert not Goal.objects.exists()


def test_a_plan_is_read_only_once_the_pair_has_ended(mentee_member, mentee, pair):
    pair.status = PairStatus.ENDED
    pair.save()
    with pytest.raises(PermissionDenied, match="ended"):
        services.goal_create(member=mentee_member, actor=mentee, **_goal_fields())


def test_a_plan_is_read_only_for_someone_who_left_the_pair(mentee_member, mentee):
    mentee_member.left_at = timezone.now()
    mentee_member.save()
    with pytest.raises(PermissionDenied):
        services.goal_create(member=mentee_member, actor=mentee, **_goal_fields())


def test_the_owner_edits_a_goal(goal, mentee):
    services.goal_update(goal=goal, actor=mentee, **_goal_fields(title="New title", status="at_risk"))
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("New title", "at_risk")


def test_a_goal_whose_date_has_passed_can_still_be_edited_without_moving_it(goal, mentee):
    Goal.objects.filter(pk=goal.pk).update(target_date=in_days(-10))
    goal.refresh_from_db()
    services.goal_update(goal=goal, actor=mentee, **_goal_fields(target_date=goal.target_date, status="done"))
    goal.refresh_from_db()
    assert goal.status == "done"


def test_moving_a_goal_to_the_past_is_refused(goal, mentee):
    with pytest.raises(ValidationError, match="in the past"):
        services.goal_update(
            goal=goal, actor=mentee, **_goal_fields(target_date=in_days(-3), status="on_track")
        )


def test_a_goals_target_date_cannot_move_before_one_of_its_milestones(goal, mentee):
    MilestoneFactory(goal=goal, title="Shadow a budget review", due_date=in_days(60))
    with pytest.raises(ValidationError) as refused:
        services.goal_update(
            goal=goal, actor=mentee, **_goal_fields(target_date=in_days(30), status="on_track")
        )
    assert "“Shadow a budget review” is due on" in refused.value.message_dict["target_date"][0]
    goal.refresh_from_db()
    assert goal.target_date != in_days(30)


def test_the_partner_cannot_edit_or_delete_the_goal(goal, mentor):
    with pytest.raises(PermissionDenied):
        services.goal_update(goal=goal, actor=mentor, **_goal_fields(status="on_track"))
    with pytest.raises(PermissionDenied):
        services.goal_status_set(goal=goal, actor=mentor, status="done")
    with pytest.raises(PermissionDenied):
        services.goal_delete(goal=goal, actor=mentor)
    assert Goal.objects.filter(pk=goal.pk, status="on_track").exists()


def test_the_owner_sets_a_status_and_removes_a_goal(goal, mentee):
    MilestoneFactory(goal=goal)
    assert services.goal_status_set(goal=goal, actor=mentee, status="at_risk").status == "at_risk"
    with pytest.raises(ValidationError):
        services.goal_status_set(goal=goal, actor=mentee, status="maybe")
    services.goal_delete(goal=goal, actor=mentee)
    assert not Goal.objects.exists() and not Milestone.objects.exists()


# Milestones


def test_the_owner_adds_a_milestone_before_the_goals_target_date(goal, mentee):
    milestone = services.milestone_create(
        goal=goal, actor=mentee, title=" Draft the plan ", due_date=goal.target_date
    )
    assert (milestone.title, milestone.due_date, milestone.completed_at) == (
        "Draft the plan",
        goal.target_date,
        None,
    )


def test_a_milestone_after_its_goals_target_date_is_refused(goal, mentee):
    with pytest.raises(ValidationError) as refused:
        services.milestone_create(
            goal=goal, actor=mentee, title="Late step", due_date=goal.target_date + datetime.timedelta(days=1)
        )
    assert "after the goal's target date" in refused.value.message_dict["due_date"][0]
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("title", "due", "field"), [("", 10, "title"), ("x" * 201, 10, "title"), ("Step", -1, "due_date")]
)
def test_a_milestone_with_bad_input_is_refused(goal, mentee, title, due, field):
    with pytest.raises(ValidationError) as refused:
        services.milestone_create(goal=goal, actor=mentee, title=title, due_date=in_days(due))
    assert field in refused.value.message_dict
    assert not Milestone.objects.exists()


def test_completing_a_milestone_records_who_and_when_once(goal, mentee):
    milestone = MilestoneFactory(goal=goal)
    moment = timezone.now() - datetime.timedelta(hours=1)
    services.milestone_complete(milestone=milestone, actor=mentee, now=moment)
    again = services.milestone_complete(milestone=milestone, actor=mentee)
    assert (again.completed_at, again.completed_by) == (moment, mentee)
    reopened = services.milestone_reopen(milestone=milestone, actor=mentee)
    assert (reopened.completed_at, reopened.completed_by) == (None, None)


def test_a_partner_cannot_complete_reopen_or_delete_a_milestone(goal, mentor):
    milestone = MilestoneFactory(goal=goal)
    for action in (services.milestone_complete, services.milestone_reopen, services.milestone_delete):
        with pytest.raises(PermissionDenied):
            action(milestone=milestone, actor=mentor)
    milestone.refresh_from_db()
    assert milestone.completed_at is None


# Check-ins


def test_the_owner_checks_in_with_progress_and_may_move_the_status(goal, mentee):
    check_in = services.goal_check_in(
        goal=goal, actor=mentee, progress=60, comment=" Halfway ", status="at_risk"
    )
    goal.refresh_from_db()
    assert (check_in.progress, check_in.comment, check_in.author, check_in.date) == (
        60,
        "Halfway",
        mentee,
        timezone.localdate(),
    )
    assert goal.status == "at_risk"


@pytest.mark.parametrize("progress", [-1, 101, 250, "50", None, True])
def test_check_in_progress_outside_0_to_100_is_refused(goal, mentee, progress):
    with pytest.raises(ValidationError) as refused:
        services.goal_check_in(goal=goal, actor=mentee, progress=progress)
    assert refused.value.message_dict["progress"] == ["Progress is a whole percentage from 0 to 100."]
    assert not GoalCheckIn.objects.exists()


@pytest.mark.parametrize("progress", [0, 100])
def test_check_in_progress_bounds_are_allowed(goal, mentee, progress):
    assert services.goal_check_in(goal=goal, actor=mentee, progress=progress).progress == progress


def test_a_check_in_in_the_future_is_refused_and_the_status_stays(goal, mentee):
    with pytest.raises(ValidationError, match="in the future"):
        services.goal_check_in(goal=goal, actor=mentee, progress=10, date=in_days(2), status="done")
    goal.refresh_from_db()
    assert goal.status == "on_track"
    assert not GoalCheckIn.objects.exists()


def test_a_check_in_dated_in_year_one_is_refused(goal, mentee):
    with pytest.raises(ValidationError) as refused:
        services.goal_check_in(goal=goal, actor=mentee, progress=10, date=datetime.date(1, 1, 1))
    assert refused.value.message_dict["date"][0].startswith("Choose the date of this check-in between")
    assert not GoalCheckIn.objects.exists()


def test_a_partner_cannot_check_in_on_someone_elses_goal(goal, mentor):
    with pytest.raises(PermissionDenied):
        services.goal_check_in(goal=goal, actor=mentor, progress=10)


def test_today_is_the_organizations_today(org, goal, mentee):
    """At 23:30 UTC it is already tomorrow in Amsterdam: a check-in dated tomorrow (UTC) is fine."""
    late = datetime.datetime(2030, 6, 1, 23, 30, tzinfo=datetime.UTC)
    tomorrow_there = datetime.date(2030, 6, 2)
    assert organization_today(org, late) == tomorrow_there
    Goal.objects.filter(pk=goal.pk).update(target_date=datetime.date(2030, 9, 1))
    goal.refresh_from_db()
    check_in = services.goal_check_in(goal=goal, actor=mentee, progress=5, date=tomorrow_there, now=late)
    assert check_in.date == tomorrow_there


# The accountability partner


def test_the_owner_names_a_colleague_as_accountability_partner(org, mentee_member, mentee):
    colleague = MembershipFactory(organization=org, user=UserFactory(email="ally@acme.test")).user
    partner, raw_token = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.MEMBER, user=colleague
    )
    assert (partner.kind, partner.user, raw_token) == (PartnerKind.MEMBER, colleague, "")
    assert (
        AccountabilityPartner.objects.filter(plan__member=mentee_member, ended_at__isnull=False).count() == 1
    )
    same, _ = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.MEMBER, user=colleague
    )
    assert same == partner


def test_a_colleague_must_be_a_member_of_the_organization_and_not_the_owner(
    org, other_org, outsider, mentee_member, mentee
):
    for user, message in (
        (outsider, "Choose a member of Acme"),
        (mentee, "someone other than you"),
        (None, "Choose"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.accountability_partner_set(
                member=mentee_member, actor=mentee, kind=PartnerKind.MEMBER, user=user
            )
        assert message in refused.value.message_dict["user"][0]
    assert not AccountabilityPartner.objects.exists()


def test_an_outside_partner_gets_a_hashed_link_that_expires_and_an_email(
    mentee_member, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner, raw_token = services.accountability_partner_set(
            member=mentee_member,
            actor=mentee,
            kind=PartnerKind.OUTSIDE,
            name="Olivia",
            email=" Olivia@Elsewhere.test ",
        )
    assert partner.email == "olivia@elsewhere.test"
    assert partner.token_hash == services.partner_link_token_hash(raw_token)
    assert raw_token not in partner.token_hash
    assert partner.link_expires_at - timezone.now() > datetime.timedelta(days=89)
    assert partner.link_status == "active"
    assert services.accountability_partner_for_token_across_organizations(raw_token) == partner
    [email] = mail.outbox
    assert email.to == ["olivia@elsewhere.test"]
    assert "Mia Mentee asked you to be their accountability partner" in email.subject
    assert f"/goals/shared/{raw_token}/" in email.body


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "email": "o@x.test"}, "name"),
        ({"name": "O", "email": "not-an-email"}, "email"),
        ({"name": "O" * 201, "email": "o@x.test"}, "name"),
        ({"name": "O", "email": "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"}, "email"),  # 308
    ],
)
def test_an_outside_partner_needs_a_name_and_an_email(mentee_member, mentee, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.accountability_partner_set(
            member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, **fields
        )
    assert field in refused.value.message_dict
    assert not GoalPlan.objects.exists()


def test_an_unknown_partner_kind_is_refused(mentee_member, mentee):
    with pytest.raises(ValidationError) as refused:
        services.accountability_partner_set(member=mentee_member, actor=mentee, kind="astrologer")
    assert "kind" in refused.value.message_dict


def test_revoking_and_renewing_an_outside_link(mentee_member, mentee):
    partner, first = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="Olivia", email="o@x.test"
    )
    services.accountability_link_revoke(member=mentee_member, actor=mentee)
    partner.refresh_from_db()
    assert partner.link_status == "revoked"
    renewed, second = services.accountability_link_renew(member=mentee_member, actor=mentee)
    assert renewed.link_status == "active"
    assert services.accountability_partner_for_token_across_organizations(first) is None
    assert services.accountability_partner_for_token_across_organizations(second) == renewed


def test_choosing_someone_else_ends_the_outside_link(mentee_member, mentee):
    partner, raw_token = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="Olivia", email="o@x.test"
    )
    services.accountability_partner_set(member=mentee_member, actor=mentee, kind=PartnerKind.PAIR_PARTNER)
    partner.refresh_from_db()
    assert partner.link_status == "replaced"


def test_a_link_past_its_date_is_expired(mentee_member, mentee):
    long_ago = timezone.now() - datetime.timedelta(days=services.OUTSIDE_LINK_DAYS + 1)
    partner, _ = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="O", email="o@x.test", now=long_ago
    )
    assert partner.link_status == "expired"


def test_revoking_without_an_outside_partner_says_why(mentee_member, mentee):
    with pytest.raises(ValidationError, match="only a person outside"):
        services.accountability_link_revoke(member=mentee_member, actor=mentee)


def test_only_the_owner_chooses_the_accountability_partner(mentee_member, mentor, manager):
    for actor in (mentor, manager):
        with pytest.raises(PermissionDenied):
            services.accountability_partner_set(
                member=mentee_member, actor=actor, kind=PartnerKind.PAIR_PARTNER
            )
        with pytest.raises(PermissionDenied):
            services.accountability_link_renew(member=mentee_member, actor=actor)


def test_the_link_email_is_not_stored_once_the_link_stopped_working(mentee_member, mentee):
    partner, raw_token = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="O", email="o@x.test"
    )
    services.accountability_link_revoke(member=mentee_member, actor=mentee)
    partner.refresh_from_db()
    assert services.accountability_link_notify(partner=partner, raw_token=raw_token) is None
    with pytest.raises(ValueError, match="does not belong"):
        services.accountability_link_notify(partner=partner, raw_token="someone-elses")


def test_a_link_revoked_before_its_email_went_out_is_never_sent(mentee_member, mentee, org):
    from organizations.models import EmailStatus, Notification
    from organizations.notifications.dispatch import dispatch_due

    partner, raw_token = services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="O", email="o@x.test"
    )
    services.accountability_link_revoke(member=mentee_member, actor=mentee)
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 0
    (row,) = Notification.objects.filter(kind="accountability_link")
    assert row.email_status == EmailStatus.SKIPPED
    assert raw_token not in row.body_text + row.body_html
    assert mail.outbox == []


def test_the_link_message_is_written_with_the_link_and_its_body_cleared_once_sent(
    mentee_member, mentee, org, django_capture_on_commit_callbacks
):
    from organizations.models import EmailStatus, Notification

    with django_capture_on_commit_callbacks(execute=True):
        partner, raw_token = services.accountability_partner_set(
            member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="O", email="o@x.test"
        )
    (row,) = Notification.objects.filter(kind="accountability_link")
    assert (row.email, row.user, row.in_app, row.link) == ("o@x.test", None, False, "")
    assert row.email_status == EmailStatus.SENT
    assert row.body_text == row.body_html == ""
    assert raw_token not in row.key + row.subject
    [email] = mail.outbox
    assert f"/goals/shared/{raw_token}/" in email.body
    assert "List-Unsubscribe" not in email.extra_headers  # essential: no unsubscribe link


def test_a_renewed_link_is_a_new_message_and_the_old_waiting_one_is_withdrawn(mentee_member, mentee, org):
    from organizations.models import EmailStatus, Notification

    services.accountability_partner_set(
        member=mentee_member, actor=mentee, kind=PartnerKind.OUTSIDE, name="O", email="o@x.test"
    )
    _, second = services.accountability_link_renew(member=mentee_member, actor=mentee)
    rows = list(Notification.objects.filter(kind="accountability_link").order_by("pk"))
    assert [row.email_status for row in rows] == [EmailStatus.SKIPPED, EmailStatus.PENDING]
    assert second in rows[1].body_text


def test_saving_the_same_outside_partner_again_keeps_their_working_link(mentee_member, mentee):
    fields = {"kind": PartnerKind.OUTSIDE, "name": "Olivia", "email": "o@x.test"}
    partner, raw_token = services.accountability_partner_set(member=mentee_member, actor=mentee, **fields)
    again, no_token = services.accountability_partner_set(member=mentee_member, actor=mentee, **fields)
    assert (again, no_token) == (partner, "")
    assert services.accountability_partner_for_token_across_organizations(raw_token).link_status == "active"
