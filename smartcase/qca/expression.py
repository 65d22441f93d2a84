"""Boolean expressions in QCA notation: parse, print, compare and evaluate.

QCA writes a sufficient (or necessary) configuration as a sum of products of condition literals,
``A*~B + C``: ``*`` is conjunction (set intersection), ``+`` disjunction (set union) and a leading
``~`` negates a condition. Multi-value conditions take their value(s) in square brackets, as R's
``QCA`` 3.25 prints them: ``DEV[2]`` (``DEV`` equals 2) or ``DEV[0,2]`` (``DEV`` is 0 or 2).

An :class:`Expression` is a frozen value: two expressions are equal when they hold the same *set*
of terms, and two terms are equal when they hold the same *set* of literals, so
``parse_expression("B*A + C") == parse_expression("C + A*B")``. The crisp literal ``A`` equals
``A[1]`` and ``~A`` equals ``A[0]``.

Evaluated on a DataFrame, a literal takes the membership of each case in the condition (``x``
for ``A``, ``1 - x`` for ``~A``; for a bracketed literal on crisp or multi-value data 1 when the
value is in the set and 0 otherwise), a term the minimum over its literals and an expression the
maximum over its terms (Zadeh's fuzzy intersection and union). A ``"-"`` in the data (R's "don't
care" code, e.g. in the ``RS`` data) is compatible with every value: its literal membership is 1.

Examples
--------
In R: ``admisc::simplify("DEV*STB + DEV*LIT*STB")`` keeps ``DEV*STB``; here the parsed terms
are compared as sets and evaluated on a small inline copy of R's ``LC`` data.

>>> import pandas as pd
>>> from smartcase.qca.expression import parse_expression
>>> lc = pd.DataFrame({"DEV": [1, 1, 0], "URB": [0, 1, 0], "STB": [0, 1, 1]},
...                   index=["AU", "BE", "EE"])
>>> expr = parse_expression("DEV*STB + ~DEV*~URB")
>>> str(expr)
'DEV*STB + ~DEV*~URB'
>>> expr == parse_expression("~URB*~DEV + STB*DEV")
True
>>> expr.membership(lc).tolist()
[0.0, 1.0, 1.0]
>>> parse_expression("DEV[1,2]*URB[0]").terms[0].literals[0].values
frozenset({1, 2})
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

import numpy as np
import pandas as pd

from ..errors import QCAError

__all__ = [
    "Literal",
    "Term",
    "Expression",
    "parse_expression",
    "parse_relation",
    "negate_literal",
    "DONT_CARE",
]

#: The value R's QCA uses in data for a "don't care" (e.g. temporal QCA): compatible with any value.
DONT_CARE = "-"

_NAME = r"[A-Za-z_.][A-Za-z0-9_.]*"
_TOKEN = re.compile(
    rf"\s*(?:(?P<tilde>~)|(?P<name>{_NAME})(?:\s*\[(?P<values>[^\]]*)\])?|(?P<op>[*+])"
    r"|(?P<open>\()|(?P<close>\))|(?P<bad>\S))"
)
#: Most terms a parenthesised or negated expression may expand to (sum of products).
_MAX_EXPANDED_TERMS = 100_000
_ABSENT = 10**9  # sorts absent conditions after present ones (R's order of prime implicants)


# --------------------------------------------------------------------------- literals and terms
@dataclass(frozen=True, eq=False)
class Literal:
    """One condition literal: ``A``, ``~A``, ``A[1]``, ``A[0,2]`` or ``~A[1]``.

    Parameters
    ----------
    condition : str
        The condition (column) name.
    values : frozenset of int
        The condition values that satisfy the literal: ``{1}`` for ``A``, ``{0}`` for ``~A``.
    multivalue : bool
        Print in bracket notation (``A[1]``) instead of ``A`` / ``~A``.
    negated : bool
        Only for bracket notation: the literal holds when the value is *not* in ``values``
        (``~A[1]``).

    Notes
    -----
    Equality and hashing ignore the print form: ``A == A[1]`` and ``~A == A[0]``.
    """

    condition: str
    values: frozenset[int]
    multivalue: bool = False
    negated: bool = False

    @property
    def key(self) -> tuple[str, frozenset[int], bool]:
        """What identifies the literal: condition, value set, negation."""
        return (self.condition, self.values, self.negated)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Literal) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        if not self.multivalue and not self.negated and self.values in ({0}, {1}):
            return self.condition if self.values == {1} else f"~{self.condition}"
        inner = ",".join(str(v) for v in sorted(self.values))
        return f"{'~' if self.negated else ''}{self.condition}[{inner}]"

    def __repr__(self) -> str:
        return f"Literal({str(self)!r})"

    def membership(self, data: pd.DataFrame) -> np.ndarray:
        """Membership of every case (row of ``data``) in this literal, as a float array."""
        column = _column(data, self.condition)
        dc, x, kind = _column_values(column, self.condition)
        if kind == "fuzzy":
            if not self.values <= {0, 1}:
                raise QCAError(
                    f"literal '{self}': condition '{self.condition}' holds fuzzy memberships, "
                    f"so only the values 0 and 1 can be named (found {sorted(self.values)})"
                )
            if self.values == {0, 1}:
                out = np.ones_like(x)
            elif self.values == {1}:
                out = x.copy()
            else:
                out = 1.0 - x
        else:
            if not self.multivalue and not self.negated and kind == "multivalue":
                levels = sorted({int(v) for v in x[~dc]})
                raise QCAError(
                    f"literal '{self}': condition '{self.condition}' is multi-value "
                    f"(values {levels}); name the value in brackets, e.g. "
                    f"'{self.condition}[{levels[-1]}]'"
                )
            out = np.isin(x, list(self.values)).astype(float)
        if self.negated:
            out = 1.0 - out
        out[dc] = 1.0
        return out


@dataclass(frozen=True, eq=False)
class Term:
    """A conjunction of literals (a product term such as ``DEV*~URB*STB``).

    Equality is set equality of the literals; printing keeps the stored order.
    """

    literals: tuple[Literal, ...]
    _key: frozenset[Literal] = field(default=frozenset(), init=False, repr=False, compare=False)
    _text: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        seen: dict[Literal, None] = {}
        for lit in self.literals:
            seen.setdefault(lit, None)
        object.__setattr__(self, "literals", tuple(seen))
        object.__setattr__(self, "_key", frozenset(seen))
        object.__setattr__(self, "_text", "*".join(str(lit) for lit in seen))

    @property
    def key(self) -> frozenset[Literal]:
        """The set of literals."""
        return self._key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Term({str(self)!r})"

    def __len__(self) -> int:
        return len(self.literals)

    def __iter__(self) -> Iterator[Literal]:
        return iter(self.literals)

    @property
    def conditions(self) -> tuple[str, ...]:
        """Condition names in the order they appear."""
        return tuple(dict.fromkeys(lit.condition for lit in self.literals))

    def membership(self, data: pd.DataFrame) -> np.ndarray:
        """Membership of every case in the term (minimum over its literals)."""
        out = np.ones(len(data), dtype=float)
        for lit in self.literals:
            np.minimum(out, lit.membership(data), out=out)
        return out

    def sorted(self, conditions: Sequence[str]) -> Term:
        """The same term with its literals in the order of ``conditions``."""
        order = {c: i for i, c in enumerate(conditions)}
        return Term(
            tuple(
                sorted(
                    self.literals,
                    key=lambda lit: (
                        order.get(lit.condition, len(order)),
                        lit.condition,
                        sorted(lit.values),
                    ),
                )
            )
        )


# --------------------------------------------------------------------------- expressions
@dataclass(frozen=True, eq=False)
class Expression:
    """A sum of products in QCA notation, such as ``A*~B + C``.

    Build one with :func:`parse_expression`. Equality is set equality of the terms (each a set
    of literals); ``str`` prints the terms in their stored order.

    Attributes
    ----------
    terms : tuple of Term
        The product terms, duplicates removed.
    """

    terms: tuple[Term, ...]
    _text: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        seen: dict[Term, None] = {}
        for term in self.terms:
            seen.setdefault(term, None)
        object.__setattr__(self, "terms", tuple(seen))
        object.__setattr__(self, "_text", " + ".join(str(t) for t in self.terms))

    # -- identity and printing
    @property
    def key(self) -> frozenset[Term]:
        """The set of terms."""
        return frozenset(self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Expression({self._text!r})"

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    @property
    def conditions(self) -> tuple[str, ...]:
        """Condition names in the order they first appear."""
        return tuple(dict.fromkeys(c for t in self.terms for c in t.conditions))

    @property
    def complexity(self) -> int:
        """Number of literals summed over the terms."""
        return sum(len(t) for t in self.terms)

    @classmethod
    def from_terms(cls, terms: Iterable[Term | Iterable[Literal]]) -> Expression:
        """Build an expression from terms (or iterables of literals)."""
        return cls(tuple(t if isinstance(t, Term) else Term(tuple(t)) for t in terms))

    def canonical(self, conditions: Sequence[str] | None = None) -> Expression:
        """The expression in R's print order.

        Literals follow the order of ``conditions`` (default: order of first appearance);
        terms are sorted by number of literals, then as R ``QCA`` sorts prime implicants
        (condition by condition, lower values first and absent conditions last).

        Examples
        --------
        >>> from smartcase.qca.expression import parse_expression
        >>> str(parse_expression("QU*LP + WS + ES*WM + LP*~ES").canonical(
        ...     ["ES", "QU", "WS", "WM", "LP"]))
        'WS + ~ES*LP + ES*WM + QU*LP'
        """
        conds = list(conditions) if conditions is not None else list(self.conditions)
        for c in self.conditions:
            if c not in conds:
                conds.append(c)
        terms = [t.sorted(conds) for t in self.terms]
        return Expression(tuple(sorted(terms, key=lambda t: _term_sort_key(t, conds))))

    # -- evaluation
    def term_memberships(self, data: pd.DataFrame) -> pd.DataFrame:
        """Membership of every case in every term.

        Parameters
        ----------
        data : DataFrame
            One row per case, one column per condition (crisp 0/1, multi-value integers,
            fuzzy scores in [0, 1]; ``"-"`` for "don't care").

        Returns
        -------
        DataFrame
            Index of ``data``, one column per term named by the term.

        Raises
        ------
        QCAError
            A condition is not a column of ``data``, a value is missing, a fuzzy score lies
            outside [0, 1], or a multi-value condition is written without brackets.

        Examples
        --------
        >>> import pandas as pd
        >>> from smartcase.qca.expression import parse_expression
        >>> df = pd.DataFrame({"A": [0.2, 0.9], "B": [0.7, 0.4]}, index=["x", "y"])
        >>> parse_expression("A*B + ~A").term_memberships(df).round(2)
           A*B   ~A
        x  0.2  0.8
        y  0.4  0.1
        """
        cols = {str(t): t.membership(data) for t in self.terms}
        return pd.DataFrame(cols, index=data.index, columns=list(cols))

    def membership(self, data: pd.DataFrame) -> pd.Series:
        """Membership of every case in the expression (maximum over its terms).

        Returns
        -------
        Series
            Index of ``data``, named by the expression.

        Examples
        --------
        >>> import pandas as pd
        >>> from smartcase.qca.expression import parse_expression
        >>> df = pd.DataFrame({"A": [0.2, 0.9], "B": [0.7, 0.4]}, index=["x", "y"])
        >>> parse_expression("A*B + ~A").membership(df).tolist()
        [0.8, 0.4]
        """
        out = np.zeros(len(data), dtype=float)
        for t in self.terms:
            np.maximum(out, t.membership(data), out=out)
        return pd.Series(out, index=data.index, name=str(self))


def _term_sort_key(term: Term, conditions: Sequence[str]) -> tuple:
    """R's order of implicants: fewer literals first, then condition by condition."""
    by_cond: dict[str, tuple] = {}
    for lit in term.literals:
        by_cond[lit.condition] = (int(lit.negated), tuple(sorted(lit.values)))
    code = tuple(by_cond.get(c, (_ABSENT,)) for c in conditions)
    return (len(term.literals), code)


