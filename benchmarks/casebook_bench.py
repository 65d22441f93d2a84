"""Benchmark: time of `import smartcase` and of `smartcase.load_cases()`.

Targets (issue 2): import under 0.5 s and load under 0.3 s on a 2-core machine.
Run: `python benchmarks/casebook_bench.py` (or `make bench`). Not a test: timings vary by machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

REPEAT = 7


def time_import() -> list[float]:
    out = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import smartcase"], check=True)
        out.append(time.perf_counter() - t0)
    return out


def time_import_only() -> list[float]:
    """Import time measured inside the interpreter (excludes interpreter start-up)."""
    code = "import time; t = time.perf_counter(); import smartcase; print(time.perf_counter() - t)"
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(REPEAT)
    ]


def time_load() -> tuple[float, list[float]]:
    code = (
        "import time; t = time.perf_counter(); import smartcase; b = smartcase.load_cases(); "
        "print(time.perf_counter() - t)"
    )
    first = float(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    import smartcase

    smartcase.load_cases()
    warm = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        smartcase.load_cases()
        warm.append(time.perf_counter() - t0)
    return first, warm


def main() -> None:
    imp = time_import_only()
    proc = time_import()
    first, warm = time_load()
    print("| measurement | median | target |")
    print("|---|---|---|")
    print(f"| `import smartcase` (in-process) | {statistics.median(imp):.3f} s | < 0.5 s |")
    print(
        f"| `python -c 'import smartcase'` (incl. interpreter start) | {statistics.median(proc):.3f} s | - |"
    )
    print(f"| import + first `load_cases()` (cold process) | {first:.3f} s | - |")
    print(
        f"| `load_cases()` (warm, median of {REPEAT}) | {statistics.median(warm):.3f} s | < 0.3 s |"
    )


if __name__ == "__main__":
    main()
