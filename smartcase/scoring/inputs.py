"""Turning a case book or a plain DataFrame into the engine's input, with every check in one place.

The scoring engine is generic: it works on any *cases x indicators* table whose indicators are
grouped (sub-dimension -> element). Two kinds of input are accepted everywhere:

* a case book, duck-typed: any object with ``.code_matrix(level, coder=...)`` returning the cases x
  sub-dimensions code table and ``.framework.subdimensions`` (a DataFrame indexed by sub-dimension
  id with an ``element_id`` column). :class:`smartcase.CaseBook` is one; the engine never imports it.
* a DataFrame indexed by case id with one numeric column per indicator, plus ``mapping`` (indicator
  -> group) and, when the values are not 0-3 codes, ``scale`` (the theoretical range of each
  indicator, or ``None`` for unbounded data) and ``direction`` (+1 when more is better, -1 when less
  is better).

Examples
--------
>>> import pandas as pd
>>> codes = pd.DataFrame({"a": [0, 3], "b": [1, 2]}, index=["x", "y"])
>>> data = resolve(codes, mapping={"a": "g1", "b": "g1"})
>>> data.elements, data.indicators
(('g1',), ('a', 'b'))
>>> resolve(codes.assign(b=[1, 4]), mapping={"a": "g1", "b": "g1"})
Traceback (most recent call last):
...
smartcase.scoring.errors.CodeRangeError: argument 'book': expected values within the scale [0, 3], found 4 for case 'y', indicator 'b'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import CodeRangeError, MissingValueError, ScoringArgumentError, check_choice

__all__ = [
    "ScoringData",
    "resolve",
    "uncertain_codes",
    "MISSING_POLICIES",
    "CODE_RULES",
    "Scale",
]

MissingPolicy = Literal["error", "available", "mean", "median"]
#: Missing-value policies: raise; aggregate over the available values (weights re-normalised
#: within each group, as COINr does); impute the indicator's mean or median over the cases.
MISSING_POLICIES: tuple[str, ...] = ("error", "available", "mean", "median")
#: Which codes :func:`uncertain_codes` treats as uncertain.
CODE_RULES: tuple[str, ...] = ("weak_evidence", "low_confidence", "none")
Scale = tuple[float, float] | Mapping[str, tuple[float, float]] | None


@dataclass(frozen=True)
class ScoringData:
    """The engine's input: values, grouping, scale and direction of every indicator.

    Attributes
    ----------
    values : pandas.DataFrame
        Cases x indicators, float, ``NaN`` where missing (before any missing-value policy).
    mapping : pandas.Series
        Indicator id -> group (element) id, in indicator order.
    lower, upper : pandas.Series
        The scale of each indicator (``NaN`` when unbounded).
    direction : pandas.Series
        +1 (more is better) or -1 (less is better) per indicator.
    book : object or None
        The case book the values came from, if any (used to find uncertain codes).
    coder : str
        Whose codes were read from the book.
    argument : str
        The argument name used in error messages (``'book'``).
    """

    values: pd.DataFrame
    mapping: pd.Series
    lower: pd.Series
    upper: pd.Series
    direction: pd.Series
    book: Any = None
    coder: str = "ref"
    argument: str = "book"

    @property
    def cases(self) -> tuple[str, ...]:
        return tuple(self.values.index)

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(self.values.columns)

    @property
    def elements(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.mapping))

    @property
    def bounded(self) -> bool:
        """True when every indicator has a finite scale (needed by goalposts normalisation)."""
        return bool(
            np.isfinite(self.lower.to_numpy()).all() and np.isfinite(self.upper.to_numpy()).all()
        )

    def with_values(self, values: pd.DataFrame) -> ScoringData:
        """A copy with other values of the same shape (used after imputation)."""
        return ScoringData(
            values,
            self.mapping,
            self.lower,
            self.upper,
            self.direction,
            self.book,
            self.coder,
            self.argument,
        )


def is_book(obj: object) -> bool:
    """True when ``obj`` looks like a case book (has ``code_matrix`` and ``framework``)."""
    return hasattr(obj, "code_matrix") and hasattr(obj, "framework")


def resolve(
    book: Any,
    *,
    mapping: Mapping[str, str] | pd.Series | None = None,
    scale: Scale = (0, 3),
    direction: Mapping[str, int] | pd.Series | None = None,
    coder: str = "ref",
    need_mapping: bool = True,
    argument: str = "book",
) -> ScoringData:
    """Validate the input of a scoring function and return a :class:`ScoringData`.

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        A case book (reference codes of ``coder`` are read with ``code_matrix``) or a DataFrame
        indexed by case id with one numeric column per indicator.
    mapping : dict or Series, optional
        Indicator -> group. Taken from ``book.framework.subdimensions['element_id']`` for a case
        book; required for a DataFrame (unless ``need_mapping`` is False, then every column is its
        own group).
    scale : (low, high), dict of column -> (low, high), or None, default (0, 3)
        The theoretical range of the values. Values outside it raise :class:`CodeRangeError`.
        ``None``: unbounded (goalposts normalisation is then unavailable).
    direction : dict or Series of +1/-1, optional
        -1 for indicators where less is better. Default +1 for all.
    coder : str, default 'ref'
        Whose codes to read from a case book.

    Returns
    -------
    ScoringData

    Raises
    ------
    ScoringArgumentError
        Input that is neither a case book nor a DataFrame, duplicate case ids, non-numeric
        columns, unmapped columns, a bad scale or direction.
    CodeRangeError
        A value outside the scale.
    """
    if is_book(book):
        values = book.code_matrix("subdimension", coder=coder)
        values = values.astype("Float64").astype("float64")
        fw_map = book.framework.subdimensions["element_id"]
        if mapping is None:
            mapping = fw_map.reindex(values.columns)
        src_book = book
    elif isinstance(book, pd.DataFrame):
        values = book.copy()
        src_book = None
    else:
        raise ScoringArgumentError(
            argument,
            f"an object of type {type(book).__name__}",
            "a CaseBook (with .code_matrix and .framework) or a DataFrame of cases x indicators",
        )
    if values.shape[0] == 0 or values.shape[1] == 0:
        raise ScoringArgumentError(
            argument, f"a table of shape {values.shape}", "at least one case and one indicator"
        )
    if not values.index.is_unique:
        dup = values.index[values.index.duplicated()][0]
        raise ScoringArgumentError(
            argument, f"case id {dup!r} twice", "unique case ids in the index"
        )
    values.columns = [str(c) for c in values.columns]
    values.index = [str(i) for i in values.index]
    values.index.name = "case_id"
    for col in values.columns:
        ser = values[col]
        if pd.api.types.is_bool_dtype(ser) or not (
            pd.api.types.is_numeric_dtype(ser) or ser.isna().all()
        ):
            raise ScoringArgumentError(
                argument, f"column {col!r} of dtype {ser.dtype}", "numeric indicator columns"
            )
    values = values.astype("float64")

    # mapping
    if mapping is None:
        if need_mapping:
            raise ScoringArgumentError(
                "mapping",
                "None",
                "a dict or Series mapping every indicator column to its group (element)",
            )
        mp = pd.Series({c: c for c in values.columns}, dtype="object")
    else:
        mp = (
            pd.Series(mapping, dtype="object")
            if not isinstance(mapping, pd.Series)
            else mapping.astype("object")
        )
        mp.index = [str(i) for i in mp.index]
        unknown = [k for k in mp.index if k not in values.columns]
        if unknown:
            raise ScoringArgumentError(
                "mapping",
                f"unknown indicator(s) {', '.join(map(repr, unknown))}",
                "keys that are columns of the data",
            )
        unmapped = [c for c in values.columns if c not in mp.index or pd.isna(mp[c])]
        if unmapped:
            raise ScoringArgumentError(
                "mapping",
                f"no group for {', '.join(map(repr, unmapped))}",
                "a group for every indicator column",
            )
        values = values[list(mp.index)]
    mp = mp.reindex(values.columns).astype(str)
    # keep columns grouped in group order (first appearance), preserving order within groups
    order = [c for g in dict.fromkeys(mp) for c in mp.index if mp[c] == g]
    values = values[order]
    mp = mp.reindex(order)
    mp.name = "element_id"

    lower, upper = _scale(scale, values.columns)
    direc = _direction(direction, values.columns)

    # range check
    arr = values.to_numpy()
    lo = lower.to_numpy()
    hi = upper.to_numpy()
    with np.errstate(invalid="ignore"):
        bad = (arr < lo) | (arr > hi)
    if bad.any():
        i, j = map(int, np.argwhere(bad)[0])
        raise CodeRangeError(
            argument,
            f"{_fmt(arr[i, j])} for case {values.index[i]!r}, indicator {values.columns[j]!r}",
            f"values within the scale [{_fmt(lo[j])}, {_fmt(hi[j])}]",
        )
    if np.isinf(arr).any():
        i, j = map(int, np.argwhere(np.isinf(arr))[0])
        raise CodeRangeError(
            argument,
            f"an infinite value for case {values.index[i]!r}, indicator {values.columns[j]!r}",
            "finite values",
        )
    return ScoringData(values, mp, lower, upper, direc, src_book, coder, argument)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _scale(scale: Scale, columns: pd.Index) -> tuple[pd.Series, pd.Series]:
    lo = pd.Series(np.nan, index=columns, dtype="float64")
    hi = pd.Series(np.nan, index=columns, dtype="float64")
    if scale is None:
        return lo, hi
    if isinstance(scale, Mapping):
        unknown = [k for k in scale if k not in columns]
        if unknown:
            raise ScoringArgumentError(
                "scale",
                f"unknown indicator(s) {', '.join(map(repr, unknown))}",
                "keys that are indicator columns",
            )
        items = dict(scale)
    else:
        items = {c: scale for c in columns}
    for col, rng in items.items():
        if rng is None:
            continue
        try:
            a, b = (float(v) for v in rng)
        except (TypeError, ValueError):
            raise ScoringArgumentError(
                "scale", repr(rng), "a (low, high) pair of numbers or None"
            ) from None
        if not (math.isfinite(a) and math.isfinite(b) and a < b):
            raise ScoringArgumentError("scale", f"({a:g}, {b:g}) for {col!r}", "finite low < high")
        lo[col], hi[col] = a, b
    return lo, hi


def _direction(direction: Mapping[str, int] | pd.Series | None, columns: pd.Index) -> pd.Series:
    out = pd.Series(1, index=columns, dtype="int64")
    if direction is None:
        return out
    items = dict(direction.items()) if isinstance(direction, pd.Series) else dict(direction)
    for k, v in items.items():
        if k not in columns:
            raise ScoringArgumentError(
                "direction", f"unknown indicator {k!r}", "keys that are indicator columns"
            )
        if v not in (1, -1) or isinstance(v, bool):
            raise ScoringArgumentError(
                "direction", f"{v!r} for {k!r}", "+1 (more is better) or -1 (less is better)"
            )
        out[k] = int(v)
    return out


def apply_missing(data: ScoringData, policy: str) -> ScoringData:
    """Apply the missing-value policy; returns data whose values are complete unless ``'available'``.

    Raises
    ------
    MissingValueError
        Missing values under ``'error'``; a case or an indicator with no value at all.
    """
    check_choice("missing", policy, MISSING_POLICIES)
    v = data.values
    isna = v.isna()
    if not isna.to_numpy().any():
        return data
    empty_cases = [c for c in v.index if isna.loc[c].all()]
    if empty_cases:
        raise MissingValueError(
            data.argument,
            f"case {empty_cases[0]!r} with no value at all",
            "at least one non-missing value per case",
        )
    if policy == "error":
        i, j = map(int, np.argwhere(isna.to_numpy())[0])
        raise MissingValueError(
            "missing",
            f"'error' with a missing value for case {v.index[i]!r}, indicator {v.columns[j]!r}",
            "complete data, or missing='available', 'mean' or 'median'",
        )
    if policy == "available":
        return data
    empty_cols = [c for c in v.columns if isna[c].all()]
    if empty_cols:
        raise MissingValueError(
            data.argument,
            f"indicator {empty_cols[0]!r} with no value at all",
            f"at least one value per indicator to impute its {policy}",
        )
    fill = v.mean() if policy == "mean" else v.median()
    return data.with_values(v.fillna(fill))


def uncertain_codes(
    book: Any,
    rule: Literal["weak_evidence", "low_confidence", "none"] | pd.DataFrame = "weak_evidence",
    *,
    coder: str = "ref",
    like: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which codes rest on thin ground (True = uncertain), as a cases x sub-dimensions mask.

    Parameters
    ----------
    book : CaseBook-like
        Needs ``code_evidence(coder)`` (columns ``case_id, construct_id, evidence_id,
        strength``) or ``codes`` and ``evidence`` tables; ``codes`` for ``'low_confidence'``.
    rule : {'weak_evidence', 'low_confidence', 'none'} or DataFrame
        ``'weak_evidence'``: every evidence item the code cites is graded *weak*, or it cites
        none (a 0 "not found" rests on no evidence at all). ``'low_confidence'``: the coder marked
        the code's confidence as low. ``'none'``: no code is uncertain. A boolean DataFrame is
        used as given (cases x indicators).
    like : DataFrame, optional
        The values table the mask must match (index and columns).

    Returns
    -------
    pandas.DataFrame of bool
    """
    if isinstance(rule, pd.DataFrame):
        mask = rule.copy()
        if like is not None:
            extra_r = [r for r in mask.index if r not in like.index]
            extra_c = [c for c in mask.columns if c not in like.columns]
            if extra_r or extra_c:
                what = f"case {extra_r[0]!r}" if extra_r else f"indicator {extra_c[0]!r}"
                raise ScoringArgumentError(
                    "codes",
                    f"a mask naming unknown {what}",
                    "a boolean mask over the cases x indicators of the data",
                )
            mask = mask.reindex(index=like.index, columns=like.columns)
        if not all(
            pd.api.types.is_bool_dtype(mask[c]) for c in mask.columns if not mask[c].isna().all()
        ):
            raise ScoringArgumentError(
                "codes", "a mask with non-boolean columns", "a boolean DataFrame (True = uncertain)"
            )
        return mask.fillna(False).astype(bool)
    check_choice("codes", rule, CODE_RULES)
    index = like.index if like is not None else None
    columns = like.columns if like is not None else None
    if rule == "none":
        if like is None:
            raise ScoringArgumentError("like", "None", "the values table when rule='none'")
        return pd.DataFrame(False, index=index, columns=columns)
    if book is None or not is_book(book):
        raise ScoringArgumentError(
            "codes",
            f"{rule!r} without a case book",
            "a case book (to read evidence strength or confidence), or a boolean DataFrame mask",
        )
    if rule == "weak_evidence":
        if hasattr(book, "code_evidence"):
            ce = book.code_evidence(coder)
        else:  # pragma: no cover - older duck-typed books
            ce = _code_evidence_from_tables(book, coder)
        ce = ce[["case_id", "construct_id", "evidence_id", "strength"]].copy()
        strength = ce["strength"].astype("object")
        ce["weak"] = strength.eq("weak") | ce["evidence_id"].isna()
        flag = ce.groupby(["case_id", "construct_id"], sort=False)["weak"].all()
    else:
        codes = book.codes
        codes = codes[codes["coder_id"] == coder]
        flag = codes.set_index(["case_id", "construct_id"])["confidence"].astype("object").eq("low")
    wide = flag.unstack("construct_id")
    if like is not None:
        wide = wide.reindex(index=like.index, columns=like.columns)
    return wide.astype("object").fillna(False).astype(bool)


def _code_evidence_from_tables(book: Any, coder: str) -> pd.DataFrame:  # pragma: no cover
    codes = book.codes[book.codes["coder_id"] == coder]
    rows = []
    for rec in codes.itertuples(index=False):
        ids: list[str | None] = [
            x for x in str(rec.evidence_ids or "").split(";") if x and x != "nan"
        ] or [None]
        rows += [
            {"case_id": rec.case_id, "construct_id": rec.construct_id, "evidence_id": e}
            for e in ids
        ]
    out = pd.DataFrame(rows, columns=["case_id", "construct_id", "evidence_id"])
    return out.join(book.evidence[["strength"]], on="evidence_id")
