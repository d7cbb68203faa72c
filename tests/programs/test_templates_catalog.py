"""Program templates (programs/templates_catalog.py): each one makes a valid program with its
values, and the new-program pages start from them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations.clock import organization_today, organization_tz
from programs.forms import program_initial
from programs.models import Program
from programs.services.programs import program_copy_for_next_year, program_create
from programs.templates_catalog import TEMPLATES, program_template

D = datetime.date


def url(name, **kwargs):
    return reverse(f"programs:{name}", kwargs={"org_slug": "acme", **kwargs})


def _design(org, template) -> dict:
    initial = program_initial(organization_today(org), organization_tz(org), template)
    return {
        "purpose_custom": "",
        "target_baseline": None,
        "target_value": None,
        "target_by": None,
        "end_date": None,
        **initial,
    }


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_each_template_creates_a_valid_program_with_its_values(key, org, manager):
    template = TEMPLATES[key]

    program = program_create(organization=org, actor=manager, template=key, **_design(org, template))

    program.full_clean(exclude=["organization", "created_by", "copied_from"])
    assert program.template == key
    assert program.name.startswith(template.name_stem)
    for name in ("purpose", "target_metric", "structure", "group_size", "meeting_cadence_days"):
        assert getattr(program, name) == getattr(template, name), name
    assert (program.mentee_limit, program.mentor_limit) == (template.mentee_limit, template.mentor_limit)
    assert [(p.name, p.date) for p in program.phases.order_by("date", "order")] == template.dated_phases(
        program.start_date, program.end_date
    )
    assert program.phases.first().date == program.start_date
    assert program.phases.last().date == program.end_date
    rules = {(r.applies_to, r.kind, r.value) for r in program.eligibility_rules.all()}
    assert rules == set(template.rules(org))
    assert len(rules) == len(template.eligibility)  # Acme's scale has "Meets expectations"


def test_the_rating_rule_takes_the_organizations_own_scale(org, manager):
    org.rating_scale = ["Low", "Solid", "Meets expectations", "Strong"]
    org.save()
    template = TEMPLATES["yearlong_one_to_one"]
    program = program_create(organization=org, actor=manager, template=template.key, **_design(org, template))
    assert set(program.eligibility_rules.filter(kind="min_rating").values_list("value", flat=True)) == {3}


def test_an_unknown_template_is_refused(org, manager):
    with pytest.raises(ValidationError, match="no program template"):
        program_create(organization=org, actor=manager, template="speed_dating", **_design(org, None))
    assert not Program.objects.exists()
    assert program_template("speed_dating") is None and program_template("") is None


def test_a_copy_for_next_year_keeps_its_template(org, manager):
    template = TEMPLATES["peer_circles"]
    program = program_create(organization=org, actor=manager, template=template.key, **_design(org, template))
    assert program_copy_for_next_year(program=program, actor=manager).template == "peer_circles"


class TestNewProgramPages:
    def test_the_first_step_offers_every_template_and_a_blank_design(self, org, manager, client_for):
        body = client_for(manager).get(url("create")).content.decode()
        for template in TEMPLATES.values():
            assert template.title in body and f'href="?template={template.key}"' in body
        assert 'href="?template=blank"' in body

    def test_an_unknown_template_goes_back_to_the_choice(self, org, manager, client_for):
        response = client_for(manager).get(url("create"), {"template": "nope"})
        assert "previews" in response.context and "form" not in response.context

    def test_the_form_is_prefilled_and_folds_what_the_template_decided(self, org, manager, client_for):
        response = client_for(manager).get(url("create"), {"template": "group_mentoring"})
        form = response.context["form"]
        assert form["structure"].value() == "group" and form["group_size"].value() == 4
        assert form["meeting_cadence_days"].value() == 21
        folded = [section.title for section in form.grouped() if section.folded]
        assert folded == ["Purpose and measurable target", "Structure and rhythm"]
        body = response.content.decode()
        assert (
            "Group (one mentor, several mentees) · manager-matched · groups of 4 · meetings every 21 days"
            in body
        )
        assert "Also set up from the template" in body and "First-quarter review" in body

    def test_a_folded_section_with_an_error_opens(self, org, manager, client_for):
        data = {
            **{k: v for k, v in _design(org, TEMPLATES["group_mentoring"]).items() if v is not None},
            "template": "group_mentoring",
            "group_size": "1",
        }
        data["applications_open_at"] = data["applications_open_at"].strftime("%Y-%m-%dT%H:%M")
        data["applications_close_at"] = data["applications_close_at"].strftime("%Y-%m-%dT%H:%M")
        response = client_for(manager).post(url("create"), data)
        assert response.status_code == 200
        sections = {section.title: section for section in response.context["form"].grouped()}
        assert not sections["Structure and rhythm"].folded
        assert sections["Purpose and measurable target"].folded
        assert not Program.objects.exists()

    def test_posting_the_prefilled_form_creates_the_program_from_its_template(self, org, manager, client_for):
        client = client_for(manager)
        form = client.get(url("create"), {"template": "peer_circles"}).context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        for name in ("applications_open_at", "applications_close_at"):
            data[name] = form.fields[name].prepare_value(data[name])
        response = client.post(url("create"), data)
        program = Program.objects.get()
        assert response.status_code == 302 and response.url == url("detail", pk=program.pk)
        assert program.template == "peer_circles" and program.structure == "peer_circle"
        assert [p.name for p in program.phases.all()] == ["Kickoff", "Mid-point", "Close"]
