"""Case bases the tests load: two small fixtures and the bundled five cases.

``mini_casebook`` (two invented cases, every table) and ``five_casebook`` (five invented cases with
hand-computed codes) live in ``tests/data``; ``"bundled"`` is the package's own ``data/``.
"""

from __future__ import annotations

from pathlib import Path

from smartcase.casebook import CaseBook, load_cases

TEST_DATA = Path(__file__).parent / "data"
MINI = TEST_DATA / "mini_casebook"
FIVE = TEST_DATA / "five_casebook"

#: Names for ``pytest.mark.parametrize("name", BOOKS)``.
BOOKS = ["mini", "five", "bundled"]


def load(name: str) -> CaseBook:
    """Load one of :data:`BOOKS`."""
    return load_cases() if name == "bundled" else load_cases({"mini": MINI, "five": FIVE}[name])
