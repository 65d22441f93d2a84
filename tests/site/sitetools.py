"""Where the built site is, and its pages (shared by conftest.py and the tests)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "_build" / "html"
GENERATED = ROOT / "docs" / "generated"


def pages(include_source_pages: bool = False) -> list[Path]:
    """Every HTML page of the built site (sorted; the viewcode source pages on request)."""
    if not SITE.is_dir():
        return []
    # _static/ holds the theme's files (webpack-macros.html is a Jinja template, not a page)
    found = [p for p in sorted(SITE.rglob("*.html")) if p.relative_to(SITE).parts[0] != "_static"]
    if not include_source_pages:
        found = [p for p in found if "_modules" not in p.relative_to(SITE).parts]
    return found
