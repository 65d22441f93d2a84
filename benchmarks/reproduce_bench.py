"""Benchmark: time of the full regeneration (`python -m smartcase reproduce`), per notebook.

Target (issue 6): every table and figure regenerated in under 90 s on a 2-core machine.
Run: `python benchmarks/reproduce_bench.py [--repeat N] [--jobs N]` (or `make bench`). Not a test:
timings vary by machine (and with whatever else runs on it: the load average is printed). Outputs go to a temporary folder, so the committed figures/ and tables/ are not
touched; the second run also checks that the two regenerations are byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 90.0


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=2, help="number of full regenerations (default 2)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="notebooks at a time (default: reproduce's, 2)"
    )
    args = parser.parse_args(argv)

    from smartcase.reproduce import reproduce

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), load average {load:.1f}, jobs {args.jobs or 'default'}"
    )
    totals: list[float] = []
    per_nb: dict[str, list[float]] = {}
    digests: list[dict[str, str]] = []
    n_files = 0
    with tempfile.TemporaryDirectory(prefix="smartcase-bench-") as tmp:
        for k in range(args.repeat):
            out = Path(tmp) / f"run{k}"
            t0 = time.perf_counter()
            manifest = reproduce(out_dir=out, progress=False, jobs=args.jobs)
            totals.append(time.perf_counter() - t0)
            for nb, secs in manifest.attrs["timings"].items():
                per_nb.setdefault(nb, []).append(secs)
            digests.append(_digest(out))
            n_files = int(manifest["role"].isin(["figure", "table"]).sum())
            print(f"run {k + 1}: {totals[-1]:.1f} s", flush=True)
    print()
    print(f"{'notebook':<32} {'median s':>9} {'min s':>7}")
    for nb, secs in per_nb.items():
        print(f"{Path(nb).stem:<32} {statistics.median(secs):9.1f} {min(secs):7.1f}")
    kernel_sum = sum(statistics.median(s) for s in per_nb.values())
    print(f"{'sum of notebooks':<32} {kernel_sum:9.1f}")
    print(f"load average after the runs: {os.getloadavg()[0]:.1f}")
    best = min(totals)
    print(
        f"\nfull regeneration: median {statistics.median(totals):.1f} s, best {best:.1f} s over {len(totals)} run(s); {n_files} output files"
    )
    print(f"target < {TARGET_S:.0f} s: {'met' if best < TARGET_S else 'NOT met'}")
    if len(digests) > 1:
        same = all(d == digests[0] for d in digests[1:])
        print(f"byte-identical across runs: {'yes' if same else 'NO'}")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
