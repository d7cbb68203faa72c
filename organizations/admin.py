from django.contrib import admin
from django_scopes import scopes_disabled

from organizations.models import AuditEntry, Employee, Invitation, Membership, Organization, RosterLoad, User


class UnscopedAdmin(admin.ModelAdmin):
    """The Django admin is for operators across organizations, so it reads without a scope."""

    def get_queryset(self, request):
        with scopes_disabled():
            return self.model.objects.with_scopes_disabled().all()


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "min_group_size"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(UnscopedAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]


@admin.register(Invitation)
class InvitationAdmin(UnscopedAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at"]
    exclude = ["token_hash"]


@admin.register(Employee)
class EmployeeAdmin(UnscopedAdmin):
    list_display = ["name", "external_id", "organization", "department", "level"]
    search_fields = ["name", "email", "external_id"]


@admin.register(RosterLoad)
class RosterLoadAdmin(UnscopedAdmin):
    list_display = ["organization", "source", "status", "created_at", "row_count"]
    exclude = ["content"]


@admin.register(AuditEntry)
class AuditEntryAdmin(UnscopedAdmin):
    """Read-only: the audit log is append-only (docs/audit.md)."""

    list_display = ("created_at", "organization", "action", "actor_label", "ip_address", "object_label")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
