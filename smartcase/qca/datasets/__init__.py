"""Example data sets of R's ``QCA`` package (Dusa), for examples and known-answer checks.

:func:`load_dataset` returns one data set as a DataFrame indexed by case name; :func:`list_datasets`
names them. The files are copies of R ``QCA`` 3.25's example data (GPL-licensed package data;
see ``README.md`` in this folder).

Examples
--------
In R: ``data(LC)``.

>>> from smartcase.qca.datasets import load_dataset
>>> lc = load_dataset("LC")
>>> lc.shape
(18, 6)
>>> lc.loc["BE"].tolist()
[1, 1, 1, 1, 1, 1]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import ArgumentError

__all__ = ["load_dataset", "list_datasets"]

_HERE = Path(__file__).resolve().parent

_DESCRIPTIONS: dict[str, str] = {
    "LC": "Lipset data, crisp (outcome SURV)",
    "LM": "Lipset data, multi-value (outcome SURV)",
    "LF": "Lipset data, fuzzy (outcome SURV)",
    "LR": "Lipset data, raw values",
    "CVF": "Cebotari & Vink data, fuzzy (outcome PROTEST)",
    "CVR": "Cebotari & Vink data, raw values",
    "Krook": "Krook data, crisp (outcome WNP)",
    "HC": "Hino data, crisp (outcome VOTE)",
    "NF": "NF data, fuzzy (outcome W)",
    "RS": "Ragin & Strand data, crisp with '-' as don't care (outcome REC)",
}


def list_datasets() -> pd.DataFrame:
    """Name and short description of every bundled data set.

    Returns
    -------
    DataFrame
        Index ``name``; columns ``description`` and ``source``.

    Examples
    --------
    >>> from smartcase.qca.datasets import list_datasets
    >>> list_datasets().index[:3].tolist()
    ['LC', 'LM', 'LF']
    """
    return pd.DataFrame(
        {
            "description": list(_DESCRIPTIONS.values()),
            "source": ["R package QCA 3.25 (Dusa), example data"] * len(_DESCRIPTIONS),
        },
        index=pd.Index(list(_DESCRIPTIONS), name="name"),
    )


def load_dataset(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load one example data set of R's ``QCA`` package.

    Parameters
    ----------
    name : str
        One of ``LC``, ``LM``, ``LF``, ``LR``, ``CVF``, ``CVR``, ``Krook``, ``HC``, ``NF``,
        ``RS`` (see :func:`list_datasets`).
    data_dir : str or Path, optional
        Read ``<name>.csv`` from this folder instead of the bundled copies.

    Returns
    -------
    DataFrame
        Indexed by case name (R's row names); one column per variable. In ``RS`` the column
        ``EBA`` holds text (``"0"``, ``"1"`` and the don't-care code ``"-"``).

    Raises
    ------
    ArgumentError
        Unknown name.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> load_dataset("LF").loc["AU", "DEV"]
    np.float64(0.81)
    """
    if name not in _DESCRIPTIONS:
        raise ArgumentError("name", repr(name), "one of " + ", ".join(map(repr, _DESCRIPTIONS)))
    folder = Path(data_dir) if data_dir is not None else _HERE
    frame = pd.read_csv(folder / f"{name}.csv", index_col=0)
    frame.index = frame.index.astype(str)
    frame.index.name = None
    return frame
