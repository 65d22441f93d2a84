"""The scoring tables: quantitative indicators and external assessments.

Both are tidy CSVs of the case base (``indicators.csv`` and ``external_assessments.csv``,
described in ``datapackage.json``); this module reads them without the case loader and turns
the long indicator table into an engine input (:func:`indicator_matrix`).

Examples
--------
>>> ind = load_indicators()
>>> set(ind["value_qualifier"]) <= {"exact", "about", "more_than", "range", "not_found"}
True
>>> m = indicator_matrix(ind)
>>> m.values.shape[0]
5
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._results import html_block, text_block
from .errors import MissingValueError, ScoringArgumentError

__all__ = ["load_indicators", "load_external_assessments", "indicator_matrix", "IndicatorMatrix"]


def _read(name: str, data_dir: str | Path | None) -> pd.DataFrame:
    """Read a bundled (or given) table strictly against its schema in ``datapackage.json``."""
    from ..paths import bundled_data_dir
    from ..schema import read_table, table_specs

    base = bundled_data_dir() if data_dir is None else Path(data_dir)
    spec = table_specs()[name]
    path = base / spec.path
    if not path.is_file():
        raise MissingValueError(
            "data_dir", f"no {spec.path} under {base}", f"a folder with {spec.path}"
        )
    df = read_table(path, spec)
    df.attrs = {}
    return df


def load_indicators(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The quantitative indicators table, typed.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder holding ``indicators.csv`` (default: the bundled case base). The table is
        validated against its schema in ``datapackage.json``.

    Returns
    -------
    pandas.DataFrame
        One row per indicator value (see ``datapackage.json``): ``value``/``value_high`` float,
        ``year`` Int64, ``direction`` int, ``derived``/``comparable`` boolean.
    """
    df = _read("indicators", data_dir)
    for col in ("value", "value_high"):
        df[col] = df[col].astype("float64")
    df["year"] = df["year"].astype("Int64")
    df["direction"] = df["direction"].astype("int64")
    for col in ("derived", "comparable"):
        df[col] = df[col].astype("boolean")
    return df


