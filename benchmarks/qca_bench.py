"""Benchmark of smartcase's QCA engine on random data sets, side by side with R QCA 3.25.

Runs every data set in ``benchmarks/data/qca_random/`` (crisp exact ``cs``, crisp with 5 % of the
outcomes flipped ``csn``, fuzzy ``fs``; 8 to 16 conditions; 300 or 3,000 cases; outcome
``Y = X1*X2*~X3 + X4*X5 + X6*~X7*X8``) with ``incl_cut=0.8, pri_cut=0.51, n_cut=1`` and reports,
for the parsimonious, conservative and intermediate (every condition expected present)
solutions: the time (median of ``--repeat`` runs), the number of prime implicants, the number of
PIs in a minimal model, the number of minimal models (``>=N`` when there are too many to count)
and whether the parsimonious models contain the true rule. R's timings (from
``tests/data/qca/README.md``, same 2-core machine class) are printed alongside.

Usage::

    python benchmarks/qca_bench.py                 # all data sets, markdown table on stdout
    python benchmarks/qca_bench.py --only cs_k08   # data sets whose name contains "cs_k08"
    python benchmarks/qca_bench.py --repeat 1 --no-intermediate
    python benchmarks/qca_bench.py --hard --time-limit 60   # the 4 hard charts, 60 s each

``--time-limit`` is ``minimize``'s budget for the integer programme (default: the library's).
``--hard`` runs only the four data sets whose parsimonious minimum is not proven and prints
their bounds beside those before issue 12 (LP bound skipped above 500,000 chart entries,
integer programme switched off by size limits).

This is a script, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from smartcase.qca.expression import parse_expression  # noqa: E402
from smartcase.qca.minimization import QCAWarning, minimize  # noqa: E402
from smartcase.qca.truthtable import truth_table  # noqa: E402

DATA = HERE / "data" / "qca_random"
TRUE_RULE = parse_expression("X1*X2*~X3 + X4*X5 + X6*~X7*X8")

#: R QCA 3.25 on the same inputs (tests/data/qca/README.md): truth table, conservative,
#: parsimonious, intermediate.
R_TIMES: dict[tuple[str, int, int], tuple[str, str, str, str]] = {
    ("cs", 8, 300): ("0.07 s", "memory error", "6.4 s (true rule)", "memory error"),
    ("cs", 8, 3000): ("0.28 s", "12.3 s", "12.4 s (true rule)", "error (ambiguous dir. exp.)"),
    ("cs", 10, 300): ("0.09 s", "error", "22 s (true rule)", "error"),
    ("cs", 10, 3000): ("0.62 s", "> 30 s", "> 30 s", "> 30 s"),
}


def r_times(kind: str, k: int, n: int) -> tuple[str, str, str, str]:
    """R's figures for one input, as reported in tests/data/qca/README.md."""
    if (kind, k, n) in R_TIMES:
        return R_TIMES[(kind, k, n)]
    if kind == "cs":
        return (
            "0.1-2.5 s",
            "> 30 s or memory error",
            "> 30 s or memory error",
            "> 30 s or memory error",
        )
    if kind == "csn":
        return (
            "-",
            "memory error" if k == 8 and n == 300 else "not reported",
            "memory error" if k == 8 and n == 300 else "not reported",
            "memory error" if k == 8 and n == 300 else "not reported",
        )
    if n == 300:
        return (
            "0.09-0.15 s",
            "memory error or > 20 s",
            "> 20 s, memory error or no solution",
            "errors or > 20 s",
        )
    return ("-", "not reported", "not reported", "not reported")


#: Parsimonious bounds (lower-upper number of PIs) of the four hard charts before issue 12:
#: benchmarks/README.md as of commit 530f6ca.
OLD_BOUNDS: dict[str, str] = {
    "rand_csn_k12_n3000": "87-104",
    "rand_csn_k14_n3000": "90-113",
    "rand_csn_k16_n3000": "40-98",
    "rand_fs_k16_n3000": "44-58",
}


