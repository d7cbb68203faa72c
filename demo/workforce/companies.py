"""The demo companies: their departments, offices, size and the names their people carry."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCompany:
    """What to simulate: the company's shape over ``months`` before the end date."""

    name: str
    email_domain: str
    id_prefix: str
    departments: dict[str, float]  # name -> share of headcount
    locations: dict[str, float]  # name -> share; the first is headquarters
    ceo_department: str
    headcount_start: int
    headcount_end: int
    people_department: str  # where the admin, program manager and HR analyst work
    leader_department: str  # whose head is the demo's senior leader
    months: int = 36
    snapshot_every_months: int = 1
    seed: int = 20240601


FIRST_NAMES = (
    "Sanne", "Daan", "Emma", "Lars", "Fleur", "Bram", "Noor", "Sem", "Lotte", "Thijs", "Olivia",
    "Jack", "Amelia", "Harry", "Isla", "George", "Sophie", "Oliver", "Lea", "Jonas", "Mia", "Felix",
    "Hannah", "Lukas", "Clara", "Paul", "Amira", "Youssef", "Priya", "Arjun", "Mei", "Wei", "Aisha",
    "Kwame", "Sofia", "Mateo", "Lucia", "Diego", "Chiara", "Marco", "Zofia", "Jakub", "Ines", "Tiago",
    "Freya", "Erik", "Astrid", "Nils", "Elif", "Emre", "Nadia", "Omar", "Chloe", "Lucas", "Julia",
    "Max", "Eva", "Ruben", "Anna", "Finn",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos",
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Walker", "Müller", "Schmidt",
    "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Hoffmann", "Rossi", "Bianchi", "García",
    "Fernández", "López", "Martins", "Silva", "Kowalski", "Nowak", "Dubois", "Laurent", "Nielsen",
    "Hansen", "Lindqvist", "Yılmaz", "Kaya", "Haddad", "Rahman", "Patel", "Sharma", "Chen", "Wang",
    "Nguyen", "Okafor", "Mensah", "O'Brien", "Murphy", "Novak", "Horvat", "Kovač", "Papadopoulos",
    "Costa", "Andersen", "van Dijk",
)  # fmt: skip


ACME = DemoCompany(
    name="Acme",
    email_domain="acme.example",
    id_prefix="A",
    departments={
        "Engineering": 0.28,
        "Sales": 0.17,
        "Customer Success": 0.13,
        "Marketing": 0.09,
        "Product": 0.09,
        "Operations": 0.09,
        "People": 0.08,
        "Finance": 0.07,
    },
    locations={"Amsterdam": 0.45, "London": 0.2, "Berlin": 0.15, "Remote": 0.2},
    ceo_department="Operations",
    people_department="People",
    leader_department="Engineering",
    headcount_start=300,
    headcount_end=335,
)

GLOBEX = DemoCompany(
    name="Globex",
    email_domain="globex.example",
    id_prefix="G",
    departments={"Research": 0.35, "Manufacturing": 0.3, "Sales": 0.2, "Operations": 0.15},
    locations={"Springfield": 0.7, "Remote": 0.3},
    ceo_department="Operations",
    people_department="Operations",
    leader_department="Research",
    headcount_start=34,
    headcount_end=36,
    months=12,
    snapshot_every_months=3,
    seed=19890101,
)
