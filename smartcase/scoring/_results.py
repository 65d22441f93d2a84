"""Small helpers shared by the result classes (readable ``repr`` and ``_repr_html_``)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def text_block(title: str, lines: list[str], table: pd.DataFrame | None, max_rows: int = 12) -> str:
    """Plain-text representation: a title, ``key: value`` lines and an optional table."""
    out = [title]
    out += [f"  {line}" for line in lines]
    if table is not None:
        with _display():
            out.append(table.head(max_rows).to_string())
        if len(table) > max_rows:
            out.append(f"... ({len(table)} rows)")
    return "\n".join(out)


def html_block(title: str, lines: list[str], table: pd.DataFrame | None, max_rows: int = 20) -> str:
    """HTML representation for notebooks."""
    parts = [f"<p><strong>{html.escape(title)}</strong></p>"]
    if lines:
        parts.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>")
    if table is not None:
        parts.append(table.head(max_rows).to_html())
    return "\n".join(parts)


class _display:
    def __enter__(self) -> None:
        import pandas as pd

        self._ctx = pd.option_context(
            "display.width", 110, "display.max_columns", 12, "display.precision", 3
        )
        self._ctx.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(*exc)
