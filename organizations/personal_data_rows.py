"""The rows of several querysets in one query: what the personal-data page reads
(organizations/personal_data.py), one section per registered queryset, in a single UNION ALL
instead of a query per section (issue 17: a page costs the same few queries however many apps
hold something about the person).

Each section's ``values_list(*fields)`` becomes one branch of the union. The branches need the
same columns, so every section's fields get a column of their own, and each branch fills the
other sections' columns with NULL cast to those columns' types (PostgreSQL types a bare NULL
as text when it meets it first, then refuses to unite text with a timestamp). Two more columns
say whose row it is and where it stands: the section's index, and its rank in the section's
own ordering (a branch of a union may not be ordered itself). A ``distinct()`` section keeps
its meaning: equal rows get the same dense rank, so DISTINCT still folds them.
"""

from collections.abc import Sequence

from django.db.models import F, OrderBy, QuerySet, Value
from django.db.models.expressions import Window
from django.db.models.functions import Cast, DenseRank

SECTION = "pd_section"
RANK = "pd_rank"


def _column(section: int, index: int) -> str:
    return f"pd_{section}_{index}"


def _ordering(queryset: QuerySet) -> list[OrderBy]:
    """The queryset's own ordering (its ``order_by()``, else its model's default) as
    expressions, then the primary key to break ties unless the rows are distinct values (a
    tie-break by key would tell apart rows DISTINCT must fold). Random ordering ("?") is
    dropped: a section has no reason to shuffle."""
    query = queryset.query
    names = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    ordering = []
    for name in [*names, *([] if query.distinct else ["pk"])]:
        if isinstance(name, str):
            if name == "?":
                continue
            ordering.append(F(name[1:]).desc() if name.startswith("-") else F(name).asc())
        else:
            ordering.append(name if isinstance(name, OrderBy) else name.asc())
    return ordering


def rows_of_sections(sections: Sequence[tuple[QuerySet, Sequence[str]]]) -> list[list[list[object]]]:
    """For each ``(queryset, fields)``, the rows ``queryset.values_list(*fields)`` would give,
    in its order, as lists: all of them read in one query."""
    if not sections:
        return []
    columns = [
        queryset.annotate(**{_column(s, i): F(path) for i, path in enumerate(fields)})
        for s, (queryset, fields) in enumerate(sections)
    ]
    types = {
        name: expression.output_field
        for annotated in columns
        for name, expression in annotated.query.annotations.items()
        if name.startswith("pd_")
    }
    names = [_column(s, i) for s, (_, fields) in enumerate(sections) for i in range(len(fields))]
    branches = []
    for s, annotated in enumerate(columns):
        own = {_column(s, i) for i in range(len(sections[s][1]))}
        branches.append(
            annotated.annotate(
                **{name: Cast(Value(None), output_field=types[name]) for name in names if name not in own},
                **{SECTION: Value(s), RANK: Window(DenseRank(), order_by=_ordering(sections[s][0]))},
            )
            .order_by()
            .values_list(SECTION, RANK, *names)
        )
    found: list[list[list[object]]] = [[] for _ in sections]
    union = branches[0].union(*branches[1:], all=True).order_by(SECTION, RANK)
    for section, _rank, *values in union:
        fields = sections[section][1]
        start = sum(len(other[1]) for other in sections[:section])
        found[section].append(values[start : start + len(fields)])
    return found
