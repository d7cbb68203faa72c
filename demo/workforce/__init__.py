"""Synthetic HR rosters for the demo organizations: pure functions, seeded randomness, no database.

``roster_history`` simulates a company month by month (hires, annual rating reviews,
promotion cycles, voluntary and involuntary leavers, the odd transfer) and returns the roster
as the HR system would have exported it at each snapshot date. Loading those files one after
the other through the roster import gives the dated employee history the analytics read, so
the demo's attrition and promotion figures come from the same path as a customer's.

A snapshot lists everyone hired by its date, leavers included with their termination date, so
no load ever needs to delete a row. Managers always sit at a higher level than their reports
(a leaver keeps the manager they left with, whose level has only risen since), so levels rise
strictly along every manager link and the reporting lines never form a cycle.

The same config, end date and seed always give the same files.
"""

from demo.workforce.companies import ACME, GLOBEX, DemoCompany
from demo.workforce.personas import PERSONAS, pick_personas
from demo.workforce.roster import CSV_COLUMNS, Person, RosterHistory, RosterRow, Snapshot
from demo.workforce.simulation import roster_history

__all__ = [
    "ACME",
    "CSV_COLUMNS",
    "GLOBEX",
    "PERSONAS",
    "DemoCompany",
    "Person",
    "RosterHistory",
    "RosterRow",
    "Snapshot",
    "pick_personas",
    "roster_history",
]
