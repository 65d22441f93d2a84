"""Moving data to and from R's ``QCA`` package.

* :func:`write_r_csv` writes a DataFrame (e.g. calibrated set memberships) as a CSV file that
  ``read.csv(path, row.names = 1)`` reads unchanged: case names as the first, unnamed column and
  column names that R accepts as they are.
* :func:`r_names` and :func:`is_syntactic_name` apply and check R's ``make.names`` rules.
* :func:`parse_r_solution` turns R's printed solutions (``M1: DEV*~URB + STB -> SURV``, with
  model ambiguity shown in parentheses) into smartcase expressions; :func:`parse_r_models` gives
  the same as a table with outcome, relation and the terms that vary between models.

Examples
--------
In R: ``minimize(truthTable(LC, "SURV"), include = "?")`` prints ``M1: DEV*STB <-> SURV``.

>>> [str(e) for e in parse_r_solution("M1: DEV*STB <-> SURV")]
['DEV*STB']
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import ArgumentError, ExchangeError, QCAError
from .output import atomic_write_bytes
from .qca.expression import _ARROWS

if TYPE_CHECKING:  # pragma: no cover
    from .qca.expression import Expression

__all__ = [
    "write_r_csv",
    "r_csv_bytes",
    "r_names",
    "is_syntactic_name",
    "parse_r_solution",
    "parse_r_models",
    "R_RESERVED_WORDS",
]

#: R's reserved words (``?Reserved``); ``make.names`` appends a dot to them.
R_RESERVED_WORDS = frozenset(
    {
        "if",
        "else",
        "repeat",
        "while",
        "function",
        "for",
        "next",
        "break",
        "in",
        "TRUE",
        "FALSE",
        "NULL",
        "Inf",
        "NaN",
        "NA",
        "NA_integer_",
        "NA_real_",
        "NA_character_",
        "NA_complex_",
    }
)
_DOTS = re.compile(r"^\.\.(\.|\d+)$")


# ----------------------------------------------------------------------------- names
def _valid_char(ch: str) -> bool:
    return ch.isalnum() or ch in "._"


def is_syntactic_name(name: str) -> bool:
    """Whether R uses ``name`` unchanged as a column name (``make.names(name) == name``).

    A syntactic name consists of letters, digits, ``.`` and ``_``, starts with a letter or a
    dot not followed by a digit, and is not a reserved word.

    Examples
    --------
    >>> [is_syntactic_name(n) for n in ["DEV", "open_data", ".x", "2x", "a b", "if", "_a"]]
    [True, True, True, False, False, False, False]
    """
    if not isinstance(name, str) or not name:
        return False
    return r_names([name], unique=False)[0] == name


def _make_name(name: str) -> str:
    if not name or not (
        name[0].isalpha() or name[0] == "." and not (len(name) > 1 and name[1].isdigit())
    ):
        name = "X" + name
    name = "".join(ch if _valid_char(ch) else "." for ch in name)
    if name in R_RESERVED_WORDS or _DOTS.match(name):
        name += "."
    return name


def _make_unique(names: Sequence[str]) -> list[str]:
    """R's ``make.unique(names, sep = ".")``: later duplicates get ``.1``, ``.2``, ..."""
    seen = set(names)
    counts: dict[str, int] = {}
    out: list[str] = []
    first: set[str] = set()
    for n in names:
        if n not in first:
            first.add(n)
            out.append(n)
            continue
        k = counts.get(n, 0)
        while True:
            k += 1
            candidate = f"{n}.{k}"
            if candidate not in seen:
                break
        counts[n] = k
        seen.add(candidate)
        out.append(candidate)
    return out


def r_names(names: Iterable[object], *, unique: bool = True) -> list[str]:
    """R's ``make.names(names, unique = TRUE)``: the column names ``read.csv`` will use.

    Invalid characters become ``.``; names that do not start with a letter (or a dot not
    followed by a digit) get an ``X`` in front; reserved words get a ``.`` appended; with
    ``unique``, repeated names get ``.1``, ``.2``, ... (names that were already syntactic keep
    their spelling first, as in R >= 3.1).

    Parameters
    ----------
    names : iterable
        Column names (converted with ``str``).
    unique : bool, default True
        Make the names unique, as ``read.csv(check.names = TRUE)`` does.

    Returns
    -------
    list of str

    Notes
    -----
    Letters are Unicode letters, as in R running in a UTF-8 locale (``open_데이터`` is
    syntactic there); in a non-UTF-8 locale R may replace non-ASCII letters too.

    Examples
    --------
    In R: ``make.names(c("a and b", "a-and-b"), unique = TRUE)`` gives ``"a.and.b" "a.and.b.1"``.

    >>> r_names(["a and b", "a-and-b"])
    ['a.and.b', 'a.and.b.1']
    >>> r_names(["", "X"])
    ['X.1', 'X']
    >>> r_names(["1990", "if", "NA", "_x"])
    ['X1990', 'if.', 'NA.', 'X_x']
    """
    raw = ["" if n is None else str(n) for n in names]
    made = [_make_name(n) for n in raw]
    if not unique:
        return made
    # R: o <- order(names != value); names[o] <- make.unique(names[o])
    order = sorted(range(len(made)), key=lambda i: made[i] != raw[i])
    uniq = _make_unique([made[i] for i in order])
    out = [""] * len(made)
    for pos, i in enumerate(order):
        out[i] = uniq[pos]
    return out


