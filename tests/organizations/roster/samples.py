"""Roster CSV files for tests, written the way HR systems write them."""

HEADER = (
    "external_id,name,email,department,level,location,manager_id,hire_date,"
    "performance_rating,termination_date,termination_type"
)

VALID_ROWS = (
    "E1,Grace Hopper,grace@acme.test,Engineering,7,Amsterdam,,2012-09-03,5,,",
    "E2,Ada Lovelace,ada@acme.test,Engineering,4,Amsterdam,E1,2021-03-15,Exceeds expectations,,",
    "E3,Alan Turing,alan@acme.test,Research,3,London,E1,2019-01-07,3,,",
)


def roster_csv(*rows: str, header: str = HEADER, newline: str = "\n") -> bytes:
    """A UTF-8 roster file from a header and data lines."""
    return newline.join([header, *rows]).encode("utf-8") + newline.encode()


def valid_roster() -> bytes:
    return roster_csv(*VALID_ROWS)


def big_roster(count: int, *, department: str = "Engineering", level: int = 2) -> bytes:
    """``count`` people: E0 leads, everyone else reports to the one before them in groups of ten."""
    rows = []
    for n in range(count):
        manager = "" if n == 0 else f"E{(n - 1) // 10 * 10}"
        if n % 10 == 0 and n:
            manager = "E0"
        rows.append(
            f"E{n},Person {n},person{n}@acme.test,{department},{level},Amsterdam,{manager},"
            f"2020-01-{1 + n % 28:02d},3,,"
        )
    return roster_csv(*rows)
