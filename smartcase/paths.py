"""Where smartcase finds its bundled data.

In a source checkout (``pip install -e .``) the case base is the top-level ``data/`` folder; in a
wheel it is installed as ``smartcase/_data``.

Examples
--------
>>> (bundled_data_dir() / "datapackage.json").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_data_dir", "project_root"]


def bundled_data_dir() -> Path:
    """Return the folder that holds the bundled case base (``datapackage.json`` and its CSVs).

    Returns
    -------
    Path

    Examples
    --------
    >>> bundled_data_dir().name in {"data", "_data"}
    True
    """
    here = Path(__file__).resolve().parent
    installed = here / "_data"
    if (installed / "datapackage.json").is_file():
        return installed
    return here.parent / "data"


def project_root() -> Path | None:
    """Return the source checkout's root folder, or None for an installed wheel.

    Examples
    --------
    >>> root = project_root()
    >>> root is None or (root / "pyproject.toml").is_file()
    True
    """
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None
