from organizations.models.api_keys import APIKey, APIKeyKind
from organizations.models.audit import AuditAction, AuditEntry
from organizations.models.notifications import EmailStatus, Notification, NotificationPreference
from organizations.models.provisioning import ProvisionedUser
from organizations.models.roster import Employee, EmployeeHistory, RosterLoad, TerminationType
from organizations.models.sso import IdentityProvider, SSODomain, SSOExclusion
from organizations.models.tenancy import DataVersion, Invitation, Membership, Organization
from organizations.models.users import User

__all__ = [
    "APIKey",
    "APIKeyKind",
    "AuditAction",
    "AuditEntry",
    "DataVersion",
    "EmailStatus",
    "Employee",
    "EmployeeHistory",
    "IdentityProvider",
    "Invitation",
    "Membership",
    "Notification",
    "NotificationPreference",
    "Organization",
    "ProvisionedUser",
    "RosterLoad",
    "SSODomain",
    "SSOExclusion",
    "TerminationType",
    "User",
]
