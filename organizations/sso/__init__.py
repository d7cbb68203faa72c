"""Single sign-on per organization, through OpenID Connect or SAML 2.0 (django-allauth's
``socialaccount`` providers). docs/security.md, "Single sign-on", tells the rules; in short:

- An organization's admin sets up one identity provider (``IdentityProvider``, backed by an
  allauth ``SocialApp``) on Settings → Single sign-on (``views.sso_settings``), with the email
  domains it answers for (one domain, one organization) and a role mapping.
- People sign in from "Sign in with your company (SSO)" (``views.sso_login``): their address's
  domain names the organization, whose provider is asked.
- ``adapter.SocialAccountAdapter`` decides each answer (``services.sso_admission``): the address
  must be in the provider's domains, an existing account joins only if it already belongs to the
  organization (or to none), and the role comes from the mapping; ``services.sso_membership_apply``
  then creates or updates the membership once the person is signed in.
- With ``require_sso`` on, passwords stop working for the domains' addresses, except for the
  break-glass admins (``selectors.password_sign_in_refusal``).
"""
