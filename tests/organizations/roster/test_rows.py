"""The roster list's rows (organizations/roster/rows.py): the same cells the template rendered,
escaped the same way."""

import datetime

from django.template import Context, Template
from django.urls import reverse

from organizations.models import Employee
from organizations.roster.rows import employee_url_pattern, roster_rows
from tests.factories import EmployeeFactory

# The cells as the list's template rendered them before the rows moved to Python.
TEMPLATE_ROW = Template(
    "{% for employee in employees %}<tr>\n"
    "  <td><a href=\"{% url 'roster_employee' org_slug=slug pk=employee.pk %}\">"
    "{{ employee.name }}</a></td>\n"
    "  <td>{{ employee.external_id }}</td>\n"
    "  <td>{{ employee.department }}</td>\n"
    "  <td>{{ employee.level }}</td>\n"
    '  <td>{{ employee.location|default:"—" }}</td>\n'
    "  <td>{% if employee.manager %}"
    "<a href=\"{% url 'roster_employee' org_slug=slug pk=employee.manager_id %}\">"
    "{{ employee.manager.name }}</a>"
    "{% else %}—{% endif %}</td>\n"
    '  <td>{{ employee.hire_date|date:"j M Y" }}</td>\n'
    '  <td>{% if employee.is_active %}<span class="badge badge-ok">Active</span>{% else %}'
    '<span class="badge badge-bad">Left {{ employee.termination_date|date:"M Y" }}</span>{% endif %}</td>\n'
    "</tr>{% endfor %}"
)


def test_each_row_holds_what_the_template_showed_escaped_alike(org):
    boss = EmployeeFactory(organization=org, name="Grace <b>Hopper</b>", location="")
    EmployeeFactory(
        organization=org,
        name='Ada "Lovelace" & co',
        external_id="E<1>",
        department="R&D",
        manager=boss,
        hire_date=datetime.date(2019, 3, 4),
        termination_date=datetime.date(2024, 6, 30),
    )
    employees = list(Employee.objects.select_related("manager").order_by("name"))

    rows = roster_rows(employees, org.slug)

    expected = TEMPLATE_ROW.render(Context({"employees": employees, "slug": org.slug}))
    assert "".join(rows) == expected
    assert "Grace &lt;b&gt;Hopper&lt;/b&gt;" in expected and "Left Jun 2024" in expected
    assert expected.count("<td>—</td>") == 2  # Grace: no location, no manager


def test_the_address_pattern_is_the_employee_pages(org):
    assert employee_url_pattern(org.slug).format(42) == reverse(
        "roster_employee", kwargs={"org_slug": org.slug, "pk": 42}
    )
    assert employee_url_pattern("o1").format(1) == reverse(
        "roster_employee", kwargs={"org_slug": "o1", "pk": 1}
    )
