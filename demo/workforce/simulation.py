"""The month-by-month simulation of a company's workforce behind the demo rosters."""

import datetime
import random
import unicodedata

from demo.workforce.companies import FIRST_NAMES, LAST_NAMES, DemoCompany
from demo.workforce.roster import (
    Person,
    RosterHistory,
    RosterRow,
    Snapshot,
    months_between,
)
from organizations.months import add_months

CEO_LEVEL = 6
HEAD_LEVEL = 5
LOWEST_MANAGER_LEVEL = 3
# How many direct reports a manager at each level takes before others are preferred.
SPAN_OF_CONTROL = {3: 6, 4: 7, 5: 8, 6: 12}
# Share of a department's non-head staff at each level, and of external hires' levels.
LEVEL_SHARES = {4: 0.08, 3: 0.18, 2: 0.30, 1: 0.44}
HIRE_LEVEL_SHARES = {1: 0.62, 2: 0.22, 3: 0.11, 4: 0.05}
# Years of service before the simulation starts, by level, for the tenured base.
BASE_TENURE_YEARS = {1: (0.1, 3.5), 2: (0.5, 6), 3: (1.5, 9), 4: (3, 12), 5: (4, 15), 6: (6, 18)}
# Ratings 1..5 on a five-point scale; "Meets expectations" (3) dominates.
RATING_WEIGHTS = {1: 0.02, 2: 0.09, 3: 0.60, 4: 0.21, 5: 0.08}
MEETS_EXPECTATIONS = 3
REVIEW_MONTH = 3
PROMOTION_MONTHS = (4, 10)
# Chance per promotion cycle for someone eligible, before the rating multiplier.
PROMOTION_CHANCE = {1: 0.08, 2: 0.055, 3: 0.04}
PROMOTION_RATING_FACTOR = {3: 1.0, 4: 1.8, 5: 2.5}
MONTHS_IN_LEVEL_BEFORE_PROMOTION = 12
VOLUNTARY_ANNUAL = 0.135
INVOLUNTARY_ANNUAL = 0.04
# People resign more after the year-end bonus and less before the holidays.
VOLUNTARY_SEASONALITY = {month: 1.2 if month <= 3 else 0.8 if month >= 10 else 1.0 for month in range(1, 13)}
TRANSFER_MONTHLY = 0.0015


def roster_history(company: DemoCompany, *, end: datetime.date) -> RosterHistory:
    """Simulate ``company`` up to ``end`` and return a snapshot every ``snapshot_every_months``.

    The first snapshot, ``company.months`` before ``end``, holds the tenured base; the last is
    dated ``end``.
    """
    return _Simulation(company, end=end).run()


