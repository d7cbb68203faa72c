from rest_framework.throttling import SimpleRateThrottle

from organizations.models import APIKey


class CallerRateThrottle(SimpleRateThrottle):
    """One budget per API key or signed-in person (not per IP: HR systems share proxies)."""

    scope = "caller"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, APIKey):
            ident = f"key-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
