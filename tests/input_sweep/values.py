"""The hostile values the sweep sends, and which of them suit which kind of field.

Each is something a careless person or an attacker can type or send, that a page or the API
must refuse with a form error or a 400 (or accept harmlessly) and never answer with a 500:
oversized text and numbers, the NUL character (PostgreSQL cannot store it), and dates at the
ends of time (PostgreSQL keeps year 1 in a time zone east of UTC as 1 BC, which Python cannot
read back; year 9999 overflows as soon as a duration or a time zone is added).
"""

LONG = "x" * 10_000
NUL = "a\x00b"
HUGE = "9" * 5_000  # more digits than Python reads from a string
BIG = "9" * 30  # reads as a number, too big for any database integer
NEGATIVE = "-1"
HUGE_NEGATIVE = "-" + "9" * 30
EXPONENT = "1e999999"
NOT_AN_OPTION = "not-an-option"

FAR_PAST_DATE = "0001-01-01"
FAR_FUTURE_DATE = "9999-12-31"
FAR_PAST_MOMENTS = ("0001-01-01T00:10", "0001-01-01 00:10")
FAR_FUTURE_MOMENTS = ("9999-12-31T23:30", "9999-12-31 23:30")
FAR_MONTHS = ("0001-01", "9999-12")

TEXT = (LONG, NUL)
DATES = (FAR_PAST_DATE, FAR_FUTURE_DATE)
MOMENTS = (*FAR_PAST_MOMENTS, *FAR_FUTURE_MOMENTS)
NUMBERS = (HUGE, BIG, HUGE_NEGATIVE, EXPONENT)

# One of each kind: a whole form, or every query parameter, set to one of them at a time (a
# date-and-time box gets both spellings of each moment on its own).
EVERY = (
    LONG,
    NUL,
    FAR_PAST_DATE,
    FAR_PAST_MOMENTS[1],
    FAR_FUTURE_DATE,
    FAR_FUTURE_MOMENTS[0],
    HUGE,
    BIG,
    NEGATIVE,
)
# A plain text box may hold a date or a number the server parses.
ANY_TEXT = (LONG, NUL, FAR_PAST_DATE, FAR_PAST_MOMENTS[1], FAR_FUTURE_DATE, HUGE)

# What one field is tried with, by the kind of input that shows it.
BY_KIND = {
    "textarea": TEXT,
    "text": ANY_TEXT,
    "search": ANY_TEXT,
    "email": TEXT,
    "url": TEXT,
    "tel": TEXT,
    "password": TEXT,
    "date": (*DATES, FAR_PAST_MOMENTS[1], *TEXT),
    "datetime-local": (*MOMENTS, *DATES, *TEXT),
    "month": (*FAR_MONTHS, *DATES, *TEXT),
    "week": (*DATES, *TEXT),
    "time": (*TEXT, HUGE),
    "number": (*NUMBERS, *TEXT),
    "range": (*NUMBERS, *TEXT),
    # Choices: a value that is not one of them, and ids too big to read or to look up.
    "choice": (NOT_AN_OPTION, HUGE, BIG, *TEXT),
    # Hidden fields (ids, "next" addresses) other than the CSRF token.
    "hidden": (HUGE, BIG, *TEXT),
}

# Files: a name no file system takes, a NUL in the name, and a body of NUL and oversized text.
FILES = (
    ("x" * 1_000 + ".csv", b"name\nsweep\n"),
    ("a\x00b.csv", b"name\nsweep\n"),
    ("sweep.csv", b"name,level\n" + b"a\x00b," + HUGE.encode() + b"\n"),
    ("sweep.csv", LONG.encode()),
)


def label(value) -> str:
    """A short name for a value in a failure message."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(value)} chars)"
