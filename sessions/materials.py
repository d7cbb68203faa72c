"""What a learning-session file may be: the organization-wide upload rules
(``organizations/documents.py``) with the session-material size limit."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from organizations.documents import (  # noqa: F401 - the names this module has always offered
    ACCEPT_ATTRIBUTE,
    ALLOWED_LABEL,
    ALLOWED_TYPES,
    FileType,
    content_type_for,
    human_size,
)
from organizations.documents import file_problem as _file_problem


def max_bytes() -> int:
    return settings.SESSION_MATERIAL_MAX_BYTES


def file_problem(upload: UploadedFile) -> str | None:
    """Why this upload can't be a session material, in words for the person; None when fine."""
    return _file_problem(upload, max_bytes=max_bytes())
