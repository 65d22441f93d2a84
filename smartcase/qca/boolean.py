"""Boolean algebra on QCA expressions: negation, simplification, intersection, factorisation.

The functions here treat an expression as a Boolean (crisp or multi-value) function of its
conditions, as R's ``QCA`` / ``admisc`` do (``negate``, ``simplify``, ``intersection``,
``factorize``):

- :func:`simplify` returns the shortest sum of products with the same truth table: the prime
  implicants and the minimal cover found by the minimisation engine (R's first minimal model
  when there are several);
- :func:`negate` is the negation by De Morgan's laws, multiplied out, with contradictory and
  absorbed terms removed, as R prints it (``minimal=True`` simplifies it further);
- :func:`intersection` is the conjunction of several expressions, multiplied out the same way
  (R's ``intersection``; ``minimal=True`` simplifies it further);
- :func:`factorize` writes common literals outside parentheses, one factorisation per shared
  factor;
- :func:`equivalent` tells whether two expressions have the same truth table.

Conditions are binary unless ``levels`` says otherwise (or a multi-value literal such as
``A[2]`` names a higher value). Literals follow the order of ``conditions``; by default that
is alphabetical, as in R when no set names are given.

The algebra is crisp: on fuzzy memberships a simplified expression can evaluate differently
(``A + ~A*B`` simplifies to ``A + B``, which differs from it for fuzzy ``A``), as in R.

Examples
--------
In R: ``negate("A*B + C")`` gives ``~A*~C + ~B*~C``.

>>> from smartcase.qca.boolean import negate, simplify, intersection, factorize
>>> str(negate("A*B + C"))
'~A*~C + ~B*~C'
>>> str(simplify("A*B + A*~B + C*A"))
'A'
>>> str(intersection("A + B", "~A"))
'~A*B'
>>> factorize("A*B + A*C + D")
['A*(B + C) + D']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import ArgumentError, QCAError
from .expression import Expression, Literal, Term, parse_expression

__all__ = ["negate", "simplify", "intersection", "factorize", "equivalent"]

#: Largest property space (number of rows) the Boolean functions enumerate.
_MAX_ROWS = 2**22


# --------------------------------------------------------------------------- inputs
def _as_expression(value: Any, argument: str) -> tuple[Expression, tuple[str, ...] | None]:
    """An Expression from text, an Expression or a Solution (its first model)."""
    from .minimization import Solution

    if isinstance(value, Solution):
        if not value.models:
            raise ArgumentError(argument, "a Solution without models", "a solution with a model")
        return value.models[0], tuple(value.conditions)
    if isinstance(value, (str, Expression)):
        return parse_expression(value), None
    raise ArgumentError(
        argument, type(value).__name__, "an expression (text or Expression) or a Solution"
    )


def _solution_levels(*values: Any) -> dict[str, int]:
    """Numbers of values of the conditions of any Solution among ``values``."""
    from .minimization import Solution

    out: dict[str, int] = {}
    for v in values:
        if isinstance(v, Solution) and v._ctx is not None:
            out.update(zip(v.conditions, v._ctx.tt.levels, strict=True))
    return out


def _space(
    expressions: Sequence[Expression],
    conditions: Sequence[str] | str | None,
    levels: Mapping[str, int] | None,
    known_order: tuple[str, ...] | None = None,
    solution_levels: Mapping[str, int] | None = None,
) -> tuple[list[str], list[int]]:
    """Condition order and number of values of each condition."""
    used = list(dict.fromkeys(c for e in expressions for c in e.conditions))
    if conditions is None:
        order = list(known_order) if known_order is not None else sorted(used)
    else:
        order = (
            [c.strip() for c in conditions.split(",") if c.strip()]
            if isinstance(conditions, str)
            else [str(c) for c in conditions]
        )
        if len(set(order)) != len(order):
            raise ArgumentError("conditions", repr(list(order)), "condition names without repeats")
    missing = [c for c in used if c not in order]
    if missing:
        if conditions is not None:
            raise QCAError(
                f"argument 'conditions': the expression names {missing[0]!r}, which is not one "
                f"of the conditions ({', '.join(order)})"
            )
        order.extend(sorted(missing))
    if levels is not None and not isinstance(levels, Mapping):
        raise ArgumentError("levels", type(levels).__name__, "a mapping {condition: values}")
    # levels of conditions the expressions do not name are ignored (e.g. a whole data set's)
    given = {c: n for c, n in (solution_levels or {}).items() if c in order}
    given.update({c: n for c, n in (levels or {}).items() if c in order})
    top: dict[str, int] = {}
    for e in expressions:
        for t in e.terms:
            for lit in t.literals:
                top[lit.condition] = max(top.get(lit.condition, 1), max(lit.values))
    out = []
    for c in order:
        n = given.get(c, max(2, top.get(c, 1) + 1))
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
            raise ArgumentError(f"levels['{c}']", repr(n), "an integer of at least 2")
        if top.get(c, 0) >= n:
            raise QCAError(
                f"argument 'levels': condition {c!r} has {n} values (0 to {n - 1}), but the "
                f"expression names the value {top[c]}"
            )
        out.append(int(n))
    rows = float(np.prod(np.array(out, dtype=np.float64)))
    if rows > _MAX_ROWS:
        raise QCAError(
            f"the expression spans {rows:.0f} configurations of {len(out)} conditions (more "
            f"than {_MAX_ROWS}); Boolean simplification is limited to smaller spaces"
        )
    return order, out


def _rows(levels: Sequence[int]) -> np.ndarray:
    """Every configuration of the property space (first condition varies slowest)."""
    from .truthtable import _decode_rows

    total = int(np.prod(np.array(levels, dtype=np.int64)))
    return _decode_rows(np.arange(total), np.array(levels, dtype=np.int64))


def _truth(expression: Expression, order: Sequence[str], rows: np.ndarray) -> np.ndarray:
    """Crisp truth value of the expression in every configuration."""
    position = {c: j for j, c in enumerate(order)}
    out = np.zeros(len(rows), dtype=bool)
    for term in expression.terms:
        inside = np.ones(len(rows), dtype=bool)
        for lit in term.literals:
            hit = np.isin(rows[:, position[lit.condition]], list(lit.values))
            inside &= ~hit if lit.negated else hit
        out |= inside
    return out


def _minimal(truth: np.ndarray, order: Sequence[str], levels: Sequence[int]) -> Expression:
    """The first minimal sum of products of a truth table (R's order)."""
    from .minimization import _chart, _prime_implicants, _solve_chart, _sort_implicants

    if not truth.any():
        return Expression(())
    if truth.all():
        return Expression((Term(()),))
    status = np.where(truth, 2, 0).astype(np.uint8)
    codes = _prime_implicants(status, levels)
    codes = codes[_sort_implicants(codes)]
    chart = _chart(codes, _rows(levels)[truth], levels)
    models, _, _, _ = _solve_chart(
        chart, all_sol=False, row_dom=False, max_models=1, max_nodes=200_000
    )
    multivalue = [n > 2 for n in levels]
    terms = []
    for i in models[0]:
        lits = tuple(
            Literal(c, frozenset({int(v) - 1}), multivalue=mv)
            for c, v, mv in zip(order, codes[i], multivalue, strict=True)
            if v > 0
        )
        terms.append(Term(lits))
    return Expression(tuple(terms)).canonical(order)


# --------------------------------------------------------------------------- public functions
def simplify(
    expression: Any,
    conditions: Sequence[str] | str | None = None,
    *,
    levels: Mapping[str, int] | None = None,
) -> Expression:
    """The shortest sum of products with the same truth table (R's ``simplify``).

    Parameters
    ----------
    expression : str, Expression or Solution
        In QCA notation, with parentheses and negations allowed (``"A*(B + ~C)"``). For a
        Solution, its first model.
    conditions : sequence of str or str, optional
        The conditions and their order in the result (R's ``snames``). Default: the
        solution's conditions, else the conditions of the expression in alphabetical order.
    levels : mapping, optional
        Number of values of multi-value conditions (``{"DEV": 3}``); others are binary or take
        one more value than the highest the expression names. Entries for conditions the
        expression does not name are ignored.

    Returns
    -------
    Expression
        The prime implicants of R's first minimal cover, in R's order. A contradiction gives
        an expression without terms; a tautology a single empty term.

    Raises
    ------
    QCAError
        A malformed expression, a condition outside ``conditions``, a value beyond ``levels``,
        or more than 4,194,304 configurations.
    ArgumentError
        An input that is no expression, or wrong ``levels``.

    See Also
    --------
    negate, intersection, equivalent

    Examples
    --------
    >>> from smartcase.qca.boolean import simplify
    >>> str(simplify("A*B*C + A*B*~C + ~A*B"))
    'B'
    >>> str(simplify("DEV[1] + DEV[2]", levels={"DEV": 3}))
    'DEV[1] + DEV[2]'
    >>> str(simplify("~(A + B)*C + A*C", conditions=["C", "B", "A"]))
    'C*~B + C*A'
    """
    expr, known = _as_expression(expression, "expression")
    order, lv = _space([expr], conditions, levels, known, _solution_levels(expression))
    return _minimal(_truth(expr, order, _rows(lv)), order, lv)


def negate(
    expression: Any,
    conditions: Sequence[str] | str | None = None,
    *,
    levels: Mapping[str, int] | None = None,
    simplify: bool = True,
    minimal: bool = False,
) -> Expression:
    """The negation of an expression, by De Morgan's laws (R's ``negate``).

    Parameters
    ----------
    expression : str, Expression or Solution
        The expression to negate (a Solution: its first model).
    conditions : sequence of str or str, optional
        Conditions and their order (see :func:`simplify`).
    levels : mapping, optional
        Number of values of multi-value conditions: ``~A[1]`` with three values is
        ``A[0,2]``.
    simplify : bool, default True
        Multiply out and drop contradictory terms (``A*~A``) and terms that another term
        absorbs (``A*B`` beside ``A``), as R does. With False, the raw De Morgan expansion:
        every product of one negated literal per term.
    minimal : bool, default False
        Return the shortest sum of products instead (:func:`simplify` of the negation).

    Returns
    -------
    Expression

    Raises
    ------
    QCAError, ArgumentError
        As :func:`simplify`.

    Notes
    -----
    R's (admisc 0.39) negations and intersections are multiplied out and absorbed, not
    minimised: they list every term that survives absorption, which can be more than a minimal
    cover needs. That is the default here, so the strings match R's; ``minimal=True`` gives the
    shortest equivalent form.

    Examples
    --------
    In R: ``negate("DEV*STB + ~URB")`` gives ``~DEV*URB + URB*~STB``.

    >>> from smartcase.qca.boolean import negate
    >>> str(negate("DEV*STB + ~URB", conditions=["DEV", "URB", "STB"]))
    '~DEV*URB + URB*~STB'
    >>> str(negate("A[1]", levels={"A": 3}))
    'A[0,2]'
    >>> str(negate("A*B + ~A*C"))
    '~A*~C + A*~B + ~B*~C'
    >>> str(negate("A*B + ~A*C", minimal=True))
    '~A*~C + A*~B'
    """
    expr, known = _as_expression(expression, "expression")
    if not simplify and not minimal:
        from .expression import _negate_sop

        sop = _negate_sop([t.literals for t in expr.terms], str(expr))
        return Expression(tuple(Term(t) for t in sop))
    order, lv = _space([expr], conditions, levels, known, _solution_levels(expression))
    if minimal:
        return _minimal(~_truth(expr, order, _rows(lv)), order, lv)
    size = dict(zip(order, lv, strict=True))
    factors = [[_negated_map(lit, size) for lit in term.literals] for term in expr.terms]
    return _to_expression(_product(factors, str(expr)), order, size)


def intersection(
    *expressions: Any,
    conditions: Sequence[str] | str | None = None,
    levels: Mapping[str, int] | None = None,
    minimal: bool = False,
) -> Expression:
    """The conjunction of several expressions (R's ``intersection``).

    Parameters
    ----------
    *expressions : str, Expression or Solution
        One or more expressions (a Solution: its first model).
    conditions : sequence of str or str, optional
        Conditions and their order in the result. Default: alphabetical, as R prints
        intersections of plain expressions.
    levels : mapping, optional
        Number of values of multi-value conditions.
    minimal : bool, default False
        Return the shortest sum of products instead of R's multiplied-out form.

    Returns
    -------
    Expression
        The products of one term of each expression, without contradictory terms and without
        terms another one absorbs (no terms when the expressions exclude each other).

    Raises
    ------
    ArgumentError
        No expression.
    QCAError
        As :func:`simplify`.

    Examples
    --------
    In R (SetMethods' ``theory.evaluation``): ``intersection("~EMP*MA", solution)``.

    >>> from smartcase.qca.boolean import intersection
    >>> str(intersection("~EMP*MA", "~EMP*OCCUP + BARGAIN*UNI*STOCK"))
    '~EMP*MA*OCCUP + BARGAIN*~EMP*MA*STOCK*UNI'
    >>> str(intersection("A + B", "~A"))
    '~A*B'
    """
    if not expressions:
        raise ArgumentError("expressions", "nothing", "one or more expressions")
    parsed = [_as_expression(e, f"expressions[{i}]")[0] for i, e in enumerate(expressions)]
    order, lv = _space(parsed, conditions, levels, None, _solution_levels(*expressions))
    if minimal:
        rows = _rows(lv)
        truth = np.ones(len(rows), dtype=bool)
        for e in parsed:
            truth &= _truth(e, order, rows)
        return _minimal(truth, order, lv)
    size = dict(zip(order, lv, strict=True))
    factors = [[_term_map(t, size) for t in e.terms] for e in parsed]
    return _to_expression(_product(factors, "intersection"), order, size)


# --------------------------------------------------------------------------- multiplying out
_Map = dict[str, frozenset[int]]  # condition -> allowed values; None for a contradiction


def _literal_values(lit: Literal, size: Mapping[str, int]) -> frozenset[int]:
    values = frozenset(lit.values)
    return frozenset(range(size[lit.condition])) - values if lit.negated else values


def _term_map(term: Term, size: Mapping[str, int]) -> _Map | None:
    out: _Map = {}
    for lit in term.literals:
        values = _literal_values(lit, size)
        values = out[lit.condition] & values if lit.condition in out else values
        if not values:
            return None
        out[lit.condition] = values
    return out


def _negated_map(lit: Literal, size: Mapping[str, int]) -> _Map | None:
    values = frozenset(range(size[lit.condition])) - _literal_values(lit, size)
    return {lit.condition: values} if values else None


def _and(a: _Map, b: _Map) -> _Map | None:
    out = dict(a)
    for c, values in b.items():
        if c in out:
            values = out[c] & values
            if not values:
                return None
        out[c] = values
    return out


def _absorbs(general: _Map, special: _Map) -> bool:
    """True when every case of ``special`` lies in ``general``."""
    return all(c in special and special[c] <= v for c, v in general.items())


def _absorb(terms: list[_Map]) -> list[_Map]:
    out: list[_Map] = []
    for t in terms:
        if any(_absorbs(o, t) for o in out):
            continue
        out = [o for o in out if not _absorbs(t, o)]
        out.append(t)
    return out


def _product(factors: list[list[_Map | None]], text: str) -> list[_Map]:
    """Multiply out a product of sums, dropping contradictions and absorbed terms."""
    result: list[_Map] = [{}]
    for terms in factors:
        options = [t for t in terms if t is not None]
        if len(result) * len(options) > 100_000:
            raise QCAError(
                f"expression '{text}': multiplies out to more than 100000 terms; use minimal=True"
            )
        nxt = []
        for a in result:
            for b in options:
                ab = _and(a, b)
                if ab is not None:
                    nxt.append(ab)
        result = _absorb(nxt)
        if not result:
            break
    return result


def _to_expression(terms: list[_Map], order: Sequence[str], size: Mapping[str, int]) -> Expression:
    out = []
    for t in terms:
        lits = []
        for c in order:
            if c not in t or len(t[c]) == size[c]:
                continue
            values = t[c]
            if size[c] == 2:
                lits.append(Literal(c, values))
            else:
                lits.append(Literal(c, values, multivalue=True))
        out.append(Term(tuple(lits)))
    return Expression(tuple(out)).canonical(order)


def equivalent(
    first: Any,
    second: Any,
    *,
    levels: Mapping[str, int] | None = None,
) -> bool:
    """True when two expressions have the same truth table (crisp or multi-value).

    Examples
    --------
    >>> from smartcase.qca.boolean import equivalent
    >>> equivalent("~(A*B)", "~A + ~B"), equivalent("A + B", "A*B")
    (True, False)
    """
    a = _as_expression(first, "first")[0]
    b = _as_expression(second, "second")[0]
    order, lv = _space([a, b], None, levels)
    rows = _rows(lv)
    return bool(np.array_equal(_truth(a, order, rows), _truth(b, order, rows)))


def factorize(
    expression: Any,
    conditions: Sequence[str] | str | None = None,
) -> list[str]:
    """Factorisations of a sum of products: shared literals taken outside parentheses.

    For each literal that two or more terms share (in the order of ``conditions``, then
    values), the terms holding it are written as their common literals times the sum of what
    remains; the other terms, and the sum inside the parentheses, are factorised the same way
    (by their first shared literal). Terms are not simplified first: a term that is a
    sub-product of another is left as it is (use :func:`simplify`).

    Parameters
    ----------
    expression : str, Expression or Solution
        A sum of products (a Solution: its first model).
    conditions : sequence of str or str, optional
        The order in which shared literals are tried and literals are written. Default: the
        solution's conditions, else alphabetical.

    Returns
    -------
    list of str
        The distinct factorisations, in QCA notation with parentheses (each one parses back,
        with :func:`~smartcase.qca.expression.parse_expression`, to the same function); the
        expression itself when no literal is shared.

    Raises
    ------
    QCAError, ArgumentError
        A malformed expression, or a condition outside ``conditions``.

    Examples
    --------
    In R (admisc): ``factorize("~A*B*~D + ~A*C + C*~D")``.

    >>> from smartcase.qca.boolean import factorize
    >>> for form in factorize("~A*B*~D + ~A*C + C*~D"):
    ...     print(form)
    ~A*(B*~D + C) + C*~D
    C*(~A + ~D) + ~A*B*~D
    ~D*(~A*B + C) + ~A*C
    >>> factorize("A*B*C + A*B*D")
    ['A*B*(C + D)']
    """
    expr, known = _as_expression(expression, "expression")
    order, _ = _space([expr], conditions, None, known)
    rank = {c: i for i, c in enumerate(order)}
    terms = [tuple(_sorted_literals(t.literals, rank)) for t in expr.terms]
    forms = _factorizations(terms, rank)
    return list(dict.fromkeys(forms)) if forms else [_join_sum(terms)]


def _sorted_literals(literals: Sequence[Literal], rank: Mapping[str, int]) -> list[Literal]:
    return sorted(
        literals,
        key=lambda lit: (rank.get(lit.condition, len(rank)), int(lit.negated), sorted(lit.values)),
    )


def _shared(terms: list[tuple[Literal, ...]], rank: Mapping[str, int]) -> list[Literal]:
    count: dict[Literal, int] = {}
    for t in terms:
        for lit in set(t):
            count[lit] = count.get(lit, 0) + 1
    return _sorted_literals([lit for lit, n in count.items() if n >= 2], rank)


def _factor_by(
    terms: list[tuple[Literal, ...]], lit: Literal, rank: Mapping[str, int]
) -> str | None:
    group = [t for t in terms if lit in t]
    rest = [t for t in terms if lit not in t]
    common = set(group[0]).intersection(*map(set, group[1:]))
    inner = [tuple(x for x in t if x not in common) for t in group]
    if any(not t for t in inner):  # a term is the common factor itself: absorption, not a factor
        return None
    head = "*".join(str(x) for x in _sorted_literals(list(common), rank))
    inside = _first_form(inner, rank)
    text = f"{head}*({inside})"
    if rest:
        text += " + " + _first_form(rest, rank)
    return text


def _factorizations(terms: list[tuple[Literal, ...]], rank: Mapping[str, int]) -> list[str]:
    forms = []
    for lit in _shared(terms, rank):
        form = _factor_by(terms, lit, rank)
        if form is not None:
            forms.append(form)
    return forms


def _first_form(terms: list[tuple[Literal, ...]], rank: Mapping[str, int]) -> str:
    forms = _factorizations(terms, rank) if len(terms) > 1 else []
    return forms[0] if forms else _join_sum(terms)


def _join_sum(terms: list[tuple[Literal, ...]]) -> str:
    return " + ".join("*".join(str(x) for x in t) for t in terms)
