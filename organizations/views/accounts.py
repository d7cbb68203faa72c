"""allauth's sign-up page, with the name field filled in for someone who came from an
invitation: the name the invitation carries (the roster's, when it was sent), else the name the
organization's roster has for the invited address. Only for the invitation this browser opened
(``organizations.adapters.invitation_remembered``): typing an address into the sign-up page
never reveals a roster name."""

from allauth.account.views import SignupView as AllauthSignupView

from organizations.adapters import invitation_remembered
from organizations.roster.invitable import roster_name_for_email
from organizations.tenancy import organization_scope


class SignupView(AllauthSignupView):
    def get_initial(self) -> dict:
        initial = super().get_initial()
        invitation = invitation_remembered(self.request)
        if invitation is not None:
            name = invitation.name
            if not name:
                with organization_scope(invitation.organization):
                    name = roster_name_for_email(invitation.email)
            if name:
                initial["full_name"] = name
        return initial


signup = SignupView.as_view()