class _Simulation:
    def __init__(self, company: DemoCompany, *, end: datetime.date):
        self.company = company
        self.end = end
        self.start = add_months(end, -company.months)
        self.rng = random.Random(company.seed)
        self.people: list[Person] = []
        self.by_id: dict[str, Person] = {}
        self.used_emails: set[str] = set()
        self.snapshots: list[Snapshot] = []
        self.leaver_remainder = {"voluntary": 0.0, "involuntary": 0.0}

    def run(self) -> RosterHistory:
        self._build_base()
        self._assign_managers()
        self._snapshot(self.start)
        period_start = self.start
        for month in range(1, self.company.months + 1):
            period_end = add_months(self.start, month)
            self._month(period_start, period_end)
            if month % self.company.snapshot_every_months == 0 or month == self.company.months:
                self._snapshot(period_end)
            period_start = period_end
        return RosterHistory(company=self.company, snapshots=self.snapshots, people=self.people)

    # The company at the start ------------------------------------------------------------

    def _build_base(self) -> None:
        company = self.company
        ceo = self._new_person(
            department=company.ceo_department,
            level=CEO_LEVEL,
            hire_date=self._tenured_hire_date(CEO_LEVEL),
            location=self._headquarters(),
        )
        ceo.rating = 4
        staff = company.headcount_start - 1
        for department, share in company.departments.items():
            size = max(4, round(staff * share))
            self._new_person(
                department=department,
                level=HEAD_LEVEL,
                hire_date=self._tenured_hire_date(HEAD_LEVEL),
                location=self._headquarters(),
            )
            others = size - 1
            counts = {level: round(others * share) for level, share in LEVEL_SHARES.items()}
            counts[4] = max(1, counts[4])
            counts[3] = max(1, counts[3])
            counts[1] = max(1, others - counts[4] - counts[3] - counts[2])
            for level in (4, 3, 2, 1):
                for _ in range(counts[level]):
                    self._new_person(
                        department=department,
                        level=level,
                        hire_date=self._tenured_hire_date(level),
                        location=self._location(),
                    )

    def _tenured_hire_date(self, level: int) -> datetime.date:
        shortest, longest = BASE_TENURE_YEARS[level]
        # Triangular with the mode near the short end: most people have moderate tenure.
        years = self.rng.triangular(shortest, longest, shortest + (longest - shortest) * 0.25)
        return self.start - datetime.timedelta(days=round(years * 365.25))

    # One month ----------------------------------------------------------------------------

    def _month(self, period_start: datetime.date, period_end: datetime.date) -> None:
        if period_end.month == REVIEW_MONTH:
            self._review_ratings(period_end)
        if period_end.month in PROMOTION_MONTHS:
            self._promote(period_end)
        self._leave(period_start, period_end)
        self._replace_departed_heads(period_start, period_end)
        self._transfer(period_end)
        self._hire(period_start, period_end)
        self._assign_managers()

    def _review_ratings(self, review_date: datetime.date) -> None:
        for person in self._active():
            if person.level == CEO_LEVEL or months_between(person.hire_date, review_date) < 3:
                continue
            # About half keep last year's rating; the rest are rated afresh on the usual curve.
            if person.rating is None or self.rng.random() < 0.5:
                person.rating = self._rating()

    def _promote(self, cycle_date: datetime.date) -> None:
        level_counts = self._level_counts_by_department()
        for person in self._active():
            chance = PROMOTION_CHANCE.get(person.level)
            if chance is None or (person.rating or 0) < MEETS_EXPECTATIONS:
                continue
            if months_between(person.level_since, cycle_date) < MONTHS_IN_LEVEL_BEFORE_PROMOTION:
                continue
            target = person.level + 1
            # A promotion fills a role: the upper levels stay a pyramid.
            if target in LEVEL_SHARES and level_counts[person.department].get(target, 0) >= self._level_cap(
                person.department, target
            ):
                continue
            if self.rng.random() < chance * PROMOTION_RATING_FACTOR[person.rating]:
                level_counts[person.department][person.level] -= 1
                level_counts[person.department][target] = level_counts[person.department].get(target, 0) + 1
                person.level = target
                person.level_since = cycle_date

    def _leave(self, period_start: datetime.date, period_end: datetime.date) -> None:
        """Leavers in proportion to headcount; who leaves is drawn by each person's risk.

        The counts come from the annual rates (a running remainder carries the fractions from
        month to month), so every year of the demo lands near the target rates; the draw makes
        short tenure, junior levels and low ratings the likelier leavers, as in real data.
        """
        headcount = len(self._active()) - 1  # the CEO stays
        seasonal = VOLUNTARY_SEASONALITY[period_end.month]
        for kind, annual_rate, risk in (
            ("voluntary", VOLUNTARY_ANNUAL * seasonal, self._voluntary_factor),
            ("involuntary", INVOLUNTARY_ANNUAL, self._involuntary_factor),
        ):
            self.leaver_remainder[kind] += headcount * annual_rate / 12
            count = int(self.leaver_remainder[kind])
            self.leaver_remainder[kind] -= count
            candidates = [p for p in self._active() if p.level != CEO_LEVEL]
            for person in self._weighted_sample(candidates, [risk(p, period_end) for p in candidates], count):
                person.termination_date = self._day_in(max(period_start, person.hire_date), period_end)
                person.termination_type = kind

    def _weighted_sample(self, items: list[Person], weights: list[float], count: int) -> list[Person]:
        chosen: list[Person] = []
        items, weights = list(items), list(weights)
        for _ in range(min(count, len(items))):
            index = self.rng.choices(range(len(items)), weights=weights)[0]
            chosen.append(items.pop(index))
            weights.pop(index)
        return chosen

    @staticmethod
    def _voluntary_factor(person: Person, on: datetime.date) -> float:
        tenure_months = months_between(person.hire_date, on)
        factor = {1: 1.2, 2: 1.1, 3: 0.95, 4: 0.6, 5: 0.45}[person.level]
        if tenure_months < 12:
            factor *= 1.4
        elif tenure_months > 84:
            factor *= 0.6
        if person.rating is not None and person.rating <= 2:
            factor *= 1.5
        elif person.rating == 5:
            factor *= 0.7
        return factor

    @staticmethod
    def _involuntary_factor(person: Person, on: datetime.date) -> float:
        if person.rating is None:
            return 1.2  # not through probation yet
        return {1: 8.0, 2: 3.5, 3: 0.6, 4: 0.2, 5: 0.1}[person.rating]

    def _replace_departed_heads(self, period_start: datetime.date, period_end: datetime.date) -> None:
        """A department never stays without a head: its best level-4 steps up, or one is hired."""
        for department in self.company.departments:
            if any(p.level == HEAD_LEVEL and p.department == department for p in self._active()):
                continue
            successors = [p for p in self._active() if p.department == department and p.level == 4]
            if successors:
                successor = max(successors, key=lambda p: (p.rating or 0, -p.hire_date.toordinal()))
                successor.level = HEAD_LEVEL
                successor.level_since = period_end
            else:
                self._new_person(
                    department=department,
                    level=HEAD_LEVEL,
                    hire_date=self._day_in(period_start, period_end),
                    location=self._headquarters(),
                )

    def _transfer(self, period_end: datetime.date) -> None:
        departments = list(self.company.departments)
        for person in self._active():
            if person.level > 3 or months_between(person.hire_date, period_end) < 12:
                continue
            if self.rng.random() < TRANSFER_MONTHLY:
                person.department = self.rng.choice([d for d in departments if d != person.department])

    def _hire(self, period_start: datetime.date, period_end: datetime.date) -> None:
        company = self.company
        progress = months_between(self.start, period_end) / company.months
        target = round(company.headcount_start + (company.headcount_end - company.headcount_start) * progress)
        active = self._active()
        openings = max(0, target - len(active))
        if openings and self.rng.random() < 0.3:
            openings += self.rng.choice((-1, 1))  # hiring never lands exactly on plan
        sizes = {department: 0 for department in company.departments}
        for person in active:
            sizes[person.department] += 1
        level_counts = self._level_counts_by_department()
        for _ in range(openings):
            gaps = {d: max(0.5, share * target - sizes[d]) for d, share in company.departments.items()}
            department = self.rng.choices(list(gaps), weights=list(gaps.values()))[0]
            level = self.rng.choices(list(HIRE_LEVEL_SHARES), weights=list(HIRE_LEVEL_SHARES.values()))[0]
            while level > 1 and level_counts[department].get(level, 0) >= self._level_cap(department, level):
                level -= 1
            self._new_person(
                department=department,
                level=level,
                hire_date=self._day_in(period_start, period_end),
                location=self._location(),
                rated=False,  # a new joiner has no rating until the next review
            )
            sizes[department] += 1
            level_counts[department][level] = level_counts[department].get(level, 0) + 1

    # Reporting lines ----------------------------------------------------------------------

    def _assign_managers(self) -> None:
        """Give every active person a valid manager, keeping existing ones that still are.

        Valid: active, at a higher level, in the same department (department heads report to
        the CEO). New managers are the least loaded at the lowest level that fits.
        """
        active = self._active()
        ceo = next(p for p in active if p.level == CEO_LEVEL)
        reports: dict[str, int] = {p.external_id: 0 for p in active}
        for person in active:
            if person.manager_id in reports:
                reports[person.manager_id] += 1
        for person in sorted(active, key=lambda p: (-p.level, p.external_id)):
            if person is ceo:
                continue
            manager = self.by_id.get(person.manager_id)
            if manager is not None and self._manages(manager, person, ceo):
                continue
            if manager is not None and manager.external_id in reports:
                reports[manager.external_id] -= 1
            if person.level >= HEAD_LEVEL:
                new_manager = ceo
            else:
                new_manager = self._least_loaded_manager(person, active, reports)
            person.manager_id = new_manager.external_id
            reports[new_manager.external_id] += 1

    @staticmethod
    def _manages(manager: Person, person: Person, ceo: Person) -> bool:
        if not manager.active or manager.level <= person.level:
            return False
        if person.level >= HEAD_LEVEL:
            return manager is ceo
        return manager.department == person.department

    @staticmethod
    def _least_loaded_manager(person: Person, active: list[Person], reports: dict[str, int]) -> Person:
        candidates = [
            p
            for p in active
            if p.department == person.department
            and p.level > person.level
            and LOWEST_MANAGER_LEVEL <= p.level < CEO_LEVEL
        ]
        with_room = [p for p in candidates if reports[p.external_id] < SPAN_OF_CONTROL[p.level]]
        pool = with_room or candidates
        return min(pool, key=lambda p: (p.level, reports[p.external_id], p.external_id))

    # Snapshots and helpers ----------------------------------------------------------------

    def _snapshot(self, effective_date: datetime.date) -> None:
        rows = tuple(
            RosterRow(
                external_id=person.external_id,
                name=person.name,
                email=person.email,
                department=person.department,
                level=person.level,
                location=person.location,
                manager_id=person.manager_id,
                hire_date=person.hire_date,
                performance_rating=person.rating,
                termination_date=person.termination_date,
                termination_type=person.termination_type,
            )
            for person in self.people
        )
        self.snapshots.append(Snapshot(effective_date=effective_date, rows=rows))

    def _active(self) -> list[Person]:
        return [person for person in self.people if person.active]

    def _level_counts_by_department(self) -> dict[str, dict[int, int]]:
        counts: dict[str, dict[int, int]] = {department: {} for department in self.company.departments}
        for person in self._active():
            counts[person.department][person.level] = counts[person.department].get(person.level, 0) + 1
        return counts

    def _level_cap(self, department: str, level: int) -> int:
        size = sum(1 for p in self._active() if p.department == department)
        return max(1, round(size * LEVEL_SHARES[level] * 1.25))

    def _new_person(
        self,
        *,
        department: str,
        level: int,
        hire_date: datetime.date,
        location: str,
        rated: bool = True,
    ) -> Person:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        person = Person(
            external_id=f"{self.company.id_prefix}{len(self.people) + 1:04d}",
            name=f"{first} {last}",
            email=self._email(first, last),
            department=department,
            level=level,
            location=location,
            hire_date=hire_date,
            rating=self._rating() if rated else None,
            level_since=hire_date,
        )
        self.people.append(person)
        self.by_id[person.external_id] = person
        return person

    def _email(self, first: str, last: str) -> str:
        local = ".".join(_ascii_slug(part) for part in (first, last))
        email, number = f"{local}@{self.company.email_domain}", 1
        while email in self.used_emails:
            number += 1
            email = f"{local}{number}@{self.company.email_domain}"
        self.used_emails.add(email)
        return email

    def _rating(self) -> int:
        return self.rng.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()))[0]

    def _location(self) -> str:
        locations = self.company.locations
        return self.rng.choices(list(locations), weights=list(locations.values()))[0]

    def _headquarters(self) -> str:
        return next(iter(self.company.locations))

    def _day_in(self, after: datetime.date, until: datetime.date) -> datetime.date:
        """A day in (after, until]: events of a month land before the next snapshot."""
        span = (until - after).days
        return after + datetime.timedelta(days=self.rng.randint(1, max(1, span)))


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())