# --------------------------------------------------------------------------- data access helpers
def _column(data: pd.DataFrame, name: str) -> pd.Series:
    if not isinstance(data, pd.DataFrame):
        raise QCAError(f"argument 'data': expected a pandas DataFrame, found {type(data).__name__}")
    if name not in data.columns:
        raise QCAError(
            f"condition '{name}' is not a column of the data "
            f"(columns: {', '.join(map(str, data.columns))})"
        )
    return data[name]


def _column_values(
    column: pd.Series, name: str
) -> tuple[np.ndarray, np.ndarray, TypingLiteral["crisp", "multivalue", "fuzzy"]]:
    """Split a condition column into a don't-care mask, float values and its kind.

    Raises :class:`QCAError` for missing values, non-numeric entries, negative values, fuzzy
    scores above 1 or mixtures of fuzzy scores and multi-value codes.
    """
    if pd.api.types.is_bool_dtype(column.dtype) or pd.api.types.is_numeric_dtype(column.dtype):
        dc = np.zeros(len(column), dtype=bool)
        vals = column.to_numpy(dtype=float, na_value=np.nan)
    else:
        raw = column.to_numpy(dtype=object)
        dc = np.array([isinstance(v, str) and v.strip() == DONT_CARE for v in raw], dtype=bool)
        vals = np.zeros(len(raw), dtype=float)
        for i, v in enumerate(raw):
            if dc[i]:
                continue
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                vals[i] = math.nan
                continue
            try:
                vals[i] = float(v)
            except (TypeError, ValueError):
                raise QCAError(
                    f"column '{name}': expected numbers (or '-' for don't care), "
                    f"found {v!r} at row {column.index[i]!r}"
                ) from None
    nan = np.isnan(vals) & ~dc
    if nan.any():
        where = column.index[int(np.flatnonzero(nan)[0])]
        raise QCAError(f"column '{name}': missing value at row {where!r} (expected a number)")
    obs = vals[~dc]
    if (obs < 0).any():
        where = column.index[int(np.flatnonzero((vals < 0) & ~dc)[0])]
        bad = vals[(vals < 0) & ~dc][0]
        raise QCAError(
            f"column '{name}': expected memberships in [0, 1] or non-negative integer codes, "
            f"found {bad:g} at row {where!r}"
        )
    integer = np.all(obs == np.round(obs)) if obs.size else True
    if integer:
        kind: TypingLiteral["crisp", "multivalue", "fuzzy"] = (
            "crisp" if obs.size == 0 or obs.max() <= 1 else "multivalue"
        )
    else:
        above = (vals > 1) & ~dc
        if above.any():
            where = column.index[int(np.flatnonzero(above)[0])]
            raise QCAError(
                f"column '{name}': fuzzy memberships must lie in [0, 1], found "
                f"{vals[above][0]:g} at row {where!r}"
            )
        kind = "fuzzy"
    return dc, vals, kind