# ----------------------------------------------------------------------------- CSV for R
def _r_value(value: object) -> tuple[str, bool]:
    """Text of one value for R and whether to quote it."""
    import numpy as np

    if value is None or value is pd.NA or value is pd.NaT:
        return "NA", False
    if isinstance(value, bool | np.bool_):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int | np.integer):
        return str(int(value)), False
    if isinstance(value, float | np.floating):
        f = float(value)
        if math.isnan(f):
            return "NA", False
        if math.isinf(f):
            return ("Inf" if f > 0 else "-Inf"), False
        return repr(f), False
    return str(value), True


def r_csv_bytes(df: pd.DataFrame, *, make_names: bool = False) -> bytes:
    """The bytes :func:`write_r_csv` writes (see there)."""
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError("df", type(df).__name__, "a pandas DataFrame")
    if isinstance(df.columns, pd.MultiIndex) or isinstance(df.index, pd.MultiIndex):
        raise ArgumentError(
            "df", "a MultiIndex", "a single index of case names and single column names"
        )
    columns = [str(c) for c in df.columns]
    fixed = r_names(columns)
    if fixed != columns:
        if not make_names:
            bad = [(c, f) for c, f in zip(columns, fixed, strict=True) if c != f]
            c, f = bad[0]
            raise ArgumentError(
                "df",
                f"column name {c!r}, which R's read.csv would rename to {f!r}",
                "syntactic R names (letters, digits, '.', '_'; starting with a letter; unique); "
                "rename the columns or pass make_names=True",
            )
        columns = fixed
    index = list(df.index)
    if any(i is None or (isinstance(i, float) and math.isnan(i)) for i in index):
        raise ArgumentError(
            "df",
            "a missing case name in the index",
            "a case name for every row (R needs row names)",
        )
    names = [str(i) for i in index]
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise ArgumentError(
                "df",
                f"the case name {n!r} twice in the index",
                "unique case names (R refuses duplicate row names)",
            )
        seen.add(n)
    buf = io.StringIO()

    def q(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    buf.write(",".join([q(""), *(q(c) for c in columns)]) + "\n")
    for name, row in zip(names, df.itertuples(index=False, name=None), strict=True):
        cells = [q(name)]
        for value in row:
            text, quote = _r_value(value)
            cells.append(q(text) if quote else text)
        buf.write(",".join(cells) + "\n")
    return buf.getvalue().encode("utf-8")


def write_r_csv(
    df: pd.DataFrame,
    path: str | Path,
    *,
    make_names: bool = False,
    overwrite: bool = False,
) -> Path:
    """Write a DataFrame as a CSV file that R reads unchanged with ``read.csv(row.names = 1)``.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows are cases (the index holds the case names), columns are conditions and outcome,
        e.g. calibrated memberships.
    path : str or Path
        The ``.csv`` file.
    make_names : bool, default False
        Rename columns as R would (:func:`r_names`) instead of refusing names R would change.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        A column name that R's ``read.csv`` would change (unless ``make_names``), or missing
        or duplicate case names.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    Notes
    -----
    The layout is that of R's ``write.csv``: UTF-8, comma-separated, ``\\n`` line endings, a
    header whose first field is empty (``""``) followed by the column names, then one row per
    case with the case name first. Names and text are double-quoted (a quote inside doubled);
    numbers are written in full precision (Python's shortest round-trip form), booleans as
    ``TRUE``/``FALSE``, missing values as ``NA``, infinities as ``Inf``/``-Inf``.

    ``read.csv(file, row.names = 1)`` then takes the first column as row names (``rownames``),
    and with its default ``check.names = TRUE`` passes the header through ``make.names``;
    names that are already syntactic (letters, digits, ``.`` and ``_``, starting with a letter
    or a dot not followed by a digit, not a reserved word, unique) come through unchanged,
    which is why other names are refused here. Read non-ASCII text with
    ``read.csv(file, row.names = 1, fileEncoding = "UTF-8")`` on systems whose locale is not
    UTF-8.

    Examples
    --------
    In R: ``LC <- read.csv("lc.csv", row.names = 1); truthTable(LC, "SURV")``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"DEV": [1, 0], "STB": [0.95, 0.2]}, index=["AU", "BE"])
    >>> print(r_csv_bytes(df).decode(), end="")
    "","DEV","STB"
    "AU",1,0.95
    "BE",0,0.2
    """
    return atomic_write_bytes(path, r_csv_bytes(df, make_names=make_names), overwrite=overwrite)


# ----------------------------------------------------------------------------- solutions
_MODEL_RE = re.compile(r"^\s*(?P<label>M\d+)\s*:\s*(?P<body>.*)$")
_FROM_RE = re.compile(r"^\s*From\s+(?P<sols>C\d+P\d+(?:\s*,\s*C\d+P\d+)*)\s*:\s*$")
_ARROW_RE = re.compile(r"<->|<=>|->|=>|<=|<-")
_RELATIONS = _ARROWS  # R's arrows and the relation each one states
_CURLY = re.compile(r"\{(\d+(?:\s*,\s*\d+)*)\}")


def _split_body(body: str, line_no: int) -> tuple[list[str], list[str], str | None, str | None]:
    """Shared terms, varying (parenthesised) terms, outcome and arrow of one model line."""
    m = _ARROW_RE.search(body)
    arrow = m.group(0) if m else None
    lhs = body[: m.start()] if m else body
    outcome = body[m.end() :].strip() if m else None
    if m and not outcome:
        raise ExchangeError(
            "R solution without an outcome after the arrow",
            line=line_no,
            expected=f"an outcome after {arrow!r}",
            found=repr(body.strip()),
        )
    lhs = _CURLY.sub(lambda mm: "[" + mm.group(1) + "]", lhs)
    if outcome is not None:
        outcome = _CURLY.sub(lambda mm: "[" + mm.group(1) + "]", outcome)
    shared: list[str] = []
    varying: list[str] = []
    depth = 0
    buf = ""
    for ch in lhs + "+":
        if ch == "(":
            if depth:
                raise ExchangeError(
                    "nested parentheses in an R solution",
                    line=line_no,
                    expected="at most one level of parentheses",
                    found=repr(lhs.strip()),
                )
            if buf.strip():
                raise ExchangeError(
                    "'(' inside a term of an R solution",
                    line=line_no,
                    expected="'(' only before a term",
                    found=repr(lhs.strip()),
                )
            depth = 1
            buf = ""
            continue
        if ch == ")":
            if not depth:
                raise ExchangeError(
                    "unbalanced ')' in an R solution",
                    line=line_no,
                    expected="'(' before ')'",
                    found=repr(lhs.strip()),
                )
            depth = 0
            if buf.strip():
                varying.append(buf.strip())
            buf = ""
            continue
        if ch == "+":
            if buf.strip():
                (varying if depth else shared).append(buf.strip())
            buf = ""
            continue
        buf += ch
    if depth:
        raise ExchangeError(
            "unbalanced '(' in an R solution",
            line=line_no,
            expected="a ')' closing the '('",
            found=repr(lhs.strip()),
        )
    return shared, varying, outcome, arrow


def _to_expression(terms: Sequence[str], line_no: int, text: str) -> Expression:
    from .qca.expression import parse_expression

    joined = " + ".join(terms)
    try:
        return parse_expression(joined)
    except QCAError as exc:
        raise ExchangeError(
            "cannot read an R solution",
            line=line_no,
            expected="a sum of products in QCA notation such as 'A*~B + C'",
            found=f"{text.strip()!r} ({exc})",
        ) from None


def parse_r_models(text: str) -> pd.DataFrame:
    """Read R ``QCA`` solution lines into a table, one row per model.

    Parameters
    ----------
    text : str
        R's printout of ``minimize`` (or any text holding its model lines):
        ``M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB <-> SURV``. Terms that differ between
        ambiguous models are in parentheses (``M1: ~NATPRIDE + (DEMOC*GEOCON) -> PROTEST``);
        ``From C1P1, C1P2:`` lines (intermediate solutions) label the models that follow.
        Text without any ``M<n>:`` line is read as one solution (``A*B + C -> Y`` or just
        ``A*B + C``). Other lines (tables, headers) are ignored. Multi-value literals as
        ``A[1]`` (R's older ``A{1}`` is accepted).

    Returns
    -------
    pandas.DataFrame
        Columns ``model`` (``'M1'``, ...), ``solution`` (``'C1P1'`` etc. or missing),
        ``expression`` (:class:`~smartcase.qca.expression.Expression`, all terms of the model),
        ``outcome`` (e.g. ``'SURV'``, ``'~SURV[1]'``, or missing), ``relation``
        (``'sufficiency'``, ``'necessity'``, ``'both'`` or missing), ``shared`` (the terms
        outside parentheses) and ``varying`` (the terms in parentheses), both as strings
        joined by ``' + '``, and ``line`` (1-based line number in ``text``).

    Raises
    ------
    ExchangeError
        No model found, unbalanced parentheses, a missing outcome after the arrow, or a term
        that is not QCA notation; the message names the line.

    See Also
    --------
    parse_r_solution : only the expressions.

    Examples
    --------
    >>> m = parse_r_models('''
    ... M1: WS + ES*WM + QU*LP + (~ES*LP) <-> WNP
    ... M2: WS + ES*WM + QU*LP + (WM*LP) <-> WNP
    ... ''')
    >>> m[["model", "varying", "relation"]].to_dict("records")[1]
    {'model': 'M2', 'varying': 'WM*LP', 'relation': 'both'}
    """
    if not isinstance(text, str):
        raise ArgumentError("text", type(text).__name__, "a string of R output")
    lines = text.splitlines()
    rows: list[dict[str, object]] = []
    solution: str | None = None
    in_block = False
    i = 0
    while i < len(lines):
        line = lines[i]
        mf = _FROM_RE.match(line)
        if mf:
            solution = ", ".join(s.strip() for s in mf.group("sols").split(","))
            i += 1
            continue
        mm = _MODEL_RE.match(line)
        if not mm:
            if line.strip() and in_block:
                # the models of a "From C1P1:" block end at the first other non-blank line
                solution, in_block = None, False
            i += 1
            continue
        in_block = True
        body = mm.group("body")
        start = i + 1
        # a long model may be wrapped: continue until the line holding the arrow
        while (
            not _ARROW_RE.search(body)
            and i + 1 < len(lines)
            and lines[i + 1].strip()
            and not _MODEL_RE.match(lines[i + 1])
        ):
            i += 1
            body += " " + lines[i].strip()
        shared, varying, outcome, arrow = _split_body(body, start)
        if not shared and not varying:
            raise ExchangeError(
                "empty R solution",
                line=start,
                expected="terms after the model label",
                found=repr(line.strip()),
            )
        rows.append(
            {
                "model": mm.group("label"),
                "solution": solution,
                "expression": _to_expression([*shared, *varying], start, line),
                "outcome": outcome,
                "relation": _RELATIONS[arrow] if arrow else None,
                "shared": " + ".join(shared),
                "varying": " + ".join(varying),
                "line": start,
            }
        )
        i += 1
    if not rows:
        content = [(n, s) for n, s in enumerate(lines, start=1) if s.strip()]
        if len(content) == 1:
            n, s = content[0]
            shared, varying, outcome, arrow = _split_body(s, n)
            rows.append(
                {
                    "model": "M1",
                    "solution": None,
                    "expression": _to_expression([*shared, *varying], n, s),
                    "outcome": outcome,
                    "relation": _RELATIONS[arrow] if arrow else None,
                    "shared": " + ".join(shared),
                    "varying": " + ".join(varying),
                    "line": n,
                }
            )
        else:
            raise ExchangeError(
                "no R solution found",
                expected="lines such as 'M1: A*B + C -> Y' (or a single expression)",
                found=f"{len(content)} lines without a model label",
            )
    return pd.DataFrame(
        rows,
        columns=[
            "model",
            "solution",
            "expression",
            "outcome",
            "relation",
            "shared",
            "varying",
            "line",
        ],
    )


def parse_r_solution(text: str) -> list[Expression]:
    """Parse R ``QCA`` solution text into smartcase expressions, one per model.

    Parameters
    ----------
    text : str
        For example ``"M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB <-> SURV"``, several ``M<n>:``
        lines (model ambiguity; the terms in parentheses belong to that model), a whole
        ``minimize`` printout, or a bare expression. See :func:`parse_r_models`.

    Returns
    -------
    list of Expression
        In the order printed; ``str(expr)`` gives the model in QCA notation without
        parentheses (``parse_expression`` form).

    Raises
    ------
    ExchangeError
        See :func:`parse_r_models`.

    Examples
    --------
    In R: ``minimize(ttLM, details = TRUE)`` prints multi-value solutions.

    >>> [str(e) for e in parse_r_solution("M1: DEV[2] + DEV[1]*IND[0] -> SURV[1]")]
    ['DEV[2] + DEV[1]*IND[0]']
    >>> [str(e) for e in parse_r_solution('''
    ... M1: ~NATPRIDE + (DEMOC*GEOCON) -> PROTEST
    ... M2: ~NATPRIDE + (ETHFRACT*POLDIS) -> PROTEST''')]
    ['~NATPRIDE + DEMOC*GEOCON', '~NATPRIDE + ETHFRACT*POLDIS']
    """
    return list(parse_r_models(text)["expression"])
