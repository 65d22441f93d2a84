"""Run every benchmark script in this folder (`*_bench.py`) and print its report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    status = 0
    for script in sorted(here.glob("*_bench.py")):
        print(f"\n## {script.name}\n", flush=True)
        status |= subprocess.run([sys.executable, str(script)], cwd=here.parent).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())
