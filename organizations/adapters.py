from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Lodestar's allauth adapter: invitations are accepted here at sign-up (see invitations)."""
