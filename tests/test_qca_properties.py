"""Property-based tests of the QCA engine (hypothesis).

On random small truth tables (2 to 4 conditions, optionally one with three values; every row
positive, negative or a remainder):

- every model covers every positive configuration and no negative one (the conservative one
  no remainder either);
- the prime implicants and the minimal models equal those of a brute-force search over all
  implicants (every cube of the property space);
- ``all_sol=True`` gives exactly the irredundant covers;
- intermediate models lie between the positive rows and the parsimonious model of their pair;
- the three prime-implicant algorithms (cube dynamic programme, level-wise search, merging)
  agree;
- the chart solver's minimal covers and their count equal brute force on random charts.
"""

from __future__ import annotations

import importlib
import itertools
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcase.qca.expression import Expression, Literal, Term
from smartcase.qca.minimization import QCAWarning, minimize
from smartcase.qca.truthtable import truth_table

engine = importlib.import_module("smartcase.qca.minimization")
NAMES = "ABCD"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def crisp_tables(draw):
    """A data frame with one case per observed row, its levels and the row labels."""
    k = draw(st.integers(2, 4))
    levels = [2] * k
    if draw(st.booleans()):
        levels[0] = 3
    rows = list(itertools.product(*[range(v) for v in levels]))
    labels = draw(st.lists(st.sampled_from("10?"), min_size=len(rows), max_size=len(rows)))
    if "1" not in labels:
        labels[draw(st.integers(0, len(rows) - 1))] = "1"
    if "0" not in labels:
        free = [i for i, lab in enumerate(labels) if lab != "1"] or [0]
        labels[draw(st.sampled_from(free))] = "0"
        if "1" not in labels:
            labels[(free[0] + 1) % len(rows)] = "1"
    # the third value of the first condition must be observed for it to count as a level
    if levels[0] == 3 and not any(
        r[0] == 2 and lab != "?" for r, lab in zip(rows, labels, strict=True)
    ):
        i = next(i for i, r in enumerate(rows) if r[0] == 2)
        labels[i] = "0" if labels.count("1") > 1 or labels[i] != "1" else labels[i]
        if labels[i] == "?":
            labels[i] = "0"
    cases = [(r, lab) for r, lab in zip(rows, labels, strict=True) if lab != "?"]
    data = pd.DataFrame(
        [list(r) + [int(lab)] for r, lab in cases],
        columns=[*NAMES[:k], "Y"],
        index=[f"c{i}" for i in range(len(cases))],
    )
    return data


def all_rows(levels):
    return np.array(list(itertools.product(*[range(v) for v in levels])), dtype=np.int64)


def covered(code, rows):
    return np.all((code == 0) | (code == rows + 1), axis=1)


def brute_force(tt, include):
    """Prime implicants and minimal covers by exhaustive search over every cube."""
    levels = tt.levels
    rows = all_rows(levels)
    out = np.full(len(rows), "?", dtype=object)
    for rn, o in tt.rows["OUT"].items():
        out[rn - 1] = o
    positive = out == "1"
    allowed = positive | ((out == "?") if include == "?" else np.zeros(len(rows), dtype=bool))
    cubes = np.array(list(itertools.product(*[range(v + 1) for v in levels])), dtype=np.int64)
    implicants = []
    for code in cubes:
        inside = covered(code, rows)
        if inside.any() and not (inside & ~allowed).any() and (inside & positive).any():
            implicants.append((code, inside))
    primes = []
    for code, inside in implicants:
        if not any(
            (inside2 & ~inside).any() and not (inside & ~inside2).any() for _, inside2 in implicants
        ):
            primes.append((code, inside))
    return primes, positive, allowed


def to_expr(codes, tt):
    terms = []
    for code in codes:
        terms.append(
            Term(
                tuple(
                    Literal(c, frozenset({int(v) - 1}), multivalue=tt.multivalue)
                    for c, v in zip(tt.conditions, code, strict=True)
                    if v > 0
                )
            )
        )
    return Expression(tuple(terms))


def min_covers(primes, positive):
    for r in range(1, len(primes) + 1):
        found = []
        for combo in itertools.combinations(range(len(primes)), r):
            union = np.zeros_like(positive)
            for i in combo:
                union |= primes[i][1]
            if (union | ~positive).all():
                found.append(combo)
        if found:
            return found
    return []