def timed(fn, repeat: int):
    """Median wall time of ``repeat`` runs and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def describe(sol) -> tuple[int, int | str, str]:
    """Number of PIs, PIs in a minimal model, number of models (">=N" when a lower bound).

    The model size reads "lo-hi (unproven)" when the minimum could not be proven.
    """
    n_pi = len(sol.pi_chart) if sol.kind != "intermediate" else len(sol.prime_implicants)
    size = min(len(m) for m in sol.models)
    models = f"{sol.n_models}" if sol.n_models_exact else f">={sol.n_models}"
    if sol.minimum_bounds is not None:  # minimum not proven: report the proven bounds
        lo, hi = sol.minimum_bounds
        return n_pi, f"{lo}-{hi} (unproven)", models
    return n_pi, size, models


def run(
    name: str, repeat: int, intermediate: bool, time_limit: float | None = None
) -> dict[str, object]:
    kind, kk, nn = name.removeprefix("rand_").split("_")
    k, n = int(kk[1:]), int(nn[1:])
    data = pd.read_csv(DATA / f"{name}.csv")
    t_tt, tt = timed(lambda: truth_table(data, "Y", incl_cut=0.8, pri_cut=0.51, n_cut=1), repeat)
    row: dict[str, object] = {
        "data": name,
        "kind": kind,
        "k": k,
        "n": n,
        "tt_s": t_tt,
        "positive_rows": int((tt.rows["OUT"] == "1").sum()),
    }
    limit = {} if time_limit is None else {"time_limit": time_limit}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QCAWarning)
        t_p, par = timed(lambda: minimize(tt, include="?", **limit), repeat)
        t_c, con = timed(lambda: minimize(tt, **limit), repeat)
        row.update(pars_s=t_p, cons_s=t_c)
        row["pars_pi"], row["pars_size"], row["pars_models"] = describe(par)
        row["cons_pi"], row["cons_size"], row["cons_models"] = describe(con)
        row["true_rule"] = TRUE_RULE in set(par.models)
        if intermediate:
            dir_exp = {f"X{i}": 1 for i in range(1, k + 1)}
            t_i, itm = timed(lambda: minimize(tt, include="?", dir_exp=dir_exp, **limit), repeat)
            row["int_s"] = t_i
            total = itm.conservative.n_models * itm.parsimonious.n_models
            exact = itm.conservative.n_models_exact and itm.parsimonious.n_models_exact
            row["int_pairs"] = f"{len(itm.pairs)} of {'' if exact else '>='}{total}"
            row["int_models"] = itm.n_models if itm.n_models_exact else f">={itm.n_models}"
    row["R"] = r_times(kind, k, n)
    return row


def markdown(rows: list[dict[str, object]], intermediate: bool) -> str:
    head = (
        "| data | truth table | parsimonious: time, PIs, model size, models | true rule | "
        "conservative: time, PIs, model size, models |"
    )
    sep = "|---|---|---|---|---|"
    if intermediate:
        head += " intermediate (all present): time, C x P pairs computed, models |"
        sep += "---|"
    head += " R QCA 3.25: tt / cons. / pars. / int. |"
    sep += "---|"
    lines = [head, sep]
    for r in rows:
        line = (
            f"| {r['data']} | {r['tt_s']:.2f} s | {r['pars_s']:.2f} s, {r['pars_pi']}, "
            f"{r['pars_size']}, {r['pars_models']} | {'yes' if r['true_rule'] else 'no'} | "
            f"{r['cons_s']:.2f} s, {r['cons_pi']}, {r['cons_size']}, {r['cons_models']} |"
        )
        if intermediate:
            line += f" {r['int_s']:.2f} s, {r['int_pairs']}, {r['int_models']} |"
        line += " " + " / ".join(r["R"]) + " |"  # type: ignore[arg-type]
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run data sets whose name contains this")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--no-intermediate", action="store_true")
    parser.add_argument(
        "--time-limit", type=float, default=None, help="minimize(time_limit=...) in seconds"
    )
    parser.add_argument("--hard", action="store_true", help="only the four hard charts")
    args = parser.parse_args(argv)
    if args.hard:
        return hard(args.time_limit)
    names = sorted(p.stem for p in DATA.glob("rand_*.csv") if args.only in p.stem)
    rows = []
    for name in names:
        row = run(name, args.repeat, not args.no_intermediate, args.time_limit)
        rows.append(row)
        print(
            f"{name}: tt {row['tt_s']:.2f} s, pars {row['pars_s']:.2f} s "
            f"({row['pars_models']} models), cons {row['cons_s']:.2f} s "
            f"({row['cons_models']} models)"
            + (f", int {row['int_s']:.2f} s" if "int_s" in row else ""),
            file=sys.stderr,
            flush=True,
        )
    print(markdown(rows, not args.no_intermediate))
    slow = [r["data"] for r in rows if max(float(r["pars_s"]), float(r["cons_s"])) >= 10]  # type: ignore[arg-type]
    print(f"\nData sets with parsimonious or conservative >= 10 s: {slow or 'none'}")
    unproven = [r["data"] for r in rows if "unproven" in f"{r['pars_size']} {r['cons_size']}"]
    print(f"Data sets whose minimum number of PIs was not proven: {unproven or 'none'}")
    return 0


def hard(time_limit: float | None) -> int:
    """The parsimonious solutions of the four hard charts: bounds before and now."""
    limit = {} if time_limit is None else {"time_limit": time_limit}
    print(
        "| data | chart (PIs x rows) | bounds before issue 12 | bounds now | time | "
        "LP bound time | integer programme time |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in OLD_BOUNDS:
        data = pd.read_csv(DATA / f"{name}.csv")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tt = truth_table(data, "Y", incl_cut=0.8, pri_cut=0.51, n_cut=1)
            t0 = time.perf_counter()
            sol = minimize(tt, include="?", **limit)
            elapsed = time.perf_counter() - t0
        chart = sol._ctx.chart.shape if sol._ctx is not None else (0, 0)
        lo, hi = sol.minimum_bounds or (len(sol.models[0]),) * 2
        spent = sol._ctx.budget if sol._ctx is not None else None  # internal time accounts
        lp_s = f"{spent.lp_seconds:.1f} s" if spent is not None else "-"
        ip_s = f"{spent.used:.1f} s" if spent is not None else "-"
        print(
            f"| {name} | {chart[0]} x {chart[1]} | {OLD_BOUNDS[name]} | {lo}-{hi} | "
            f"{elapsed:.1f} s | {lp_s} | {ip_s} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
