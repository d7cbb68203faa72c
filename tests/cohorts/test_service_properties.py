"""Whatever a manager clicks, in any order, a class stays within its limit and holds only
accepted applicants. Hypothesis drives the real services against the database."""

import contextlib

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cohorts import services
from cohorts.models import Participant, ParticipantStatus
from organizations.roles import Role
from organizations.tenancy import organization_scope
from programs.models import ApplicantRole, ApplicationStatus
from tests.cohorts.factories import CohortFactory, applicant
from tests.factories import MembershipFactory, OrganizationFactory

ROLES = [ApplicantRole.MENTEE, ApplicantRole.MENTOR]
STATUSES = [
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.DECLINED,
]

applications_strategy = st.lists(
    st.tuples(
        st.sampled_from(ROLES),
        st.sampled_from(STATUSES),
        st.sampled_from(["Engineering", "Finance", "Legal", "Sales"]),
        st.integers(1, 5),
    ),
    min_size=1,
    max_size=14,
)
operations_strategy = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "propose_apply",
                "replace",
                "add",
                "add",
                "add",
                "remove",
                "withdraw",
                "promote",
                "promote",
                "activate",
            ]
        ),
        st.sampled_from(ROLES),
        st.integers(0, 20),
    ),
    min_size=1,
    max_size=14,
)


class ClassLimitProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = OrganizationFactory(slug="acme", name="Acme")
        cls.manager = MembershipFactory(organization=cls.org, role=Role.PROGRAM_MANAGER).user

    def setUp(self):
        # The test body works in Acme's scope, as every test does (tests/conftest.py).
        opened = organization_scope(self.org)
        opened.__enter__()
        self.addCleanup(opened.__exit__, None, None, None)

    def _check_invariants(self, cohort):
        for role in ROLES:
            selected = list(
                Participant.objects.filter(
                    cohort=cohort, role=role, status=ParticipantStatus.SELECTED
                ).select_related("application")
            )
            assert len(selected) <= cohort.limit_for(role)
            assert all(p.application.status == ApplicationStatus.ACCEPTED for p in selected)
            assert all(p.application.role == role for p in selected)
            assert len({p.employee_id for p in selected}) == len(selected)

    def _run(self, cohort, operation, role, index, applications):
        members = list(
            Participant.objects.filter(cohort=cohort, role=role, status=ParticipantStatus.SELECTED).order_by(
                "pk"
            )
        )
        if operation == "propose_apply":
            proposal = services.selection_propose(cohort=cohort, role=role)
            assert all(a.status == ApplicationStatus.ACCEPTED and a.role == role for a in proposal.picks)
            assert len(proposal.kept) + len(proposal.picks) <= proposal.limit
            services.selection_apply(
                cohort=cohort, role=role, application_ids=proposal.application_ids, actor=self.manager
            )
        elif operation == "replace":
            proposal = services.selection_propose(cohort=cohort, role=role, replace=True)
            services.selection_apply(
                cohort=cohort,
                role=role,
                application_ids=proposal.application_ids,
                actor=self.manager,
                replace=True,
            )
        elif operation == "add":
            services.participant_add(
                cohort=cohort, application=applications[index % len(applications)], actor=self.manager
            )
        elif operation in ("remove", "withdraw") and members:
            participant = members[index % len(members)]
            if operation == "remove":
                services.participant_remove(participant=participant, actor=self.manager)
            else:
                services.participant_withdraw(participant=participant, actor=self.manager)
        elif operation == "promote":
            services.waitlist_promote(cohort=cohort, role=role, actor=self.manager)
        elif operation == "activate":
            services.cohort_activate(cohort=cohort, actor=self.manager)

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        applications=applications_strategy,
        operations=operations_strategy,
        mentee_limit=st.integers(1, 3),
        mentor_limit=st.integers(1, 2),
    )
    def test_no_sequence_of_actions_overfills_a_class_or_admits_anyone_not_accepted(
        self, applications, operations, mentee_limit, mentor_limit
    ):
        cohort = CohortFactory(
            program__organization=self.org,
            program__mentee_limit=mentee_limit,
            program__mentor_limit=mentor_limit,
        )
        created = [
            applicant(
                cohort.program, role=role, status=status, department=department, level=level, days_ago=n
            )
            for n, (role, status, department, level) in enumerate(applications)
        ]
        for operation, role, index in operations:
            cohort.refresh_from_db()
            # Refusals are fine; what matters is the state they leave behind.
            with contextlib.suppress(ValidationError):
                self._run(cohort, operation, role, index, created)
            self._check_invariants(cohort)