def load_external_assessments(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The external assessments table, typed (``rank``, ``n_ranked``, ``edition_year`` Int64).

    Examples
    --------
    >>> ext = load_external_assessments()
    >>> sorted(ext["assessment"].unique())[:2]
    ['eden_top50_smart_city_governments', 'imd_smart_city_index']
    """
    df = _read("external_assessments", data_dir)
    for col in ("edition_year", "rank", "n_ranked"):
        df[col] = df[col].astype("Int64")
    return df


@dataclass(frozen=True, repr=False)
class IndicatorMatrix:
    """A cases x indicators table built from the long indicator table, ready for the engine.

    Pass ``values`` with ``mapping=``, ``direction=`` and ``scale=None`` to
    :func:`~smartcase.scoring.composite` (with ``normalize='minmax'`` or ``'rank'`` and a missing
    policy), e.g. ``composite(m.values, mapping=m.mapping, direction=m.direction, scale=None,
    normalize='minmax', missing='available')``.

    Attributes
    ----------
    values : DataFrame
        Cases x indicators (``NaN`` = no value).
    mapping : Series
        Indicator -> element.
    direction : Series
        Indicator -> +1/-1.
    units : Series
        Indicator -> unit.
    rows : DataFrame
        Cases x indicators: the ``indicator_id`` each value comes from.
    """

    values: pd.DataFrame
    mapping: pd.Series
    direction: pd.Series
    units: pd.Series
    rows: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The values: cases x indicators (a copy of :attr:`values`; ``NaN`` = no value).

        Returns
        -------
        DataFrame

        Examples
        --------
        >>> m = indicator_matrix(load_indicators())
        >>> m.to_frame().shape == m.values.shape
        True
        """
        return self.values.copy()

    def __repr__(self) -> str:
        return text_block(
            "Indicator matrix",
            [f"{self.values.shape[1]} indicators, {self.values.notna().sum().sum()} values"],
            self.values,
        )

    def _repr_html_(self) -> str:
        return html_block(
            "Indicator matrix",
            [f"{self.values.shape[1]} indicators, {self.values.notna().sum().sum()} values"],
            self.values,
        )


def indicator_matrix(
    indicators: pd.DataFrame | Any,
    *,
    comparable_only: bool = True,
    keys: list[str] | None = None,
    max_year: int | None = 2020,
    cases: tuple[str, ...] | list[str] | None = None,
) -> IndicatorMatrix:
    """Cases x indicators from the long table: one value per case and indicator.

    Parameters
    ----------
    indicators : DataFrame or case book
        The long table (:func:`load_indicators`) or a case book whose ``.indicators`` holds it.
    comparable_only : bool, default True
        Keep only rows flagged ``comparable`` (the same definition across the cases reporting it).
    keys : list of str, optional
        Indicator keys to keep.
    max_year : int or None, default 2020
        Use, per case and indicator, the latest value dated no later than this year (the
        reference year); undated values are used only when no dated one qualifies.
    cases : sequence of str, optional
        Row order (cases without any value appear as rows of ``NaN``). ``None``: the case book's
        cases, or every case of the table (including those with only not-found rows) in order of
        first appearance.

    Returns
    -------
    IndicatorMatrix

    Raises
    ------
    ScoringArgumentError
        A table without the expected columns, or no value left after filtering.

    Notes
    -----
    Context indicators (no element, e.g. population) are left out. With the five bundled cases
    few indicators are comparable; missing values are the rule, so use ``missing='available'``
    (or an imputation) when scoring them.
    """
    is_book = hasattr(indicators, "indicators") and not isinstance(indicators, pd.DataFrame)
    df = indicators.indicators if is_book else indicators
    if df is None or not isinstance(df, pd.DataFrame):
        raise ScoringArgumentError(
            "indicators",
            "no indicator table",
            "the long indicators table (load_indicators()) or a case book that has one",
        )
    need = {
        "indicator_id",
        "case_id",
        "indicator",
        "element_id",
        "value",
        "unit",
        "year",
        "direction",
        "comparable",
    }
    if not need <= set(df.columns):
        raise ScoringArgumentError(
            "indicators", f"columns {sorted(set(df.columns))[:8]}...", f"the columns {sorted(need)}"
        )
    d = df[
        df["value"].notna() & df["element_id"].notna() & (df["element_id"].astype(str) != "")
    ].copy()
    if comparable_only:
        d = d[d["comparable"].astype("boolean").fillna(False).astype(bool)]
    if keys is not None:
        unknown = sorted(set(keys) - set(df["indicator"]))
        if unknown:
            raise ScoringArgumentError(
                "keys", f"unknown indicator key(s) {unknown}", "keys of the 'indicator' column"
            )
        d = d[d["indicator"].isin(keys)]
    if max_year is not None:
        yr = pd.to_numeric(d["year"])
        d = d[yr.isna() | (yr <= max_year)]
    if cases is None:
        cases = (
            list(indicators.case_ids)
            if is_book and hasattr(indicators, "case_ids")
            else list(dict.fromkeys(df["case_id"]))
        )
    if d.empty:
        raise ScoringArgumentError(
            "indicators",
            "no value left after filtering",
            "at least one value (try comparable_only=False or another max_year)",
        )
    d["_dated"] = pd.to_numeric(d["year"]).notna()
    d["_year"] = pd.to_numeric(d["year"]).fillna(-1)
    d = d.sort_values(["case_id", "indicator", "_dated", "_year"], kind="stable")
    last = d.groupby(["case_id", "indicator"], sort=False).tail(1)
    values = last.pivot(index="case_id", columns="indicator", values="value").astype("float64")
    rows = last.pivot(index="case_id", columns="indicator", values="indicator_id")
    order = list(dict.fromkeys(d["indicator"]))
    values = values.reindex(columns=order)
    rows = rows.reindex(columns=order)
    values = values.reindex(list(cases))
    rows = rows.reindex(list(cases))
    values.index.name = rows.index.name = "case_id"
    values.columns.name = rows.columns.name = None
    first = d.drop_duplicates("indicator").set_index("indicator")
    mapping = first["element_id"].reindex(order).astype(str).rename("element_id")
    direction = first["direction"].reindex(order).astype("int64").rename("direction")
    units = first["unit"].reindex(order).astype(str).rename("unit")
    return IndicatorMatrix(values, mapping, direction, units, rows)