# --------------------------------------------------------------------------- parsing
def parse_expression(
    text: str | Expression,
    conditions: Sequence[str] | None = None,
    *,
    lowercase_negates: bool = False,
) -> Expression:
    """Parse a sum of products in QCA notation.

    Parameters
    ----------
    text : str or Expression
        For example ``"A*~B + C"``, ``"DEV[2] + DEV[1]*IND[0]"``, ``"~A[1]"``, ``"~(A*B)"`` or
        ``"A*(B + ~C)"``. ``*`` joins literals, ``+`` joins terms, a leading ``~`` negates a
        literal or a parenthesised expression (De Morgan); parentheses group; spaces are
        ignored. The result is always a sum of products (parentheses are multiplied out). An
        :class:`Expression` is returned as it is (re-checked against ``conditions``).
    conditions : sequence of str, optional
        The known condition names. When given, every name must be one of them and the
        literals of each term are put in this order.
    lowercase_negates : bool, default False
        R's older convention: a name written in lower case is the negation of the upper-case
        condition (``a`` means ``~A``). Off by default; ``~`` always negates.

    Returns
    -------
    Expression

    Raises
    ------
    QCAError
        Empty text, a syntax error (the message shows the position; unbalanced parentheses),
        a name that is not one of ``conditions``, an empty or non-integer value list in
        brackets, or an expression that multiplies out to more than 100,000 terms.

    See Also
    --------
    Expression.membership : evaluate the expression on data.

    Examples
    --------
    >>> from smartcase.qca.expression import parse_expression
    >>> str(parse_expression("STB*DEV + ~URB", conditions=["DEV", "URB", "STB"]))
    'DEV*STB + ~URB'
    >>> str(parse_expression("dev*STB", lowercase_negates=True))
    '~DEV*STB'
    >>> str(parse_expression("~(A*B) + C*(D + ~E)"))
    '~A + ~B + C*D + C*~E'
    >>> parse_expression("A*+B")
    Traceback (most recent call last):
    ...
    smartcase.errors.QCAError: expression 'A*+B': expected a condition name at position 2, found '+'
    """
    if isinstance(text, Expression):
        if conditions is not None:
            unknown = [c for c in text.conditions if c not in conditions]
            if unknown:
                raise QCAError(
                    f"expression '{text}': unknown condition {unknown[0]!r} "
                    f"(known conditions: {', '.join(conditions)})"
                )
            return Expression(tuple(t.sorted(conditions) for t in text.terms))
        return text
    if not isinstance(text, str):
        raise QCAError(
            f"argument 'text': expected a string in QCA notation, found {type(text).__name__}"
        )
    if not text.strip():
        raise QCAError(
            "expression '': expected a sum of products such as 'A*~B + C', found nothing"
        )
    tokens = _tokenize(text)
    parser = _Parser(text, tokens, conditions, lowercase_negates)
    sop = parser.parse()
    terms = [Term(t) for t in sop]
    if conditions is not None:
        terms = [t.sorted(conditions) for t in terms]
    return Expression(tuple(terms))


