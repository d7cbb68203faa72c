from organizations.models.api_keys import APIKey
from organizations.models.roster import Employee, EmployeeHistory, RosterLoad, TerminationType
from organizations.models.tenancy import Invitation, Membership, Organization
from organizations.models.users import User

__all__ = [
    "APIKey",
    "Employee",
    "EmployeeHistory",
    "Invitation",
    "Membership",
    "Organization",
    "RosterLoad",
    "TerminationType",
    "User",
]
