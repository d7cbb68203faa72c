"""Pure helpers for single sign-on settings: domains, role mappings, SAML metadata and
certificates, and the addresses an identity provider needs from us."""

import re

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from organizations.roles import Role

# Addresses anyone can get: no organization may claim these domains for its sign-in.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "gmail.com",
        "gmx.com",
        "gmx.de",
        "googlemail.com",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "mail.com",
        "mail.ru",
        "me.com",
        "msn.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "qq.com",
        "web.de",
        "yahoo.com",
        "yandex.ru",
        "zoho.com",
    }
)
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")
MAX_DOMAINS = 50
MAX_RULES = 100


def email_domain(email: str) -> str:
    return (email or "").strip().rpartition("@")[2].lower()


def parse_domains(text: str) -> list[str]:
    """``"acme.com, acme.co.uk"`` (commas, spaces or lines) as a sorted list, or ValidationError."""
    domains = sorted({part.strip().lower().lstrip("@") for part in re.split(r"[\s,;]+", text or "") if part})
    if not domains:
        raise ValidationError("Enter at least one email domain, such as acme.com.")
    if len(domains) > MAX_DOMAINS:
        raise ValidationError(f"Enter at most {MAX_DOMAINS} domains.")
    bad = [domain for domain in domains if not _DOMAIN.match(domain)]
    if bad:
        raise ValidationError(f"Not an email domain: {', '.join(d[:60] for d in bad[:3])}.")
    public = [domain for domain in domains if domain in PUBLIC_MAIL_DOMAINS]
    if public:
        raise ValidationError(
            f"{', '.join(public)}: anyone can have an address there, so it cannot be an organization's."
        )
    return domains


def parse_role_mapping(text: str) -> list[dict]:
    """One rule a line, ``group value = role`` (role as its name or its label)."""
    roles = {role.value: role.value for role in Role} | {role.label.lower(): role.value for role in Role}
    rules, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        value, equals, role = line.rpartition("=")
        value, role = value.strip(), role.strip().lower()
        if not equals or not value:
            errors.append(f"Line {number}: write it as “group = role”.")
        elif len(value) > 200:
            errors.append(f"Line {number}: a group value has at most 200 characters.")
        elif role not in roles:
            errors.append(f"Line {number}: {role[:40]!r} is not a role ({', '.join(Role.values)}).")
        else:
            rules.append({"value": value, "role": roles[role]})
    if len(rules) > MAX_RULES:
        errors.append(f"Write at most {MAX_RULES} rules.")
    if errors:
        raise ValidationError(errors)
    return rules


def format_role_mapping(rules: list[dict]) -> str:
    return "\n".join(f"{rule['value']} = {rule['role']}" for rule in rules)


def mapped_role(rules: list[dict], values: list[str]) -> str | None:
    """The role of the first rule whose value the person has, else None."""
    have = set(values)
    for rule in rules:
        if rule["value"] in have:
            return rule["role"]
    return None


def claim_values(value) -> list[str]:
    """A claim or attribute as a list of strings (a single string, a list, or nothing)."""
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if isinstance(item, str | int)]
    return []


def normalize_certificate(text: str) -> str:
    """A PEM or bare base64 X.509 certificate as bare base64 (how python3-saml wants it), or
    ValidationError when it is no certificate."""
    from cryptography import x509

    body = re.sub(r"-----(BEGIN|END) CERTIFICATE-----", "", text or "")
    body = "".join(body.split())
    if not body:
        raise ValidationError("Paste the identity provider's signing certificate.")
    pem = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
    try:
        x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        raise ValidationError("This is not an X.509 certificate (PEM or base64).") from None
    return body


def parse_idp_metadata(xml: str) -> dict:
    """The entity id, sign-in URL and signing certificate from an IdP's metadata XML."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    try:
        found = OneLogin_Saml2_IdPMetadataParser.parse(xml.encode())
    except Exception:  # noqa: BLE001 - any parse failure is the same answer to the admin
        raise ValidationError("This metadata could not be read as SAML IdP metadata XML.") from None
    idp = found.get("idp") or {}
    certificate = idp.get("x509cert") or next(iter((idp.get("x509certMulti") or {}).get("signing", [])), "")
    result = {
        "entity_id": idp.get("entityId", ""),
        "sso_url": (idp.get("singleSignOnService") or {}).get("url", ""),
        "x509cert": certificate,
    }
    if not all(result.values()):
        raise ValidationError("The metadata lacks an entity id, a sign-in URL or a signing certificate.")
    return result


def provider_id_for(organization) -> str:
    """allauth's ``provider_id`` of an organization's app: the key of its people's linked
    identities, never reused by another organization (a slug could be, after a deletion)."""
    return f"lodestar-org-{organization.pk}"


def sp_addresses(request: HttpRequest, identity_provider) -> dict:
    """What the admin pastes into the identity provider."""
    from allauth.utils import build_absolute_uri

    app = identity_provider.app
    if identity_provider.protocol == identity_provider.Protocol.OIDC:
        callback = reverse("openid_connect_callback", kwargs={"provider_id": app.provider_id})
        return {"redirect_uri": build_absolute_uri(request, callback)}
    slug = app.client_id
    return {
        "entity_id": request.build_absolute_uri(reverse("saml_metadata", args=[slug])),
        "acs_url": request.build_absolute_uri(reverse("saml_acs", args=[slug])),
        "metadata_url": request.build_absolute_uri(reverse("saml_metadata", args=[slug])),
    }
