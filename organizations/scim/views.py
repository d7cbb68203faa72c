"""The SCIM 2.0 endpoints under /scim/v2/ (RFC 7644 §3).

DRF views rather than django-scim2: that library serves one tenant (its resources map onto
the user model with a single ``scim_id``/``externalId`` for every organization, it filters
with ``.raw()`` SQL and narrows tenants in Python after loading every match, and it expects a
signed-in Django user rather than an organization's token). Here every request belongs to the
organization of its bearer token: ``initial()`` opens that organization's scope, the reads
filter by it, and another organization's ids answer 404 like missing ones. The filter
grammar is parsed by scim2-filter-parser (the library django-scim2 uses).
"""

import json
from contextlib import ExitStack

from django.db import transaction
from django.http import HttpResponse
from rest_framework import exceptions, parsers, renderers
from rest_framework.views import APIView

from organizations.api.throttling import CallerRateThrottle
from organizations.roles import Role
from organizations.scim import discovery, protocol, selectors, services
from organizations.scim.authentication import ScimTokenAuthentication
from organizations.scim.patch import apply_patch, operations_of, user_input
from organizations.scim.protocol import CONTENT_TYPE, MAX_RESULTS, ScimError
from organizations.tenancy import organization_scope


class ScimJSONParser(parsers.JSONParser):
    media_type = CONTENT_TYPE


class ScimJSONRenderer(renderers.JSONRenderer):
    media_type = CONTENT_TYPE
    format = "scim"


def scim_response(body: dict | None, status: int = 200, *, location: str = "") -> HttpResponse:
    response = HttpResponse(
        json.dumps(body) if body is not None else b"", status=status, content_type=CONTENT_TYPE
    )
    if location:
        response["Location"] = location
    return response


class ScimView(APIView):
    authentication_classes = [ScimTokenAuthentication]
    permission_classes: list = []
    throttle_classes = [CallerRateThrottle]
    parser_classes = [ScimJSONParser, parsers.JSONParser]
    renderer_classes = [ScimJSONRenderer]
    # Not part of the REST API's OpenAPI document: SCIM describes itself (/Schemas, /ResourceTypes).
    schema = None

    def dispatch(self, request, *args, **kwargs):
        with ExitStack() as stack:
            self._tenant_scope = stack
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.auth is None:
            raise exceptions.NotAuthenticated(
                "Send the organization's SCIM token: Authorization: Bearer <token>."
            )
        self.token = request.auth
        self.organization = request.auth.organization
        self._tenant_scope.enter_context(organization_scope(self.organization))

    def handle_exception(self, exc):
        if isinstance(exc, ScimError):
            return scim_response(exc.body(), exc.status)
        if isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
            response = scim_response(ScimError(401, str(exc.detail)).body(), 401)
            response["WWW-Authenticate"] = ScimTokenAuthentication().authenticate_header(self.request)
            return response
        if isinstance(exc, exceptions.ParseError):
            return scim_response(ScimError(400, str(exc.detail), "invalidSyntax").body(), 400)
        if isinstance(exc, exceptions.UnsupportedMediaType):
            return scim_response(ScimError(400, f"Send {CONTENT_TYPE}.", "invalidSyntax").body(), 400)
        if isinstance(exc, exceptions.Throttled):
            response = scim_response(ScimError(429, "Too many requests; try again shortly.").body(), 429)
            if exc.wait:
                response["Retry-After"] = str(int(exc.wait) + 1)
            return response
        if isinstance(exc, exceptions.MethodNotAllowed):
            return scim_response(ScimError(405, str(exc.detail)).body(), 405)
        if isinstance(exc, exceptions.APIException):
            return scim_response(ScimError(exc.status_code, str(exc.detail)).body(), exc.status_code)
        raise exc

    def body(self) -> dict:
        data = self.request.data
        if not isinstance(data, dict):
            raise ScimError(400, "Send a JSON object.", "invalidSyntax")
        return data


