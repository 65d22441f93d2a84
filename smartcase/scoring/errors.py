"""Errors raised by the composite-scoring engine.

Every error is a :class:`smartcase.errors.ScoringError` *and* a
:class:`smartcase.errors.ArgumentError` (both :class:`ValueError`), so callers can catch whichever
they know. Each names the argument, what was expected and what was found.

Examples
--------
>>> from smartcase.scoring.errors import UnknownMethodError
>>> raise UnknownMethodError("normalize", "'maxmin'", "one of 'goalposts', 'minmax'")
Traceback (most recent call last):
...
smartcase.scoring.errors.UnknownMethodError: argument 'normalize': expected one of 'goalposts', 'minmax', found 'maxmin'
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ArgumentError, ScoringError

__all__ = [
    "ScoringArgumentError",
    "UnknownMethodError",
    "WeightError",
    "CodeRangeError",
    "AHPError",
    "MissingValueError",
    "check_choice",
]


class ScoringArgumentError(ScoringError, ArgumentError):
    """An argument of a scoring function has a value the engine cannot use."""


class UnknownMethodError(ScoringArgumentError):
    """A method name (normalisation, aggregation, policy, output) is not one of the allowed ones."""


class WeightError(ScoringArgumentError):
    """Weights are negative, not finite, all zero within a group, or name unknown items."""


class CodeRangeError(ScoringArgumentError):
    """A code or indicator value lies outside its declared scale (e.g. a code outside 0-3)."""


class AHPError(ScoringArgumentError):
    """An AHP pairwise-comparison matrix is not square, not positive, not reciprocal, or too inconsistent."""


class MissingValueError(ScoringArgumentError):
    """Missing values where the missing-value policy is ``'error'`` (or where none can be handled)."""


def check_choice(argument: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise :class:`UnknownMethodError`.

    Examples
    --------
    >>> check_choice("aggregation", "geometric", ("arithmetic", "geometric"))
    'geometric'
    >>> check_choice("aggregation", "Geometric", ("arithmetic", "geometric"))
    Traceback (most recent call last):
    ...
    smartcase.scoring.errors.UnknownMethodError: argument 'aggregation': expected one of 'arithmetic', 'geometric', found 'Geometric'
    """
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise UnknownMethodError(argument, repr(value), "one of " + ", ".join(map(repr, allowed)))
    return value
