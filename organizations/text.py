"""Small pieces of English that several apps write into pages and messages."""

from collections.abc import Iterable


def join_names(names: Iterable[str], *, conjunction: str = "and") -> str:
    """``"Ada"``, ``"Ada and Grace"``, ``"Ada, Grace and Linus"``: names as a sentence reads them.

    ``conjunction="or"`` gives ``"Sales, Legal or Finance"`` for alternatives.
    """
    items = [str(name) for name in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