@SETTINGS
@given(crisp_tables(), st.sampled_from(["", "?"]))
def test_models_cover_positives_only_and_equal_brute_force(data, include) -> None:
    tt = truth_table(data, "Y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QCAWarning)
        sol = minimize(tt, include=include, max_models=10_000)
    primes, positive, allowed = brute_force(tt, include)
    assert set(sol.prime_implicants) == {to_expr([c], tt) for c, _ in primes}
    expected = {
        to_expr([primes[i][0] for i in combo], tt) for combo in min_covers(primes, positive)
    }
    assert set(sol.models) == expected and sol.n_models == len(expected) and sol.n_models_exact
    rows = pd.DataFrame(all_rows(tt.levels), columns=list(tt.conditions))
    for model in sol.models:
        inside = model.membership(rows).to_numpy() > 0.5
        assert inside[positive].all()
        assert not (inside & ~allowed).any()


@SETTINGS
@given(crisp_tables())
def test_all_solutions_are_the_irredundant_covers(data) -> None:
    tt = truth_table(data, "Y")
    primes, positive, _ = brute_force(tt, "?")
    if len(primes) > 10:
        return
    sol = minimize(tt, include="?", all_sol=True, max_models=100_000)
    expected = set()
    for r in range(1, len(primes) + 1):
        for combo in itertools.combinations(range(len(primes)), r):
            cov = [primes[i][1] & positive for i in combo]
            union = np.logical_or.reduce(cov)
            if not union[positive].all():
                continue
            irredundant = all(
                (
                    cov[a]
                    & ~np.logical_or.reduce(
                        [cov[b] for b in range(r) if b != a] or [np.zeros_like(union)]
                    )
                ).any()
                for a in range(r)
            )
            if irredundant:
                expected.add(to_expr([primes[i][0] for i in combo], tt))
    assert set(sol.models) == expected


@SETTINGS
@given(crisp_tables(), st.data())
def test_intermediate_between_positives_and_parsimonious(data, draw) -> None:
    tt = truth_table(data, "Y")
    expect = {
        c: draw.draw(st.sampled_from([0, 1, "-"])) for c in tt.conditions if tt.kinds[c] == "crisp"
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QCAWarning)
        sol = minimize(tt, include="?", dir_exp=expect)
    rows = pd.DataFrame(all_rows(tt.levels), columns=list(tt.conditions))
    _, positive, allowed = brute_force(tt, "?")
    pars = sol.parsimonious
    assert pars is not None
    for label, pair in sol.pairs.items():
        p_index = int(label.split("P")[1]) - 1
        p_inside = pars.models[p_index].membership(rows).to_numpy() > 0.5
        for model in pair.models:
            inside = model.membership(rows).to_numpy() > 0.5
            assert inside[positive].all()
            assert not (inside & ~allowed).any()
            assert not (inside & ~p_inside).any()


@SETTINGS
@given(st.lists(st.integers(2, 3), min_size=1, max_size=4), st.data())
def test_prime_implicant_algorithms_agree(levels, draw) -> None:
    size = int(np.prod(levels))
    status = np.array(
        draw.draw(st.lists(st.integers(0, 2), min_size=size, max_size=size)), dtype=np.uint8
    )
    dp = {tuple(r) for r in engine._prime_implicants(status, levels, method="dp")}
    assert dp == {tuple(r) for r in engine._prime_implicants(status, levels, method="levelwise")}
    assert dp == {tuple(r) for r in engine._prime_implicants(status, levels, method="merge")}


@SETTINGS
@given(st.integers(2, 9), st.integers(1, 8), st.data())
def test_chart_solver_equals_brute_force(n_pi, n_col, draw) -> None:
    cells = draw.draw(st.lists(st.booleans(), min_size=n_pi * n_col, max_size=n_pi * n_col))
    chart = np.array(cells, dtype=bool).reshape(n_pi, n_col)
    chart[draw.draw(st.integers(0, n_pi - 1)), ~chart.any(axis=0)] = True
    models, count, exact, bounds = engine._solve_chart(
        chart, all_sol=False, row_dom=False, max_models=10_000, max_nodes=100_000
    )
    found = []
    for r in range(1, n_pi + 1):
        found = [
            combo
            for combo in itertools.combinations(range(n_pi), r)
            if chart[list(combo)].any(axis=0).all()
        ]
        if found:
            break
    assert exact and bounds is None and count == len(found) and sorted(models) == sorted(found)
