"""Fuzzy-set intersection, union and negation.

The standard (Zadeh) operators that QCA uses: the intersection of sets is the case-wise minimum
of their memberships (logical AND, written ``A*B``), the union the case-wise maximum (logical
OR, ``A + B``) and the negation ``1 - A`` (``~A``). They work on crisp (0/1) sets as well.

Examples
--------
>>> import pandas as pd
>>> from smartcase.qca.setops import fuzzy_and, fuzzy_or, fuzzy_not
>>> df = pd.DataFrame({"A": [0.2, 0.9, 0.6], "B": [0.7, 0.4, 0.6]}, index=["x", "y", "z"])
>>> fuzzy_and(df["A"], df["B"]).tolist()
[0.2, 0.4, 0.6]
>>> fuzzy_or(df).name
'A + B'
>>> fuzzy_not(df["A"]).round(1).tolist()
[0.8, 0.1, 0.4]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError

__all__ = ["fuzzy_and", "fuzzy_or", "fuzzy_not"]

SetLike: TypeAlias = pd.Series | pd.DataFrame | np.ndarray | Sequence[float]

_TOL = 1e-9


def _check_membership(values: np.ndarray, argument: str, labels: Sequence[object]) -> None:
    """Raise :class:`QCAError` unless every value is a membership score in [0, 1]."""
    if np.isnan(values).any():
        where = int(np.flatnonzero(np.isnan(values))[0])
        raise QCAError(
            f"argument '{argument}': expected membership scores in [0, 1], "
            f"found a missing value at {labels[where]!r}"
        )
    bad = (values < -_TOL) | (values > 1 + _TOL)
    if bad.any():
        where = int(np.flatnonzero(bad)[0])
        raise QCAError(
            f"argument '{argument}': expected membership scores in [0, 1], "
            f"found {values[where]:g} at {labels[where]!r}"
        )


def as_membership(
    x: SetLike, argument: str = "x"
) -> tuple[np.ndarray, pd.Index | None, str | None]:
    """Memberships of one set as a float array, plus its index and name (for Series).

    Parameters
    ----------
    x : Series, ndarray or sequence of numbers
        Membership scores in [0, 1].
    argument : str
        The argument name used in error messages.

    Returns
    -------
    values : ndarray
        The scores as floats.
    index : Index or None
        ``x.index`` when ``x`` is a Series.
    name : str or None
        ``x.name`` when ``x`` is a named Series.

    Raises
    ------
    ArgumentError
        ``x`` is not one-dimensional or not numeric.
    QCAError
        A score is missing or outside [0, 1].
    """
    index: pd.Index | None = None
    name: str | None = None
    if isinstance(x, pd.DataFrame):
        raise ArgumentError(argument, "a DataFrame", "one set (a Series, array or list)")
    if isinstance(x, pd.Series):
        if pd.api.types.is_bool_dtype(x.dtype):
            x = x.astype(float)
        if not pd.api.types.is_numeric_dtype(x.dtype):
            raise ArgumentError(
                argument, f"a Series of dtype {x.dtype}", "numeric membership scores"
            )
        index = x.index
        name = None if x.name is None else str(x.name)
        values = x.to_numpy(dtype=float, na_value=np.nan)
        labels: Sequence[object] = list(x.index)
    else:
        if isinstance(x, str | bytes) or np.ndim(x) == 0:
            raise ArgumentError(argument, repr(x), "a Series, array or list of membership scores")
        try:
            values = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise ArgumentError(
                argument, "non-numeric values", "numeric membership scores"
            ) from None
        if values.ndim != 1:
            raise ArgumentError(
                argument, f"an array of shape {values.shape}", "a one-dimensional array"
            )
        labels = list(range(values.size))
    _check_membership(values, argument, labels)
    return values, index, name


def _collect(
    sets: tuple[SetLike, ...], op: str
) -> tuple[np.ndarray, pd.Index | None, list[str | None]]:
    """Stack the sets column-wise; DataFrames contribute one set per column."""
    if not sets:
        raise ArgumentError("sets", "no sets", f"at least one set for {op}")
    columns: list[np.ndarray] = []
    names: list[str | None] = []
    index: pd.Index | None = None
    for k, item in enumerate(sets):
        argument = f"sets[{k}]"
        if isinstance(item, pd.DataFrame):
            parts: list[tuple[object, str]] = [
                (item[col], f"{argument}['{col}']") for col in item.columns
            ]
            if not parts:
                raise ArgumentError(argument, "a DataFrame without columns", "one or more sets")
        else:
            parts = [(item, argument)]
        for part, arg in parts:
            values, idx, name = as_membership(part, arg)
            if columns and values.size != columns[0].size:
                raise ArgumentError(
                    arg, f"{values.size} cases", f"{columns[0].size} cases like the first set"
                )
            if idx is not None:
                if index is None:
                    index = idx
                elif not idx.equals(index):
                    raise ArgumentError(
                        arg,
                        "a Series with a different index",
                        "sets indexed by the same cases in the same order",
                    )
            columns.append(values)
            names.append(name)
    return np.column_stack(columns), index, names


def _wrap(values: np.ndarray, index: pd.Index | None, name: str | None) -> pd.Series | np.ndarray:
    if index is None:
        return values
    return pd.Series(values, index=index, name=name)


def _negate_name(name: str) -> str:
    name = name.strip()
    if name.startswith("~") and not any(op in name for op in "*+"):
        return name[1:]
    if any(op in name for op in "*+"):
        return f"~({name})"
    return f"~{name}"


def fuzzy_and(*sets: SetLike) -> pd.Series | np.ndarray:
    """Intersection (logical AND) of fuzzy or crisp sets: the case-wise minimum.

    Parameters
    ----------
    *sets : Series, DataFrame, ndarray or sequence of numbers
        Membership scores in [0, 1], all for the same cases; each column of a DataFrame is one set.

    Returns
    -------
    Series or ndarray
        A Series (indexed like the Series or DataFrame inputs, named ``"A*B"`` after the input
        names when all are named) when any input is a Series or DataFrame, else an array.

    Raises
    ------
    ArgumentError
        No sets, a set that is not numeric or one-dimensional, sets of different lengths or
        with different indexes.
    QCAError
        A membership score is missing or outside [0, 1].

    See Also
    --------
    fuzzy_or, fuzzy_not

    Notes
    -----
    In R: ``fuzzyand(A, B)`` (or ``compute("A*B", data)``).

    Examples
    --------
    >>> import pandas as pd
    >>> lf = pd.DataFrame({"DEV": [0.81, 0.99, 0.58], "STB": [0.43, 0.98, 0.91]}, index=["AU", "BE", "CZ"])
    >>> fuzzy_and(lf["DEV"], lf["STB"])
    AU    0.43
    BE    0.98
    CZ    0.58
    Name: DEV*STB, dtype: float64
    >>> fuzzy_and([1, 0, 1], [1, 1, 0]).tolist()
    [1.0, 0.0, 0.0]
    """
    matrix, index, names = _collect(sets, "fuzzy_and")
    name = (
        "*".join(n for n in names if n is not None) if all(n is not None for n in names) else None
    )
    return _wrap(matrix.min(axis=1), index, name)


def fuzzy_or(*sets: SetLike) -> pd.Series | np.ndarray:
    """Union (logical OR) of fuzzy or crisp sets: the case-wise maximum.

    Parameters
    ----------
    *sets : Series, DataFrame, ndarray or sequence of numbers
        Membership scores in [0, 1], all for the same cases; each column of a DataFrame is one set.

    Returns
    -------
    Series or ndarray
        A Series (named ``"A + B"`` when all inputs are named) when any input is a Series or
        DataFrame, else an array.

    Raises
    ------
    ArgumentError
        No sets, a set that is not numeric or one-dimensional, sets of different lengths or
        with different indexes.
    QCAError
        A membership score is missing or outside [0, 1].

    See Also
    --------
    fuzzy_and, fuzzy_not

    Notes
    -----
    In R: ``fuzzyor(A, B)``.

    Examples
    --------
    >>> import pandas as pd
    >>> lf = pd.DataFrame({"DEV": [0.81, 0.99, 0.58], "STB": [0.43, 0.98, 0.91]}, index=["AU", "BE", "CZ"])
    >>> fuzzy_or(lf)
    AU    0.81
    BE    0.99
    CZ    0.91
    Name: DEV + STB, dtype: float64
    """
    matrix, index, names = _collect(sets, "fuzzy_or")
    name = (
        " + ".join(n for n in names if n is not None) if all(n is not None for n in names) else None
    )
    return _wrap(matrix.max(axis=1), index, name)


def fuzzy_not(x: SetLike) -> pd.Series | pd.DataFrame | np.ndarray:
    """Negation (complement) of a fuzzy or crisp set: ``1 - x``.

    Parameters
    ----------
    x : Series, DataFrame, ndarray or sequence of numbers
        Membership scores in [0, 1]. A DataFrame is negated column by column.

    Returns
    -------
    Series, DataFrame or ndarray
        The same type as ``x``. A Series named ``A`` becomes ``~A`` (and ``~A`` becomes ``A``);
        DataFrame columns are renamed the same way.

    Raises
    ------
    ArgumentError
        ``x`` is not numeric.
    QCAError
        A membership score is missing or outside [0, 1].

    See Also
    --------
    fuzzy_and, fuzzy_or

    Notes
    -----
    In R: ``1 - A`` (or ``compute("~A", data)``).

    Examples
    --------
    >>> import pandas as pd
    >>> fuzzy_not(pd.Series([0.0, 0.25, 1.0], name="URB"))
    0    1.00
    1    0.75
    2    0.00
    Name: ~URB, dtype: float64
    >>> fuzzy_not(pd.DataFrame({"A": [1, 0], "~B": [0.5, 0.25]})).columns.tolist()
    ['~A', 'B']
    """
    if isinstance(x, pd.DataFrame):
        out = {}
        for col in x.columns:
            values, _, _ = as_membership(x[col], f"x['{col}']")
            out[_negate_name(str(col))] = 1.0 - values
        return pd.DataFrame(out, index=x.index)
    values, index, name = as_membership(x, "x")
    return _wrap(1.0 - values, index, None if name is None else _negate_name(name))