_Sop = list[tuple[Literal, ...]]  # a sum of products: terms as tuples of literals


def _tokenize(text: str) -> list[tuple[str, str | None, str | None, int]]:
    """(kind, name or operator, bracket values, position) for every token of ``text``."""
    tokens = []
    for m in _TOKEN.finditer(text):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        if m.group("bad") is not None:
            raise QCAError(
                f"expression '{text}': unexpected character {m.group('bad')!r} at position {start}"
            )
        for kind in ("tilde", "name", "op", "open", "close"):
            if m.group(kind) is not None:
                value = m.group(kind)
                tokens.append((kind, value, m.group("values") if kind == "name" else None, start))
                break
    return tokens


def negate_literal(lit: Literal) -> Literal:
    """The negation of a literal: ``A`` <-> ``~A``, ``A[1]`` <-> ``~A[1]``."""
    if not lit.multivalue and not lit.negated and lit.values in ({0}, {1}):
        return Literal(lit.condition, frozenset({1 - next(iter(lit.values))}))
    return Literal(lit.condition, lit.values, multivalue=True, negated=not lit.negated)


def _multiply(left: _Sop, right: _Sop, text: str) -> _Sop:
    if len(left) * len(right) > _MAX_EXPANDED_TERMS:
        raise QCAError(
            f"expression '{text}': expands to more than {_MAX_EXPANDED_TERMS} terms; "
            "simplify it first (smartcase.qca.simplify)"
        )
    out: dict[tuple[Literal, ...], None] = {}
    for a in left:
        for b in right:
            out.setdefault(tuple(dict.fromkeys(a + b)), None)
    return list(out)


