"""What an uploaded document may be: its size and its type, checked by extension *and* by the
first bytes, so a renamed executable is refused as firmly as a too-big slide deck.

The declared size is checked before a byte is read. Each feature that takes files passes its
own limit (learning-session materials, project-team files).
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

_ZIP = (b"PK\x03\x04",)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    signatures: tuple[bytes, ...] | None  # None: plain text, checked as UTF-8


ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", "application/pdf", (b"%PDF-",)),
    ".pptx": FileType(
        "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP
    ),
    ".docx": FileType(
        "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP
    ),
    ".xlsx": FileType("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".png": FileType("PNG image", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("JPEG image", "image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("JPEG image", "image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": FileType("text", "text/plain; charset=utf-8", None),
    ".md": FileType("Markdown", "text/markdown; charset=utf-8", None),
}
ALLOWED_LABEL = (
    "PDF, PowerPoint (.pptx), Word (.docx), Excel (.xlsx), PNG, JPEG, text (.txt) or Markdown (.md)"
)
ACCEPT_ATTRIBUTE = ",".join(sorted(ALLOWED_TYPES))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may cut a multi-byte character in two at its end.
        return error.start >= len(head) - 3
    return True


def file_problem(upload: UploadedFile, *, max_bytes: int) -> str | None:
    """Why this upload can't be accepted, in words for the person; None when fine."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    kind = ALLOWED_TYPES.get(suffix)
    if kind is None:
        return f"“{name}” is not a file type we accept. Upload a {ALLOWED_LABEL} file."
    if upload.size is None or upload.size == 0:
        return f"“{name}” is empty."
    if upload.size > max_bytes:
        return (
            f"“{name}” is {human_size(upload.size)}; files can be at most {human_size(max_bytes)}. "
            "Compress it or share a link instead."
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    matches = _looks_like_text(head) if kind.signatures is None else head.startswith(kind.signatures)
    if not matches:
        return f"“{name}” does not look like a {kind.label} file. Check the file and upload it again."
    return None


def content_type_for(filename: str) -> str:
    kind = ALLOWED_TYPES.get(PurePath(filename).suffix.lower())
    return kind.content_type if kind else "application/octet-stream"