def _paging(query) -> tuple[int, int]:
    """``startIndex`` (1-based; below 1 counts as 1) and ``count`` (0 to MAX_RESULTS), RFC 7644 §3.4.2.4."""
    try:
        start = int(query.get("startIndex") or 1)
        count = int(query.get("count") if query.get("count") not in (None, "") else MAX_RESULTS)
    except ValueError:
        raise ScimError(400, "startIndex and count are whole numbers.", "invalidValue") from None
    return max(start, 1), min(max(count, 0), MAX_RESULTS)


class UsersView(ScimView):
    def get(self, request):
        users = selectors.scim_users(self.organization)
        if request.query_params.get("filter"):
            users = users.filter(selectors.user_filter(request.query_params["filter"]))
        start, count = _paging(request.query_params)
        total = users.count()
        page = list(users[start - 1 : start - 1 + count]) if count else []
        return scim_response(
            protocol.list_response([protocol.user_resource(u) for u in page], total=total, start=start)
        )

    def post(self, request):
        data = user_input(self.body())
        user = services.scim_user_create(organization=self.organization, token=self.token, data=data)
        resource = protocol.user_resource(selectors.scim_user_get(self.organization, str(user.pk)))
        return scim_response(resource, 201, location=resource["meta"]["location"])


class UserView(ScimView):
    def get(self, request, user_id):
        return self._answer(selectors.scim_user_get(self.organization, user_id))

    def put(self, request, user_id):
        user = selectors.scim_user_get(self.organization, user_id)
        data = user_input(self.body())
        services.scim_user_update(organization=self.organization, token=self.token, user=user, data=data)
        return self._answer(selectors.scim_user_get(self.organization, user_id))

    def patch(self, request, user_id):
        operations = operations_of(self.body())
        with transaction.atomic():
            user = selectors.scim_user_get(self.organization, user_id)
            patched = apply_patch(protocol.user_resource(user), operations)
            services.scim_user_update(
                organization=self.organization, token=self.token, user=user, data=user_input(patched)
            )
        return self._answer(selectors.scim_user_get(self.organization, user_id))

    def delete(self, request, user_id):
        user = selectors.scim_user_get(self.organization, user_id)
        services.scim_user_delete(organization=self.organization, token=self.token, user=user)
        return scim_response(None, 204)

    @staticmethod
    def _answer(user) -> HttpResponse:
        resource = protocol.user_resource(user)
        return scim_response(resource, location=resource["meta"]["location"])


def _without_members(query) -> bool:
    excluded = {a.strip().lower() for a in (query.get("excludedAttributes") or "").split(",")}
    attributes = {a.strip().lower() for a in (query.get("attributes") or "").split(",") if a.strip()}
    return "members" in excluded or bool(attributes and "members" not in attributes)


class GroupsView(ScimView):
    def get(self, request):
        roles = selectors.groups_matching(request.query_params.get("filter"))
        start, count = _paging(request.query_params)
        page = roles[start - 1 : start - 1 + count]
        members = None if _without_members(request.query_params) else selectors.group_members(page)
        resources = [protocol.group_resource(role, members[role] if members else None) for role in page]
        return scim_response(protocol.list_response(resources, total=len(roles), start=start))

    def post(self, request):
        name = str(self.body().get("displayName") or "")
        existing = selectors.groups_matching(f'displayName eq "{name.replace(chr(34), "")}"') if name else []
        if existing:
            raise ScimError(
                409, f"The group {name!r} exists (id {existing[0]}): link to it instead.", "uniqueness"
            )
        raise ScimError(
            501,
            "Groups are Lodestar's roles and cannot be created; link your groups to: "
            + ", ".join(f"{Role(r).label} (id {r})" for r in Role.values)
            + ".",
        )


