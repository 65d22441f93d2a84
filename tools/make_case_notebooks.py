"""Write notebooks 01-05 from the case-walkthrough template and re-sync their .ipynb twins.

Run after editing ``smartcase/templates/case_walkthrough.txt``::

    python tools/make_case_notebooks.py

``tests/test_walkthrough.py`` fails while a case notebook differs from the template's output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import smartcase
from smartcase.walkthrough import case_notebook

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    book = smartcase.load_cases()
    for number, case in enumerate(book.case_ids, start=1):
        path = ROOT / "notebooks" / f"{number:02d}_{case}.py"
        path.write_text(case_notebook(book, case, number=number), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "jupytext", "--sync", str(path)], check=True)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
