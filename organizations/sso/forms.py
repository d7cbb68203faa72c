"""The forms of single sign-on: the admin's settings, and the address a person signs in with."""

from django import forms
from django.core.exceptions import ValidationError

from organizations.models import IdentityProvider, User
from organizations.roles import Role
from organizations.sso.config import (
    format_role_mapping,
    parse_domains,
    parse_idp_metadata,
    parse_role_mapping,
)
from organizations.view_helpers import IdsChoiceField

NOBODY = ""


class SSOLoginForm(forms.Form):
    email = forms.EmailField(
        label="Your work email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class IdentityProviderForm(forms.Form):
    protocol = forms.ChoiceField(
        choices=IdentityProvider.Protocol.choices,
        widget=forms.RadioSelect,
        initial=IdentityProvider.Protocol.OIDC,
        label="Protocol",
    )
    # OpenID Connect
    issuer = forms.CharField(
        label="Issuer",
        required=False,
        max_length=500,
        help_text="The https address your provider's discovery document lives under, e.g. "
        "https://login.example.com (we read /.well-known/openid-configuration).",
    )
    client_id = forms.CharField(label="Client id", required=False, max_length=191)
    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        max_length=191,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Stored and never shown again. Leave it empty to keep the stored one.",
    )
    # SAML 2.0
    metadata_xml = forms.CharField(
        label="IdP metadata XML",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Paste your provider's metadata to fill in the three fields below, or fill them yourself.",
    )
    entity_id = forms.CharField(label="IdP entity id", required=False, max_length=500)
    sso_url = forms.CharField(label="IdP sign-in URL", required=False, max_length=500)
    x509cert = forms.CharField(
        label="IdP signing certificate",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="PEM or base64. Answers not signed with it are refused.",
    )
    # Who, and with which role
    domains = forms.CharField(
        label="Email domains",
        max_length=5_000,
        help_text="Addresses of these domains sign in through this provider, e.g. acme.com, acme.co.uk. "
        "A domain belongs to one organization only.",
    )
    role_claim = forms.CharField(
        label="Group claim or attribute",
        required=False,
        initial="groups",
        max_length=200,
        help_text="Where your provider lists a person's groups (often “groups”, or memberOf for SAML).",
    )
    role_mapping = forms.CharField(
        label="Role mapping",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One rule a line, “group = role”; the first rule that matches decides. Roles: "
        + ", ".join(Role.values)
        + ". At each sign-in the role follows the mapping, up or down.",
    )
    default_role = forms.ChoiceField(
        label="Everyone else from these domains",
        required=False,
        initial=Role.MEMBER,
        choices=[(NOBODY, "Refuse them")] + [(role.value, f"Join as {role.label}") for role in Role],
        help_text="People no rule matches. Someone an admin removed comes back only through a rule.",
    )
    require_sso = forms.BooleanField(
        label="Require single sign-on: passwords stop working for addresses of these domains",
        required=False,
        help_text="Everyone then opens the organization through its company sign-in (people with "
        "an address outside the domains too), except the break-glass admins.",
    )
    break_glass_admins = IdsChoiceField(
        label="Break-glass admins (keep signing in with a password)",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Needed when single sign-on is required, in case your provider is down.",
    )

    def __init__(self, *args, organization, identity_provider=None, **kwargs):
        from organizations.models import Membership

        if identity_provider is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(identity_provider)
        super().__init__(*args, **kwargs)
        admin_ids = Membership.objects.filter(organization=organization, role=Role.ADMIN).values("user_id")
        self.fields["break_glass_admins"].queryset = User.objects.filter(pk__in=admin_ids).order_by("email")
        self.fields["break_glass_admins"].label_from_instance = lambda u: f"{u.display_name} ({u.email})"
        self.has_secret = bool(identity_provider and identity_provider.app.secret)

    def clean_domains(self) -> list[str]:
        return parse_domains(self.cleaned_data["domains"])

    def clean_role_mapping(self) -> list[dict]:
        return parse_role_mapping(self.cleaned_data["role_mapping"])

    def clean(self):
        cleaned = super().clean()
        metadata = cleaned.get("metadata_xml", "").strip()
        if cleaned.get("protocol") == IdentityProvider.Protocol.SAML and metadata:
            try:
                cleaned.update(parse_idp_metadata(metadata))
            except ValidationError as error:
                self.add_error("metadata_xml", error)
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("metadata_xml", None)
        data["break_glass_admins"] = list(data["break_glass_admins"])
        return data


def initial_from(identity_provider: IdentityProvider) -> dict:
    app = identity_provider.app
    idp = app.settings.get("idp", {})
    return {
        "protocol": identity_provider.protocol,
        "issuer": app.settings.get("server_url", ""),
        "client_id": app.client_id if identity_provider.protocol == IdentityProvider.Protocol.OIDC else "",
        "entity_id": idp.get("entity_id", ""),
        "sso_url": idp.get("sso_url", ""),
        "x509cert": idp.get("x509cert", ""),
        "domains": ", ".join(identity_provider.domains.values_list("domain", flat=True)),
        "role_claim": identity_provider.role_claim,
        "role_mapping": format_role_mapping(identity_provider.role_mapping),
        "default_role": identity_provider.default_role,
        "require_sso": identity_provider.require_sso,
        "break_glass_admins": list(identity_provider.break_glass_admins.values_list("pk", flat=True)),
    }
