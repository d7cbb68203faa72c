"""Where a program's pages lead to its class: a hook the cohorts app fills in.

Programs sit below cohorts (docs/product.md), so a program page cannot read the class itself.
The cohorts app registers a reader at start-up (``CohortsConfig.ready()``)::

    register_class_link_reader(program_class_link)   # (organization slug, program) -> ClassLink | None

and the program pages' views call ``class_link`` before rendering (templates never query:
tests/test_page_budget.py). A start-up check (``programs.E005``) fails when none is registered,
so the pages do not silently lose the way to their class.
"""

from collections.abc import Callable
from dataclasses import dataclass

from programs.models import Program


@dataclass(frozen=True)
class ClassLink:
    url: str
    exists: bool  # the class exists (else the link starts one)


ClassLinkReader = Callable[[str, Program], ClassLink | None]

_reader: list[ClassLinkReader] = []


def register_class_link_reader(reader: ClassLinkReader) -> None:
    _reader[:] = [reader]


def class_link_reader_is_registered() -> bool:
    return bool(_reader)


def class_link(org_slug: str, program: Program) -> ClassLink | None:
    """The program's class once it exists; the page to start one while the program takes or
    weighs applications; None for a draft or a program that ended without a class."""
    return _reader[0](org_slug, program) if _reader else None
