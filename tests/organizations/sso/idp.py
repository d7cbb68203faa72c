"""Local identity providers for the single sign-on tests: no outside network.

- ``OIDCProvider``: an OpenID Connect provider served to allauth's HTTP client through a
  ``requests`` transport adapter (``install``): discovery, JWKS, the token endpoint (client
  secret and PKCE checked, RS256-signed ID tokens) and userinfo. ``authorize`` plays the
  person at the provider's sign-in page: it reads allauth's authorization request and returns
  the callback address with a code.
- ``SAMLProvider``: an identity provider's key and certificate, which reads the AuthnRequest
  allauth sends and builds a signed SAML Response (xmlsec through python3-saml) for the ACS.
"""

import base64
import datetime
import hashlib
import json
import secrets
import uuid
import zlib
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
MINUTE = datetime.timedelta(minutes=1)
_KEYS: list[rsa.RSAPrivateKey] = []


def _key(number: int = 0) -> rsa.RSAPrivateKey:
    """Test keys, made once per run (2048-bit RSA takes a while on a busy machine)."""
    while len(_KEYS) <= number:
        _KEYS.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _KEYS[number]


def other_key() -> rsa.RSAPrivateKey:
    """A key the identity provider does not publish: what it signs must be refused."""
    return _key(1)


def _certificate(key: rsa.RSAPrivateKey, name: str) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


