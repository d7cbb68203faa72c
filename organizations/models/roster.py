from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization


class TerminationType(models.TextChoices):
    VOLUNTARY = "voluntary", "Voluntary"
    INVOLUNTARY = "involuntary", "Involuntary"


class Employee(models.Model):
    """One row of the HR roster, keyed by the HR system's external id."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="employees")
    external_id = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    department = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(help_text="Ordered grade: higher is more senior.")
    location = models.CharField(max_length=120, blank=True)
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    hire_date = models.DateField()
    performance_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Position on the organization's rating scale, 1 = lowest."
    )
    termination_date = models.DateField(null=True, blank=True)
    termination_type = models.CharField(max_length=16, choices=TerminationType.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee_records",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"], name="unique_employee_external_id"
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="one_employee_per_user_per_org",
            ),
        ]
        # The roster list's orderings and filters (organizations/roster/selectors.py and the
        # API): name first, by department or level in name order, by hire date.
        indexes = [
            models.Index(fields=["organization", "name", "external_id"], name="employee_org_name"),
            models.Index(
                fields=["organization", "department", "name", "external_id"], name="employee_org_dept_name"
            ),
            models.Index(
                fields=["organization", "level", "name", "external_id"], name="employee_org_level_name"
            ),
            models.Index(fields=["organization", "hire_date"], name="employee_org_hire_date"),
            models.Index(fields=["organization", "email"]),
            # A member's own row, found by their email whatever its case (``email__iexact``:
            # roster/links.py, on the overview while programs take applications).
            models.Index("organization", Upper("email"), name="employee_org_email_ci"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.external_id})"

    @property
    def is_active(self) -> bool:
        return self.termination_date is None


class RosterLoad(models.Model):
    """One roster file: previewed (pending), confirmed (queued for the background task), then
    applied, or failed when the roster changed under it. Rejected uploads are never stored."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        QUEUED = "queued", "Loading"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Not loaded"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Browser upload"
        COMMAND = "command", "Command line"
        API = "api", "REST API"
        SEED = "seed", "Demo data"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roster_loads")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who confirmed it when it was an API key, and from where: the background task that applies
    # the load has no request, and the audit log names the key and address that asked for it.
    loaded_by_api_key = models.ForeignKey(
        "organizations.APIKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_from = models.GenericIPAddressField(null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    effective_date = models.DateField(help_text="The date the roster describes; history rows carry it.")
    content = models.TextField(blank=True, help_text="The file, kept only until it is applied.")
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(
        default=dict,
        blank=True,
        help_text="Why a failed load was not applied: the same report as a refused file's.",
    )
    filter_choices = models.JSONField(
        null=True,
        blank=True,
        help_text="The roster's departments and levels once this load was applied (the list's filters).",
    )

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "status", "applied_at"], name="rosterload_org_status")
        ]

    def __str__(self) -> str:
        return f"Roster load {self.pk} ({self.get_status_display()})"


class EmployeeHistory(models.Model):
    """A dated snapshot of the fields analytics follow over time.

    A row is written when an employee first appears and whenever department, level or
    termination changes, dated by the load's effective date: promotions are rises in level
    between consecutive rows, leavers are rows that gain a termination date.
    """

    # The organization and the load are not checked by the database (``db_constraint=False``):
    # history rows are only written by the roster load's one ``INSERT … SELECT``
    # (organizations/roster/bulk_apply.py), which takes both from the load it applies, and
    # deleted with their organization (organizations/lifecycle.py) or nulled with their load by
    # Django. PostgreSQL checks a deferred foreign key row by row at commit: at 100,000 rows
    # these two checks cost seconds of the load (bench/README.md). The employee stays checked.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="history")
    roster_load = models.ForeignKey(
        RosterLoad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="history",
        db_constraint=False,
    )
    effective_date = models.DateField()
    department = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField()
    termination_date = models.DateField(null=True, blank=True)
    termination_type = models.CharField(max_length=16, choices=TerminationType.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["employee_id", "effective_date", "id"]
        verbose_name_plural = "employee history"

    def __str__(self) -> str:
        return f"{self.employee_id} on {self.effective_date}: {self.department} L{self.level}"
