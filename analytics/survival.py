"""Kaplan–Meier survival curves and the log-rank test, on aggregated follow-up tables.

Input is what the survival facts store: for each follow-up time, how many people had the event
(left) and how many were censored (still employed when follow-up ended, or left for a reason
that is not the event). Conventions, as in most statistics packages:

- at risk at time t = everyone whose follow-up lasted at least t; people censored at t are
  still at risk at t (censoring happens just after the events of the same time);
- S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ / nᵢ);
- 95 % pointwise confidence band from Greenwood's variance on the log(−log S) scale:
  se = sqrt(Σ dᵢ / (nᵢ (nᵢ − dᵢ))) / |log S|, band = S^exp(±1.96·se) — it stays within
  (0, 1), unlike the plain Greenwood band; undefined where S is 1 or 0;
- log-rank test of two groups: at each event time, group 1's expected events
  E = d·n₁/n and hypergeometric variance V = d·(n₁/n)·(n₂/n)·(n − d)/(n − 1); the statistic
  (Σ O − Σ E)² / Σ V is chi-square with one degree of freedom.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

Z_95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class SurvivalStep:
    time: int
    at_risk: int
    events: int
    censored: int
    survival: float
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class LogRank:
    chi_square: float
    p_value: float
    observed: float  # group 1's events
    expected: float  # group 1's expected events under equal survival
    variance: float


def _table(time, events, censored) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sum duplicate times; sorted by time."""
    time = np.asarray(time, dtype=np.int64)
    times, inverse = np.unique(time, return_inverse=True)
    d = np.bincount(inverse, weights=np.asarray(events, dtype=float), minlength=len(times))
    c = np.bincount(inverse, weights=np.asarray(censored, dtype=float), minlength=len(times))
    return times, d.astype(np.int64), c.astype(np.int64)


def _at_risk(d: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Number at risk at each time: the total minus everyone whose follow-up ended earlier."""
    ended = d + c
    return ended.sum() - np.r_[0, np.cumsum(ended)[:-1]]


def kaplan_meier(*, time, events, censored, z: float = Z_95) -> list[SurvivalStep]:
    """The Kaplan–Meier estimate with its log(−log) Greenwood band, one step per distinct time."""
    times, d, c = _table(time, events, censored)
    if len(times) == 0:
        return []
    n = _at_risk(d, c)
    survival = np.cumprod(1 - d / n)
    # Greenwood's sum; an interval where everyone left (n == d) makes it infinite (S = 0).
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(np.where(d > 0, d / (n * (n - d)), 0.0))
        log_s = np.log(survival)
        se = np.sqrt(greenwood) / np.abs(log_s)
        lower = survival ** np.exp(z * se)
        upper = survival ** np.exp(-z * se)
    defined = (survival > 0) & (survival < 1) & np.isfinite(se)
    return [
        SurvivalStep(
            time=int(times[i]),
            at_risk=int(n[i]),
            events=int(d[i]),
            censored=int(c[i]),
            survival=float(survival[i]),
            lower=float(lower[i]) if defined[i] else None,
            upper=float(upper[i]) if defined[i] else None,
        )
        for i in range(len(times))
    ]


def log_rank(*, group1: tuple, group2: tuple) -> LogRank | None:
    """Log-rank test of equal survival; each group is (time, events, censored) arrays.

    None when there is no event at all or no variance (e.g. one group empty).
    """
    t1, d1, c1 = _table(*group1)
    t2, d2, c2 = _table(*group2)
    times = np.union1d(t1, t2)
    if len(times) == 0:
        return None

    def on_grid(t, d, c):
        index = np.searchsorted(times, t)
        dd, cc = np.zeros(len(times), dtype=np.int64), np.zeros(len(times), dtype=np.int64)
        dd[index], cc[index] = d, c
        return dd, cc, _at_risk(dd, cc)

    d1g, _, n1 = on_grid(t1, d1, c1)
    d2g, _, n2 = on_grid(t2, d2, c2)
    d, n = d1g + d2g, n1 + n2
    events = (d > 0) & (n > 0)
    d, n, n1, n2, d1g = d[events], n[events], n1[events], n2[events], d1g[events]
    if len(d) == 0:
        return None
    expected = d * n1 / n
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = np.where(n > 1, d * (n1 / n) * (n2 / n) * (n - d) / (n - 1), 0.0)
    total_variance = float(variance.sum())
    if total_variance <= 0:
        return None
    observed, expected_sum = float(d1g.sum()), float(expected.sum())
    chi_square = (observed - expected_sum) ** 2 / total_variance
    return LogRank(
        chi_square=chi_square,
        p_value=float(stats.chi2.sf(chi_square, df=1)),
        observed=observed,
        expected=expected_sum,
        variance=total_variance,
    )
