"""Which roster people stand behind the demo accounts."""

from collections.abc import Sequence

from demo.workforce.roster import Person, RosterHistory, months_between
from demo.workforce.simulation import HEAD_LEVEL, MEETS_EXPECTATIONS

PERSONAS = ("admin", "manager", "hr", "leader", "mentee", "mentor")


def pick_personas(history: RosterHistory, roles: Sequence[str]) -> dict[str, Person]:
    """Roster people for the demo accounts, by role key, all still employed at the end.

    ``admin`` heads the people department, ``manager`` (program manager) and ``hr`` work in
    it, ``leader`` heads the leader department. ``mentee`` is a junior with 18+ months'
    tenure and a rating of at least "Meets expectations"; ``mentor`` is two or more levels
    above the mentee, in another department, with three years' tenure and a good rating, so
    the pair passes the default eligibility rules and the matching's favourite criteria.
    """
    company, end = history.company, history.end_date
    active = [p for p in history.people if p.active]
    picked: dict[str, Person] = {}

    def tenure(person: Person) -> int:
        return months_between(person.hire_date, end)

    def rated_well(person: Person) -> bool:
        return (person.rating or 0) >= MEETS_EXPECTATIONS

    def best(person: Person) -> tuple:
        return (-(person.rating or 0), -tenure(person), person.external_id)

    def candidates(role: str) -> list[Person]:
        in_people = [p for p in active if p.department == company.people_department]
        match role:
            case "admin":
                return [p for p in in_people if p.level == HEAD_LEVEL]
            case "manager":
                return [p for p in in_people if p.level in (3, 4)]
            case "hr":
                return [p for p in in_people if p.level in (2, 3)]
            case "leader":
                return [
                    p for p in active if p.department == company.leader_department and p.level == HEAD_LEVEL
                ]
            case "mentee":
                return [
                    p
                    for p in active
                    if p.level in (1, 2)
                    and tenure(p) >= 18
                    and rated_well(p)
                    and p.department != company.people_department
                ]
            case "mentor":
                mentee = picked.get("mentee") or pick_personas(history, ["mentee"])["mentee"]
                return [
                    p
                    for p in active
                    if mentee.level + 2 <= p.level < HEAD_LEVEL
                    and p.department not in (mentee.department, company.people_department)
                    and tenure(p) >= 36
                    and rated_well(p)
                ]
        raise AssertionError(role)

    unknown = [role for role in roles if role not in PERSONAS]
    if unknown:
        raise ValueError(f"Unknown demo personas {unknown}; choose from {', '.join(PERSONAS)}")
    # In a fixed order, so the mentee is known before the mentor is chosen for them.
    for role in [role for role in PERSONAS if role in roles]:
        taken = {p.external_id for p in picked.values()}
        free = [p for p in candidates(role) if p.external_id not in taken]
        if not free:
            raise ValueError(f"The {company.name} demo roster has nobody to be the {role}")
        if role == "mentee":
            # A well-rated junior two or three years in: the program's typical applicant.
            picked[role] = min(free, key=lambda p: (-(p.rating or 0), abs(tenure(p) - 30), p.external_id))
        else:
            picked[role] = min(free, key=best)
    return picked
