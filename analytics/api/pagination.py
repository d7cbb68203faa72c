"""Cursor pagination over a list a selector has already returned (months, programs).

The selectors compute a whole period in a fixed number of queries, so a page is a slice; the
cursor is an opaque token naming the page's first position, which a client only follows from
``next`` / ``previous`` and cannot use to skip the validation of the filters.
"""

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

T = TypeVar("T")

CURSOR = "cursor"
PAGE_SIZE = "page_size"


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def decode_cursor(token: str) -> int | None:
    if len(token) > 40:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    # isascii too: "²".isdigit() is true and int("²") raises.
    if not text.startswith("p") or not (text[1:].isascii() and text[1:].isdigit()):
        return None
    return int(text[1:])


class ListCursorPage:
    """Reads ``cursor`` and ``page_size`` from the query; ``errors`` holds what was wrong with them."""

    def __init__(self, request: Request, *, default_size: int, max_size: int):
        self.request = request
        self.max_size = max_size
        self.errors: dict[str, list[str]] = {}
        self.size = default_size
        raw_size = request.query_params.get(PAGE_SIZE, "")
        if raw_size:
            if (
                raw_size.isascii()
                and raw_size.isdigit()
                and len(raw_size) <= 6
                and 1 <= int(raw_size) <= max_size
            ):
                self.size = int(raw_size)
            else:
                self.errors[PAGE_SIZE] = [f"Choose a whole number from 1 to {max_size}."]
        self.start = 0
        raw_cursor = request.query_params.get(CURSOR, "")
        if raw_cursor:
            position = decode_cursor(raw_cursor)
            if position is None:
                self.errors[CURSOR] = ["This cursor is not one this API gave out; start without it."]
            else:
                self.start = position

    def slice(self, items: Sequence[T]) -> list[T]:
        """The page of ``items``; a cursor past the end gives an empty page, not an error."""
        self.total = len(items)
        return list(items[self.start : self.start + self.size])

    def _link(self, position: int) -> str:
        url = self.request.build_absolute_uri()
        if position <= 0:
            return remove_query_param(url, CURSOR)
        return replace_query_param(url, CURSOR, encode_cursor(position))

    @property
    def next(self) -> str | None:
        end = self.start + self.size
        return self._link(end) if end < self.total else None

    @property
    def previous(self) -> str | None:
        return self._link(max(self.start - self.size, 0)) if self.start > 0 else None