def _pem_private(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class OIDCProvider(requests.adapters.BaseAdapter):
    def __init__(self, issuer: str, client_id: str, client_secret: str):
        super().__init__()
        self.issuer, self.client_id, self.client_secret = issuer, client_id, client_secret
        self.key = _key()
        self.signing_key = self.key  # a test swaps it to sign with a key the JWKS does not hold
        self.grants: dict[str, dict] = {}
        self.token_overrides: dict = {}
        self.requests: list[str] = []

    # --- the person at the provider -----------------------------------------------------
    def authorize(self, authorization_url: str, claims: dict) -> str:
        """The callback path and query the provider sends the browser back to."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(authorization_url).query).items()}
        assert authorization_url.startswith(f"{self.issuer}/authorize?")
        assert query["client_id"] == self.client_id and query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.grants[code] = {"query": query, "claims": claims}
        callback = urlsplit(query["redirect_uri"])
        return f"{callback.path}?{urlencode({'code': code, 'state': query['state']})}"

    # --- the provider's endpoints -------------------------------------------------------
    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        self.requests.append(url.path)
        if url.path == "/.well-known/openid-configuration":
            return self._json(request, self.discovery())
        if url.path == "/jwks":
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            return self._json(request, {"keys": [jwk | {"kid": "stub-key", "alg": "RS256", "use": "sig"}]})
        if url.path == "/token" and request.method == "POST":
            return self._token(request)
        if url.path == "/userinfo":
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            grant = next((g for g in self.grants.values() if g.get("access_token") == token), None)
            if grant is None:
                return self._json(request, {"error": "invalid_token"}, 401)
            return self._json(request, grant["claims"])
        return self._json(request, {"error": "not_found"}, 404)

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def _token(self, request):
        body = {
            k: v[0]
            for k, v in parse_qs(
                request.body if isinstance(request.body, str) else request.body.decode()
            ).items()
        }
        grant = self.grants.pop(body.get("code", ""), None)
        if (
            grant is None
            or body.get("client_id") != self.client_id
            or body.get("client_secret") != self.client_secret
        ):
            return self._json(request, {"error": "invalid_grant"}, 400)
        query = grant["query"]
        if body.get("redirect_uri") != query["redirect_uri"]:
            return self._json(request, {"error": "invalid_grant"}, 400)
        verifier = body.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if query.get("code_challenge_method") != "S256" or challenge != query.get("code_challenge"):
            return self._json(request, {"error": "invalid_grant", "error_description": "PKCE"}, 400)
        now = int(datetime.datetime.now(datetime.UTC).timestamp())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": query.get("nonce"),
        } | grant["claims"]
        claims |= self.token_overrides
        id_token = jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": "stub-key"})
        grant["access_token"] = secrets.token_urlsafe(16)
        self.grants[grant["access_token"]] = grant
        return self._json(
            request,
            {
                "access_token": grant["access_token"],
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )

    @staticmethod
    def _json(request, data, status: int = 200):
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(data).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


class SAMLProvider:
    def __init__(self, entity_id: str, sso_url: str):
        self.entity_id, self.sso_url = entity_id, sso_url
        self.key = _key()
        self.certificate = _certificate(self.key, "idp.acme.test")
        self.certificate_pem = self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    @staticmethod
    def read_request(redirect_url: str) -> dict:
        """The AuthnRequest allauth sent (HTTP-Redirect binding): its ID, ACS URL and issuer."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(redirect_url).query).items()}
        xml = zlib.decompress(base64.b64decode(query["SAMLRequest"]), -15)
        root = etree.fromstring(xml)
        ns = {"saml": "urn:oasis:names:tc:SAML:2.0:assertion"}
        return {
            "id": root.get("ID"),
            "acs_url": root.get("AssertionConsumerServiceURL"),
            "sp_entity_id": root.find("saml:Issuer", ns).text,
            "relay_state": query.get("RelayState", ""),
        }

    def response(
        self,
        authn_request: dict,
        *,
        email: str,
        attributes: dict | None = None,
        sign: bool = True,
        key=None,
        valid_for: datetime.timedelta = datetime.timedelta(minutes=5),
        issued: datetime.datetime | None = None,
        issuer: str | None = None,
    ) -> str:
        """A SAML Response for the request, base64 as the browser posts it to the ACS."""
        from onelogin.saml2.constants import OneLogin_Saml2_Constants
        from onelogin.saml2.utils import OneLogin_Saml2_Utils

        issued = issued or datetime.datetime.now(datetime.UTC)

        def at(moment):
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

        until = at(issued + valid_for)
        assertion_id, response_id = f"_{uuid.uuid4().hex}", f"_{uuid.uuid4().hex}"
        values = "".join(
            f'<saml:Attribute Name="{name}">'
            + "".join(f"<saml:AttributeValue>{value}</saml:AttributeValue>" for value in vals)
            + "</saml:Attribute>"
            for name, vals in ({"email": [email]} | (attributes or {})).items()
        )
        assertion = (
            f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{assertion_id}" '
            f'Version="2.0" IssueInstant="{at(issued)}">'
            f"<saml:Issuer>{issuer or self.entity_id}</saml:Issuer>"
            "<saml:Subject>"
            f'<saml:NameID Format="{EMAIL_FORMAT}">{email}</saml:NameID>'
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{until}" Recipient="{authn_request["acs_url"]}" '
            f'InResponseTo="{authn_request["id"]}"/>'
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{at(issued - MINUTE)}" NotOnOrAfter="{until}">'
            f"<saml:AudienceRestriction><saml:Audience>{authn_request['sp_entity_id']}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{at(issued)}" SessionIndex="{assertion_id}">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{values}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        if sign:
            assertion = OneLogin_Saml2_Utils.add_sign(
                assertion,
                _pem_private(key or self.key),
                self.certificate_pem,
                sign_algorithm=OneLogin_Saml2_Constants.RSA_SHA256,
                digest_algorithm=OneLogin_Saml2_Constants.SHA256,
            )
            if isinstance(assertion, bytes):
                assertion = assertion.decode()
            assertion = assertion.split("?>", 1)[-1] if assertion.startswith("<?xml") else assertion
        response = (
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{response_id}" Version="2.0" '
            f'IssueInstant="{at(issued)}" Destination="{authn_request["acs_url"]}" '
            f'InResponseTo="{authn_request["id"]}">'
            f"<saml:Issuer>{issuer or self.entity_id}</saml:Issuer>"
            f'<samlp:Status><samlp:StatusCode Value="{SUCCESS}"/></samlp:Status>'
            f"{assertion}</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()


def idp_metadata(provider: SAMLProvider) -> str:
    """The provider's metadata XML, as an admin would paste it."""
    body = "".join(provider.certificate_pem.strip().splitlines()[1:-1])
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{provider.entity_id}">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>'
        f"<ds:X509Certificate>{body}</ds:X509Certificate>"
        "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location="{provider.sso_url}"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )
