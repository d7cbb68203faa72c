"""Checking the free text people type into project-team forms, one way for every service."""

from cohorts.teams.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH


def clean_text(
    value,
    field: str,
    label: str,
    errors: dict[str, list[str]],
    *,
    required: bool = True,
    max_length: int = TEXT_MAX_LENGTH,
) -> str:
    """``value`` stripped; a problem is added to ``errors[field]`` in words for the person."""
    text = (value if isinstance(value, str) else "").strip()
    if required and not text:
        errors.setdefault(field, []).append(f"Say {label}.")
    elif len(text) > max_length:
        errors.setdefault(field, []).append(
            f"Keep {label} to {max_length:,} characters (this one has {len(text):,})."
        )
    return text


def clean_title(value, field: str, errors: dict[str, list[str]], *, label: str = "the title") -> str:
    return clean_text(value, field, label, errors, max_length=TITLE_MAX_LENGTH)
