"""Each structure in a real browser (issue 16): the design form offers structure and mode with
a line on each; a group program is matched and published as groups; a peer-circle program is
applied to as a peer, its circles are arranged by hand, re-run keeping those choices, published,
and its peers see their circle. Screenshots go to artifacts/screenshots/structures-*.png."""

import datetime
import re

import pytest

from matching.models import CircleChoice, MatchRun, Pair, ProposedCircleMember
from programs.models import ApplicantRole, Application, Program, ProgramStatus
from programs.services.programs import program_create, program_transition
from tests.factories import EmployeeFactory
from tests.matching.factories import active_matching_cohort, circle_class, member
from tests.programs.factories import program_design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTOR_WORDS = re.compile(r"\bmentors?\b|\bmentees?\b", re.I)


def _words(page) -> str:
    return page.locator("main").inner_text()


def assert_no_mentors(page) -> None:
    """A peer program's page never speaks of mentors or mentees."""
    text = _words(page)
    found = MENTOR_WORDS.search(text)
    assert found is None, " ".join(text[max(found.start() - 120, 0) : found.end() + 40].split())


def test_the_design_form_offers_each_structure_and_mode_with_a_line_on_each(
    page, sign_in, screenshot, org, manager
):
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/new/?template=blank")
    folded = page.locator("details", has=page.locator("summary", has_text="Structure and rhythm"))
    if folded.count():
        folded.locator("summary").click()
    radios = page.locator("input[name=structure]")
    assert radios.count() == 3
    assert page.get_by_text("nobody leads, everyone brings and takes").is_visible()
    assert page.get_by_text("Each mentee first ranks a shortlist").is_visible()
    page.fill("input[name=name]", "Finance Groups 2027")
    page.check("input[name=structure][value=group]")
    page.check("input[name=matching_mode][value=hybrid]")
    page.fill("input[name=group_size]", "3")
    page.fill("input[name=mentor_limit]", "4")
    screenshot(page, "structures-design-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Create draft program").click()
    program = Program.objects.get(name="Finance Groups 2027")
    assert (program.structure, program.matching_mode) == ("group", "hybrid")


def test_a_group_program_is_matched_and_published_as_groups(page, sign_in, screenshot, org, manager, mentee):
    cohort = active_matching_cohort(org, structure="group", group_size=3, name="Groups 2026")
    for n in range(6):
        member(cohort, ApplicantRole.MENTEE, name=f"Mentee {n + 1}", user=mentee if n == 0 else None)
    for n, department in enumerate(["Finance", "Sales"]):
        member(
            cohort, ApplicantRole.MENTOR, name=f"Mentor {n + 1}", department=department, level=5, capacity=3
        )

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    run = MatchRun.objects.get()
    assert run.matched_count == 6
    page.get_by_role("button", name="Publish…").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "structures-group-publish")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Publish \d")).click()
    assert Pair.objects.filter(kind="group").count() == 2
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    assert page.get_by_text("Everyone in the class is in a group.").is_visible()
    screenshot(page, "structures-group-cohort")


def test_a_peer_circle_program_from_application_to_published_circles(
    page, sign_in, screenshot, org, manager, mentee
):
    # A member applies as a peer: no mentor or mentee to choose.
    EmployeeFactory(
        organization=org,
        user=mentee,
        email=mentee.email,
        name="Mia Peer",
        performance_rating=3,
        hire_date=datetime.date(2015, 1, 5),
    )
    program = program_create(
        organization=org,
        actor=manager,
        template="peer_circles",
        **program_design(name="Peer Circles 2026", structure="peer_circle", group_size=4, mentor_limit=0),
    )
    program_transition(program=program, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    assert page.locator("input[name=role][type=radio]").count() == 0
    assert_no_mentors(page)
    page.fill("textarea[name=motivation]", "Meet colleagues from other teams.")
    page.fill("textarea[name=learning_goals]", "How sales and legal work.")
    screenshot(page, "structures-circles-apply")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Apply|Send")).click()
    assert Application.objects.get().role == ApplicantRole.PEER
    page.context.clear_cookies()

    # The manager arranges a class of peers into circles.
    cohort, peers = circle_class(org, peers=12, size=4, name="Circles 2026")
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    assert_no_mentors(page)
    screenshot(page, "structures-circles-cohort")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    run = MatchRun.objects.get()
    assert page.get_by_role("heading", name="Circle 1").is_visible()
    assert_no_mentors(page)
    page.locator(".circle-card details").first.click()
    screenshot(page, "structures-circles-run-1")

    # Move someone, keep two apart.
    person = peers[0]
    here = ProposedCircleMember.objects.get(run=run, participant=person).circle
    target = 2 if here == 1 else 1
    move = page.locator("form", has=page.get_by_role("button", name="Move"))
    move.locator("select[name=participant]").select_option(str(person.pk))
    move.locator("select[name=circle]").select_option(str(target))
    with page.expect_navigation():
        move.get_by_role("button", name="Move").click()
    assert page.get_by_text("moved by you").is_visible()
    choose = page.locator("form", has=page.get_by_role("button", name="Save the choice"))
    choose.locator("select[name=first]").select_option(str(peers[1].pk))
    choose.locator("select[name=kind]").select_option("apart")
    choose.locator("select[name=second]").select_option(str(peers[2].pk))
    with page.expect_navigation():
        choose.get_by_role("button", name="Save the choice").click()
    assert CircleChoice.objects.filter(kind="apart").count() == 1
    screenshot(page, "structures-circles-run-edited")

    # Run again: the choices hold.
    with page.expect_navigation():
        page.get_by_role("button", name="Run again, keeping your choices").click()
    assert page.get_by_text("Run 2 made with your choices kept").is_visible()
    assert page.get_by_text("Weakest circle").first.is_visible()
    second = MatchRun.objects.order_by("-number").first()
    circle_of = dict(ProposedCircleMember.objects.filter(run=second).values_list("participant_id", "circle"))
    moved_to = set(
        ProposedCircleMember.objects.filter(run=run, circle=target).values_list("participant_id", flat=True)
    )
    assert {pk for pk, c in circle_of.items() if c == circle_of[person.pk]} == moved_to
    assert circle_of[peers[1].pk] != circle_of[peers[2].pk]
    screenshot(page, "structures-circles-run-2")

    page.get_by_role("button", name="Publish…").click()
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Publish \d")).click()
    assert Pair.objects.filter(kind="peer_circle").count() == 3
    page.goto(f"/o/{org.slug}/mentoring/cohorts/{cohort.pk}/")
    assert page.get_by_role("columnheader", name="Circle").is_visible()
    assert_no_mentors(page)
    screenshot(page, "structures-circles-overview")
