"""OpenID Connect's callback, with the ID token's signature always checked.

allauth skips the signature of an ID token it fetched itself from the token endpoint (OpenID
Connect Core 3.1.3.7 allows it: TLS vouches for the sender). Lodestar checks it anyway against
the keys the issuer publishes (its JWKS), besides the issuer, audience and expiry allauth
checks: the issuer is typed in by an organization's admin, and a token that verifies is
evidence that does not rest on one connection. Served at allauth's own callback address
(organizations/sso/urls.py comes before allauth's in config/urls.py).
"""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest


class SignatureCheckingAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def did_fetch_access_token(self) -> bool:
        # allauth verifies the signature when it did not fetch the token itself.
        return False

    @did_fetch_access_token.setter
    def did_fetch_access_token(self, value: bool) -> None:
        pass


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
