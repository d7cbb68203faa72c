from django_scopes import scopes_disabled
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator


class UnscopedIntrospectionSchemaGenerator(SchemaGenerator):
    """Builds the OpenAPI schema, which inspects views' querysets but never reads a row.

    The views' ``get_queryset`` builds lazy querysets for model introspection only, so the
    tenant scope is lifted for the generation alone.
    """

    def get_schema(self, request=None, public=False):
        with scopes_disabled():
            return super().get_schema(request=request, public=public)


class APIKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "organizations.api.authentication.APIKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An organization API key, sent as "Api-Key <key>".',
        }


# The error bodies DRF answers with, the same on every operation.
_MESSAGE = {
    "type": "object",
    "description": "What went wrong, in a sentence.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_FIELD_ERRORS = {
    "type": "object",
    "description": "The messages for each query parameter or form field that is not valid "
    "(``non_field_errors`` for the request as a whole), or ``detail`` alone when the request "
    "could not be read.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERROR_COMPONENTS = {"ErrorMessage": _MESSAGE, "FieldErrors": _FIELD_ERRORS}
_RETRY_AFTER = {"schema": {"type": "integer"}, "description": "Seconds to wait before calling again."}
_ERROR_RESPONSES = {
    "400": ("FieldErrors", "A query parameter or the body is not valid.", {}),
    "401": ("ErrorMessage", "No credentials, or an API key that is unknown or revoked.", {}),
    "403": (
        "ErrorMessage",
        "Your role may not do this (or a signed-in POST came without its CSRF token).",
        {},
    ),
    "404": ("ErrorMessage", "No such organization, object or page, or not yours: the same answer.", {}),
    "429": ("ErrorMessage", "Too many calls from this key or person.", {"Retry-After": _RETRY_AFTER}),
}
# Only where there is a body to send.
_BODY_ERROR_RESPONSES = {
    "415": ("ErrorMessage", "The body is not in one of the documented media types.", {}),
}


def _json(component: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its 400, 401, 403, 404
    and 429 answers (and 415 where it takes a body) with their JSON bodies, in this one place
    rather than on each view.

    An operation that declares a 400 body of its own (a roster load's row report) can still
    answer the generic one first, when DRF cannot read the request or a field is missing, so
    its 400 becomes either body.
    """
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_COMPONENTS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            errors = _ERROR_RESPONSES | (_BODY_ERROR_RESPONSES if "requestBody" in operation else {})
            for status, (component, description, headers) in errors.items():
                documented = {"description": description, "content": _json(component)}
                if headers:
                    documented["headers"] = headers
                own = responses.get(status)
                if own is None:
                    responses[status] = documented
                elif "content" not in own:
                    # A view that only describes the answer in words keeps its words.
                    responses[status] = {**documented, "description": own.get("description") or description}
                elif status == "400" and own["content"] != documented["content"]:
                    own_schema = own["content"]["application/json"]["schema"]
                    own["content"]["application/json"]["schema"] = {
                        "anyOf": [own_schema, documented["content"]["application/json"]["schema"]]
                    }
            # Any other refusal a view describes in words (a 413) is DRF's {"detail": ...} too.
            for status, own in responses.items():
                if status.startswith("4") and "content" not in own:
                    own["content"] = _json("ErrorMessage")
    return result
