"""The personal-data sections read in one UNION ALL (organizations/personal_data_rows.py) are
the rows each section's own query gives: the same values, typed the same (dates, times, lists,
booleans), the same order where the section orders them, DISTINCT sections still folded, and
only the person's own rows in the URL's organization."""

import collections

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import User
from organizations.personal_data import personal_data_for, personal_data_sections
from organizations.personal_data_rows import rows_of_sections
from sessions.models import Meeting
from tests.cohorts.factories import CohortFactory
from tests.factories import EmployeeFactory
from tests.sessions.factories import MeetingFactory, PrivateNoteFactory, pair_of
from tests.test_page_budget import _grow

pytestmark = pytest.mark.django_db


def _one_by_one(user, organization) -> dict[str, list[list[object]]]:
    """What the registry read before: one ``values_list`` per section."""
    return {
        section.title: [list(row) for row in section.rows(user, organization).values_list(*section.fields)]
        for section in personal_data_sections()
    }


def _as_multiset(rows):
    return collections.Counter(repr(row) for row in rows)


def _assert_same(user, organization):
    expected = _one_by_one(user, organization)
    found = {section.title: section.rows for section in personal_data_for(user, organization)}
    assert list(found) == list(expected)
    for section in personal_data_sections():
        title = section.title
        assert _as_multiset(found[title]) == _as_multiset(expected[title]), title
        queryset = section.rows(user, organization)
        if queryset.query.order_by and not queryset.query.distinct:
            ordered = [
                list(row)
                for row in queryset.order_by(*queryset.query.order_by, "pk").values_list(*section.fields)
            ]
            assert found[title] == ordered, title


def test_a_grown_organization_reads_the_same_for_everyone(org, other_org, people):
    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    pair = pair_of(people.mentor, people.mentee, cohort)
    for _ in range(3):
        PrivateNoteFactory(meeting=MeetingFactory(pair=pair), author=people.mentee)
    EmployeeFactory(organization=other_org, user=people.mentee, department="Globex Secret Dept")
    _grow(org)
    _grow(org)
    for user in User.objects.all():
        _assert_same(user, org)
        _assert_same(user, other_org)


def test_someone_with_nothing_gets_every_section_empty_but_their_account(org, outsider):
    sections = {section.title: section.rows for section in personal_data_for(outsider, org)}
    [account] = sections.pop("Account")
    assert account[0] == outsider.email
    assert all(rows == [] for rows in sections.values())
    _assert_same(outsider, org)


def test_a_distinct_section_still_folds_rows_a_join_repeats(org, mentor, mentee):
    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    pair = pair_of(mentor, mentee, cohort)
    MeetingFactory(pair=pair, topics="Delegation")
    MeetingFactory(pair=pair, topics="Feedback")
    both = Meeting.objects.filter(organization=org, pair__members__isnull=False)  # each meeting twice
    fields = ("topics", "starts_at")
    [repeated, folded] = rows_of_sections([(both, fields), (both.distinct().order_by("starts_at"), fields)])
    assert len(repeated) == 4
    assert folded == [list(row) for row in both.distinct().order_by("starts_at").values_list(*fields)]


def test_all_the_sections_cost_one_query(org, mentee):
    with CaptureQueriesContext(connection) as queries:
        sections = personal_data_for(mentee, org)
    assert len(sections) == len(personal_data_sections()) > 10 and len(queries) == 1


def test_no_sections_cost_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert rows_of_sections([]) == []
    assert not queries