class GroupView(ScimView):
    def get(self, request, group_id):
        role = selectors.role_for_group_id(group_id)
        members = None if _without_members(request.query_params) else selectors.group_members([role])[role]
        return self._answer(role, members)

    def put(self, request, group_id):
        role = selectors.role_for_group_id(group_id)
        body = self.body()
        self._same_name(role, body.get("displayName"))
        services.scim_group_change(
            organization=self.organization,
            token=self.token,
            role=role,
            replace=_member_ids(body.get("members") or []),
        )
        return self._answer(role, selectors.group_members([role])[role])

    def patch(self, request, group_id):
        role = selectors.role_for_group_id(group_id)
        with transaction.atomic():
            for operation in operations_of(self.body()):
                self._apply(role, operation)
        # 204 rather than the group: a role may hold thousands of members (RFC 7644 §3.5.2).
        return scim_response(None, 204)

    def delete(self, request, group_id):
        selectors.role_for_group_id(group_id)
        raise ScimError(501, "Groups are Lodestar's roles and cannot be deleted.")

    def _apply(self, role: str, operation: dict) -> None:
        op, path, value = operation["op"], (operation.get("path") or "").strip(), operation.get("value")
        change = {"organization": self.organization, "token": self.token, "role": role}
        if not path:
            # Okta renames with {"op": "replace", "value": {"id": …, "displayName": …}}; Azure may
            # send {"op": "add", "value": {"members": […]}}.
            if not isinstance(value, dict):
                raise ScimError(400, "Without a path, value is an object of attributes.", "invalidValue")
            self._same_name(role, value.get("displayName"))
            if "members" in value:
                ids = _member_ids(value["members"])
                services.scim_group_change(
                    **change, **({"replace": ids} if op == "replace" else {"add": ids})
                )
            return
        lowered = path.lower()
        if lowered == "displayname":
            if op == "remove":
                raise ScimError(400, "displayName cannot be removed.", "mutability")
            self._same_name(role, value)
            return
        if lowered == "members":
            if op == "remove":
                if value is None:
                    services.scim_group_change(**change, replace=[])
                else:
                    services.scim_group_change(**change, remove=_member_ids(value))
            elif op == "add":
                services.scim_group_change(**change, add=_member_ids(value))
            else:
                services.scim_group_change(**change, replace=_member_ids(value))
            return
        selected = selectors.member_path_ids(path)
        if selected is not None and op == "remove":
            services.scim_group_change(**change, remove=selected)
            return
        raise ScimError(
            400,
            f'A Group\'s path is members, members[value eq "…"] or displayName, not {path!r}.',
            "invalidPath",
        )

    @staticmethod
    def _same_name(role: str, name) -> None:
        if name is not None and str(name).strip().lower() not in {role, Role(role).label.lower()}:
            raise ScimError(
                400, f"Groups are Lodestar's roles; this one is called {Role(role).label!r}.", "mutability"
            )

    @staticmethod
    def _answer(role, members) -> HttpResponse:
        resource = protocol.group_resource(role, members)
        return scim_response(resource, location=resource["meta"]["location"])


def _member_ids(value) -> list[str]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(m, dict) and "value" in m for m in value):
        raise ScimError(400, 'members is a list of {"value": "<User id>"}.', "invalidValue")
    return [str(m["value"]) for m in value]


class ServiceProviderConfigView(ScimView):
    def get(self, request):
        return scim_response(discovery.service_provider_config())


class ResourceTypesView(ScimView):
    def get(self, request, name=None):
        if name is None:
            types = discovery.resource_types()
            return scim_response(protocol.list_response(types, total=len(types), start=1))
        return scim_response(discovery.resource_type(name))


class SchemasView(ScimView):
    def get(self, request, urn=None):
        if urn is None:
            schemas = discovery.schemas()
            return scim_response(protocol.list_response(schemas, total=len(schemas), start=1))
        return scim_response(discovery.schema(urn))


class NotFoundView(ScimView):
    """Anything else under /scim/v2/: the SCIM 404 (after the token is checked)."""

    def get(self, request, rest=""):
        raise ScimError(
            404, "No such SCIM endpoint: /Users, /Groups, /ServiceProviderConfig, /ResourceTypes, /Schemas."
        )

    post = put = patch = delete = get
