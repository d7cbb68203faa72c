"""What the analytics endpoints say in the OpenAPI schema: the definitions of docs/definitions.md."""

COMMON = """
**Numbers only.** No name, note or free text: groups are codes, departments the roster's
department labels, programs ids.

**Small groups are suppressed.** A figure about fewer people than the organization's minimum
group size (default 5, under Settings) is `null`, and its row has `"suppressed": true`. When one
part of a breakdown is hidden, the next smallest is hidden too, so no hidden figure can be worked
out from a total. A comparison group is hidden wherever its participants are: drawn k per
participant, its size would count them. A `null` in a row that is not suppressed is *undefined*
(an empty denominator, a twelve-month window not over yet).

**Figures come from facts** rebuilt nightly and after every roster load; `as_of` is the day
they count up to (see `/analytics/status/`).

**Filters** (query parameters, all optional): `program` and `cohort` (ids), `department`,
`level`, `start` and `end` (months, `YYYY-MM`), `role` (`mentee` or `mentor`). A bad value gets
a 400 with the field and what is wrong. A program manager signed in to the browser must name a
`program`; admins, HR analysts and API keys see the whole organization.
""".strip()

HEADCOUNT = (
    "A person is **in the headcount on day D** when hired on or before D and not terminated on "
    "or before D. A separation in month M is a termination date in M, voluntary or involuntary as "
    "the roster says."
)

ATTRITION = f"""
Monthly headcount, hires, separations and turnover of participants, their comparison group,
non-participants and everyone, one row per group (and segment, with `by`) per month.

{HEADCOUNT}

**Monthly turnover** = separations in the month ÷ ((headcount on the last day of the month before
+ headcount on the last day of the month) ÷ 2); voluntary and involuntary use the same
denominator. **Annualized** = the sum of the monthly rates × 12 ÷ the number of months (over
twelve months, the annual turnover). Rates are fractions (0.05 = 5 %).

The period defaults to the twelve complete months before `as_of`; `start`/`end` choose months
(at most ten years). `by=department` or `by=level` adds a row per segment. Pages hold every
group's rows for `page_size` months (default 12, at most 60); follow `next`.

{COMMON}
""".strip()

RETENTION = f"""
Twelve-month retention of participants, comparison group and non-participants, pooled over the
selected cohorts whose first twelve months have ended.

**Retention over [A, B]** = people in the headcount on A still in it on B ÷ the headcount on A,
with A each cohort's start day and B twelve months later. Someone hired after A counts in
neither. Voluntary and involuntary attrition divide that window's leavers of each type by the
headcount on A. The period keeps cohorts that started within it.

{HEADCOUNT}

{COMMON}
""".strip()

CURVES = f"""
Kaplan–Meier retention curves since each cohort's start for participants and their comparison
group, with pointwise 95 % confidence bands (Greenwood variance, log(−log) transformed), the
number at risk at each step and a log-rank test of equal survival.

Time runs from the cohort's start day to the termination date; people still employed are
censored at the last day the data covers (`censored_at`). `event=voluntary` follows voluntary
separations only (others end follow-up as censored). A curve's steps stop before fewer than the
minimum group size are still followed.

Participants chose to apply: this is not a randomized trial, and the comparison group removes
only the differences the roster shows (department, level, tenure).

{COMMON}
""".strip()

ENGAGEMENT = f"""
Mentoring activity of the selected cohorts by month: active pairs, pairs that met, meetings
held and per pair, learning sessions and attendance, relationship check-ins (numbers only, never
the comments), and goal completion as it stands.

**Meetings per pair per month** over the period = meetings held ÷ the sum over months of active
pairs. Department and level do not apply (pairs cross departments by design). Pages as for
attrition.

{COMMON}
""".strip()

TALENT = f"""
Promotions (the level rose at least once) and internal moves (the department changed at least
once) within twelve months of each cohort's start, per group, over the cohorts whose twelve
months have ended.

{COMMON}
""".strip()

PURPOSE = f"""
Each program's purpose target next to its measured figure, in percent: the twelve-month
voluntary attrition for a retention purpose, twelve-month retention for engagement, inclusion,
onboarding and knowledge transfer, the twelve-month promotion rate for a leadership pipeline;
nothing for a custom purpose. The same figure for the comparison group and non-participants.
`null` until the cohort's first twelve months have ended. One row per program, newest first.

{COMMON}
""".strip()

STATUS = """
When the figures were last rebuilt, the day they count up to, the months they cover, and the
departments, levels and cohorts they hold: the values the filters accept.
""".strip()