def _negate_sop(sop: _Sop, text: str) -> _Sop:
    """De Morgan: the negation of a sum of products, as a sum of products."""
    result: _Sop = [()]
    for term in sop:
        if not term:  # the constant 1 negates to the constant 0
            return []
        result = _multiply(result, [(negate_literal(lit),) for lit in term], text)
    return result


class _Parser:
    """Recursive descent: sum := product ('+' product)*; product := factor ('*' factor)*;
    factor := '~' factor | '(' sum ')' | literal."""

    def __init__(
        self,
        text: str,
        tokens: list[tuple[str, str | None, str | None, int]],
        conditions: Sequence[str] | None,
        lowercase_negates: bool,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.conditions = conditions
        self.lowercase_negates = lowercase_negates

    def _peek(self) -> tuple[str, str | None, str | None, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _error_expected_operator(self, token: tuple[str, str | None, str | None, int]) -> QCAError:
        kind, value, _, pos = token
        if kind == "close":
            return QCAError(
                f"expression '{self.text}': unexpected character ')' at position {pos} "
                "(no '(' to close)"
            )
        return QCAError(
            f"expression '{self.text}': expected '*' or '+' at position {pos}, found {value!r}"
        )

    def parse(self) -> _Sop:
        sop = self._sum()
        token = self._peek()
        if token is not None:
            raise self._error_expected_operator(token)
        return sop

    def _sum(self) -> _Sop:
        terms = self._product()
        while (token := self._peek()) is not None and token[:2] == ("op", "+"):
            self.i += 1
            for t in self._product():
                if t not in terms:
                    terms.append(t)
        return terms

    def _product(self) -> _Sop:
        result = self._factor()
        while (token := self._peek()) is not None and token[:2] == ("op", "*"):
            self.i += 1
            result = _multiply(result, self._factor(), self.text)
        return result

    def _factor(self) -> _Sop:
        negate = False
        token = self._peek()
        while token is not None and token[0] == "tilde":
            negate = not negate
            self.i += 1
            token = self._peek()
        if token is None:
            raise QCAError(
                f"expression '{self.text}': expected a condition name at the end, found nothing"
            )
        kind, value, values, pos = token
        if kind == "open":
            self.i += 1
            inner = self._sum()
            closing = self._peek()
            if closing is None:
                raise QCAError(
                    f"expression '{self.text}': expected ')' to close the '(' at position {pos}, "
                    "found the end"
                )
            if closing[0] != "close":
                raise self._error_expected_operator(closing)
            self.i += 1
            return _negate_sop(inner, self.text) if negate else inner
        if kind != "name":
            raise QCAError(
                f"expression '{self.text}': expected a condition name at position {pos}, "
                f"found {value!r}"
            )
        self.i += 1
        assert value is not None
        literal = _make_literal(
            value, values, negate, self.text, self.conditions, self.lowercase_negates
        )
        return [(literal,)]


def _make_literal(
    name: str,
    values: str | None,
    negate: bool,
    text: str,
    conditions: Sequence[str] | None,
    lowercase_negates: bool,
) -> Literal:
    if lowercase_negates and name.islower() and values is None:
        upper = name.upper()
        if conditions is None or upper in conditions:
            name, negate = upper, not negate
    if conditions is not None and name not in conditions:
        raise QCAError(
            f"expression '{text}': unknown condition {name!r} "
            f"(known conditions: {', '.join(conditions)})"
        )
    if values is None:
        return Literal(name, frozenset({0 if negate else 1}))
    parts = [p.strip() for p in values.split(",")]
    if not parts or any(not re.fullmatch(r"\d+", p) for p in parts):
        raise QCAError(
            f"expression '{text}': expected integer values in '{name}[...]', found '[{values}]'"
        )
    return Literal(name, frozenset(int(p) for p in parts), multivalue=True, negated=negate)


_ARROWS = {
    "<->": "both",
    "<=>": "both",
    "->": "sufficiency",
    "=>": "sufficiency",
    "<-": "necessity",
    "<=": "necessity",
}


def parse_relation(
    text: str, conditions: Sequence[str] | None = None
) -> tuple[Expression, str | None, TypingLiteral["sufficiency", "necessity", "both"] | None]:
    """Split ``"A*~B + C -> Y"`` into the expression, the outcome and the relation.

    Parameters
    ----------
    text : str
        An expression, optionally followed by an arrow (``->`` or ``=>`` sufficiency,
        ``<-`` or ``<=`` necessity, ``<->`` or ``<=>`` both) and the outcome (which may be
        negated, ``~Y``, or bracketed, ``Y[1]``).
    conditions : sequence of str, optional
        Passed to :func:`parse_expression`.

    Returns
    -------
    expression : Expression
    outcome : str or None
        The outcome text after the arrow (stripped), or None without an arrow.
    relation : {"sufficiency", "necessity", "both"} or None

    Examples
    --------
    >>> from smartcase.qca.expression import parse_relation
    >>> expr, outcome, relation = parse_relation("~NATPRIDE + GEOCON -> PROTEST")
    >>> str(expr), outcome, relation
    ('~NATPRIDE + GEOCON', 'PROTEST', 'sufficiency')
    """
    for arrow in ("<->", "<=>", "->", "=>", "<-", "<="):
        if arrow in text:
            left, right = text.split(arrow, 1)
            outcome = right.strip()
            if not outcome:
                raise QCAError(f"expression '{text}': expected an outcome after '{arrow}'")
            return parse_expression(left, conditions), outcome, _ARROWS[arrow]  # type: ignore[return-value]
    return parse_expression(text, conditions), None, None


def literal_from_code(condition: str, code: int, multivalue: bool) -> Literal:
    """The literal for R's positional code (value + 1; 0 means the condition is absent)."""
    return Literal(condition, frozenset({code - 1}), multivalue=multivalue)


def expression_from_codes(
    codes: np.ndarray, conditions: Sequence[str], multivalue: bool | Mapping[str, bool] = False
) -> Expression:
    """Build an expression from a matrix of R positional codes (one row per term)."""
    terms = []
    for row in np.atleast_2d(codes):
        lits = []
        for cond, code in zip(conditions, row, strict=True):
            if code > 0:
                mv = multivalue[cond] if isinstance(multivalue, Mapping) else multivalue
                lits.append(literal_from_code(cond, int(code), mv))
        terms.append(Term(tuple(lits)))
    return Expression(tuple(terms))
