"""Matching benchmark: ``make bench-matching`` (see bench/README.md).

Two synthetic structured cohorts (bench/synthetic.py): 10,000 mentees × 4,000 mentors and
2,000 × 800, every mentor taking up to 3 mentees. Each size runs in its own process, with its
own throwaway database, so the peak memory printed is that size's alone.

Before the clock starts, the bench creates the database (a SQLite file in a temporary folder,
or — when ``DATABASE_URL`` names a PostgreSQL server — a fresh database on that server, dropped
afterwards), migrates it, and stores the cohort as the app would hold it: roster rows with their
managers, a program, an active cohort, accepted applications, participants and trust profiles.
Then the stages a match run goes through, timed with ``time.perf_counter``:

- load: the database read of ``matching.inputs.cohort_inputs`` (settings, participants with
  roster rows and trust profiles, the whole roster's managers, pairs, pins, forbids, earlier
  pairs) and the engine's arrays (``build_features``).
- scoring: the weighted score of every mentee × mentor pair (``score_matrix``).
- solving: the optimal assignment (``solve``).
- saving: each pair's breakdown and sentence (``explain_pairs``), then the inserts of
  ``matching.services.runs.run_save``: the ``MatchRun`` and a bulk insert of its ``ProposedPair``
  rows (and of anyone left out).

Then, outside the timings, the greedy baseline on the same scores (``greedy_assignment``) and,
after the peak memory is read and when its cost matrix fits, the dense reference
(``solve_dense``, the former method). ``vs_greedy`` is the optimal total score divided by the
greedy one; ``sparse_total`` and ``dense_total`` are the two optima's totals, asserted equal.

Each size prints exactly one ``key=value`` line on standard output (a readable block goes to
standard error). ``--mentees N --mentors M`` runs one size; without them the 10,000 × 4,000
size runs first, then 2,000 × 800, each in its own process.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and this file is named like the
# matching package it measures: put the project root first instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

GOALS_S = {(10_000, 4_000): 5.0, (2_000, 800): 0.5}  # (mentees, mentors) → end-to-end goal
CAPACITY = 3
PEAK_GOAL_MB = 1_000


@contextmanager
def throwaway_database():
    """Point Django at a database made for this run, and remove it afterwards.

    With ``DATABASE_URL`` set to PostgreSQL, a new database ``<name>_bench_<pid>`` is created on
    the same server (never the configured one itself); otherwise a SQLite file in a temporary
    folder.
    """
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(url)
        name = f"{config['NAME']}_bench_{os.getpid()}"
        # pytest-django's databases are test_<name>: a bench must never create or drop one.
        if name.startswith("test_"):
            raise SystemExit(f"DATABASE_URL names {config['NAME']!r}: point it at a name without 'test_'.")
        admin = {
            "host": config["HOST"] or None,
            "port": config["PORT"] or None,
            "user": config["USER"] or None,
            "password": config["PASSWORD"] or None,
            "dbname": "postgres",
            "autocommit": True,
        }
        with psycopg.connect(**admin) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
        try:
            yield f"PostgreSQL database {name} (dropped afterwards)"
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(**admin) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    else:
        folder = tempfile.mkdtemp(prefix="lodestar-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        try:
            yield "SQLite file in a temporary folder (removed afterwards)"
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def store_cohort(synthetic):
    """Store the synthetic cohort as the app holds one; return the active ``Cohort``."""
    from cohorts.models import Cohort, CohortStatus, Participant, TrustProfile
    from cohorts.profiles.services import profile_framework_for
    from organizations.models import Employee, Organization
    from organizations.tenancy import organization_scope
    from programs.models import ApplicantRole, Application, ApplicationStatus, Program, ProgramStatus

    organization = Organization.objects.create(name="Bench Corp", slug="bench")
    profiles = {p.id: (p, ApplicantRole.MENTEE) for p in synthetic.mentees}
    profiles |= {p.id: (p, ApplicantRole.MENTOR) for p in synthetic.mentors}
    today = datetime.date.today()
    # Roster ids are the synthetic ids + 1, so managers can be set in the same insert
    # (foreign keys are checked at commit).
    Employee.objects.bulk_create(
        [
            Employee(
                id=person + 1,
                organization=organization,
                external_id=f"B{person:06d}",
                name=f"Person {person}",
                email=f"person{person}@bench.example",
                department=profiles[person][0].department if person in profiles else "Leadership",
                level=profiles[person][0].level if person in profiles else 10,
                location=profiles[person][0].location if person in profiles else "",
                manager_id=None if manager is None else manager + 1,
                hire_date=today - datetime.timedelta(days=900),
            )
            for person, manager in synthetic.manager_of.items()
        ],
        batch_size=2000,
    )
    program = Program.objects.create(
        organization=organization,
        name="Bench program",
        start_date=today,
        end_date=today + datetime.timedelta(days=365),
        status=ProgramStatus.ACTIVE,
        mentee_limit=32_000,
        mentor_limit=32_000,
    )
    cohort = Cohort.objects.create(
        organization=organization,
        program=program,
        name="Bench class",
        mentee_limit=program.mentee_limit,
        mentor_limit=program.mentor_limit,
        status=CohortStatus.ACTIVE,
    )
    order = [*(p.id for p in synthetic.mentees), *(p.id for p in synthetic.mentors)]
    applications = Application.objects.bulk_create(
        [
            Application(
                organization=organization,
                program=program,
                employee_id=person + 1,
                role=profiles[person][1],
                motivation="Benchmark",
                status=ApplicationStatus.ACCEPTED,
                evaluated_on=today,
            )
            for person in order
        ],
        batch_size=2000,
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                cohort=cohort,
                application_id=application.pk,
                employee_id=application.employee_id,
                role=application.role,
            )
            for application in applications
        ],
        batch_size=2000,
    )
    TrustProfile.objects.bulk_create(
        [
            TrustProfile(
                organization=organization,
                participant_id=participant.pk,
                values=sorted(profile.values),
                passions=sorted(profile.passions),
                purpose_statement="",
                strengths=sorted(profile.strengths),
                learning_wishes=sorted(profile.wishes),
                mentor_capacity=synthetic.capacity if role == ApplicantRole.MENTOR else 1,
            )
            for participant, person in zip(participants, order, strict=True)
            for profile, role in [profiles[person]]
        ],
        batch_size=2000,
    )
    with organization_scope(organization):
        profile_framework_for(organization)  # made once, as on any organization's first profile
    return cohort


def measure(n_mentees: int, n_mentors: int) -> None:
    with throwaway_database() as where:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.DEBUG = False  # no query log: the bench measures the app, not the debug toolbar

        call_command("migrate", verbosity=0)
        _measure(n_mentees, n_mentors, where)


def _dense_fits(n_mentees: int, n_mentors: int) -> bool:
    """Whether the dense reference's cost matrix (8 bytes per mentee × place) fits in a third
    of the memory available now."""
    matrix = 8 * n_mentees * min(n_mentees, n_mentors * CAPACITY)
    try:
        with open("/proc/meminfo") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
        available = int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return matrix <= 1_000_000_000
    return matrix * 3 <= available


def _measure(n_mentees: int, n_mentors: int, where: str) -> None:
    from django.db import transaction

    from bench.synthetic import synthetic_cohort
    from matching.explain import explain_pairs
    from matching.features import build_features
    from matching.inputs import cohort_inputs
    from matching.models import ProposedPair
    from matching.scoring import score_matrix
    from matching.services.runs import computed_pairs, run_save
    from matching.solver import greedy_assignment, solve, solve_dense
    from organizations.tenancy import organization_scope

    synthetic = synthetic_cohort(n_mentees, n_mentors, capacity=CAPACITY)
    cohort = store_cohort(synthetic)

    with organization_scope(cohort.organization):
        started = time.perf_counter()
        inputs = cohort_inputs(cohort)
        features = build_features(
            inputs.mentee_profiles,
            inputs.mentor_profiles,
            manager_of=inputs.manager_of,
            passion_framework=inputs.passion_framework,
        )
        loaded = time.perf_counter()
        scores = score_matrix(features, inputs.rules)
        scored = time.perf_counter()
        optimal = solve(scores, inputs.constraints)
        solved = time.perf_counter()
        explanations = explain_pairs(scores, optimal.mentee_index, optimal.mentor_index)
        with transaction.atomic():
            run = run_save(inputs, computed_pairs(inputs, optimal, explanations), actor=None)
        saved = time.perf_counter()
        greedy = greedy_assignment(scores, inputs.constraints)
        stored = ProposedPair.objects.filter(run=run).count()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # The dense reference, after the peak is read (it needs mentees × places × 8 bytes).
        dense = None
        dense_s = None
        if _dense_fits(n_mentees, n_mentors):
            dense_started = time.perf_counter()
            dense = solve_dense(scores, inputs.constraints)
            dense_s = time.perf_counter() - dense_started

    total_s = saved - started
    sparse_total = f"{optimal.total_score:.6f}"
    dense_total = "skipped" if dense is None else f"{dense.total_score:.6f}"
    figures = {
        "mentees": n_mentees,
        "mentors": n_mentors,
        "total_s": f"{total_s:.3f}",
        "peak_mb": f"{peak_mb:.0f}",
        "vs_greedy": f"{optimal.total_score / greedy.total_score:.4f}",
        "sparse_total": sparse_total,
        "dense_total": dense_total,
        "load_s": f"{loaded - started:.3f}",
        "score_s": f"{scored - loaded:.3f}",
        "solve_s": f"{solved - scored:.3f}",
        "save_s": f"{saved - solved:.3f}",
    }
    goal_s = GOALS_S.get((n_mentees, n_mentors))
    met = {True: "met", False: "MISSED"}
    say = functools.partial(print, file=sys.stderr)
    say(f"{n_mentees:,} mentees × {n_mentors:,} mentors, capacity {CAPACITY} (synthetic structured cohort)")
    say(f"  database {where}")
    say(f"  load     {loaded - started:7.3f} s  read the cohort from the database → arrays")
    say(f"  scoring  {scored - loaded:7.3f} s  {n_mentees * n_mentors:,} pairs (float32 matrix)")
    say(f"  solving  {solved - scored:7.3f} s  sparse exact assignment, proven optimal by dual prices")
    say(f"  saving   {saved - solved:7.3f} s  explain and insert the run and its {stored:,} proposed pairs")
    goal = f"goal ≤ {goal_s:g} s: {met[total_s <= goal_s]}" if goal_s else "no goal for this size"
    say(f"  total    {total_s:7.3f} s  {goal}")
    say(f"  peak     {peak_mb:7.0f} MB goal ≤ {PEAK_GOAL_MB:,} MB: {met[peak_mb <= PEAK_GOAL_MB]}")
    say(f"  matched  {len(optimal.pairs):,} optimal, {len(greedy.pairs):,} greedy, of {n_mentees:,}")
    say(
        f"  score    total {optimal.total_score:,.1f} optimal vs {greedy.total_score:,.1f} greedy "
        f"(×{optimal.total_score / greedy.total_score:.4f}); worst pair {optimal.worst_score:.3f} vs "
        f"{greedy.worst_score:.3f}"
    )
    if dense is None:
        say("  dense    skipped: its cost matrix would not fit (the property test compares the two)")
    else:
        say(
            f"  dense    {dense_s:7.3f} s  (not timed above) total {dense.total_score:,.6f}, "
            f"{len(dense.pairs):,} pairs"
        )
    print(" ".join(f"{key}={value}" for key, value in figures.items()), flush=True)
    if dense is not None:
        # Both are optimal: the same pairs made and the same total, to the printed precision.
        assert len(dense.pairs) == len(optimal.pairs), (len(dense.pairs), len(optimal.pairs))
        assert sparse_total == dense_total, (sparse_total, dense_total)


def _sizes(argv: list[str]) -> list[tuple[int, int]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentees", type=int, help="one size: mentees (with --mentors)")
    parser.add_argument("--mentors", type=int, help="one size: mentors (with --mentees)")
    args = parser.parse_args(argv)
    if (args.mentees is None) != (args.mentors is None):
        parser.error("give --mentees and --mentors together")
    if args.mentees is not None:
        return [(args.mentees, args.mentors)]
    return list(GOALS_S)


def main() -> int:
    if sys.argv[1:2] == ["--size"]:  # one size, in this process
        measure(int(sys.argv[2]), int(sys.argv[3]))
        return 0
    for n_mentees, n_mentors in _sizes(sys.argv[1:]):
        # Each size in its own process, so its peak memory is its own.
        done = subprocess.run(
            [sys.executable, __file__, "--size", str(n_mentees), str(n_mentors)], check=False
        )
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
