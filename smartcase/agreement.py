"""Inter-coder reliability of the case × construct codes.

When more than one coder has coded the case base, :func:`reliability` reports how far they
agree and lists the codes they disagree on, so the disagreements can be discussed and
resolved. The unit of analysis is one *(case, construct)* rating: each coder gives one
ordinal code (0-3) per case and sub-dimension (and the outcome).

Coefficients
------------
* Krippendorff's alpha (ordinal by default), computed by the ``krippendorff`` package
  (Castro 2017), with a seeded bootstrap interval.
* Weighted Cohen's kappa (linear and quadratic weights), implemented here and checked against
  SAS and R ``irr`` output; with more than two coders, the mean over coder pairs (Light 1971).
* Percent agreement.

Breakdowns
----------
Alpha and agreement per element and per sub-dimension (:attr:`ReliabilityResult.by_element`,
:attr:`ReliabilityResult.by_subdimension`); alpha on the units where at least one coder found
evidence (a non-zero code or cited evidence), since units both coders left at 0 inflate
agreement; the direction of the disagreements per pair of coders (who codes higher, how often,
and on how many units both cited the same evidence: :attr:`ReliabilityResult.direction`).

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> codes = book.codes
>>> len(set(codes["coder_id"])) >= 1
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook
    from .framework import Framework

__all__ = [
    "ReliabilityResult",
    "reliability",
    "weighted_kappa",
    "percent_agreement",
    "KAPPA_WEIGHTS",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
Weights = Literal["none", "linear", "quadratic"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")
#: Weighting schemes of :func:`weighted_kappa`.
KAPPA_WEIGHTS: tuple[Weights, ...] = ("none", "linear", "quadratic")
_REQUIRED = ("case_id", "construct_id", "coder_id", "code")


# --------------------------------------------------------------------- kappa
def weighted_kappa(
    rater1: Sequence[object] | pd.Series,
    rater2: Sequence[object] | pd.Series,
    *,
    weights: Weights = "linear",
    categories: Sequence[object] | None = None,
) -> float:
    """Cohen's kappa for two raters, unweighted or with linear or quadratic weights.

    Parameters
    ----------
    rater1, rater2 : sequence
        The two raters' ratings of the same units, in the same order. Pairs where either rating
        is missing are dropped.
    weights : {'none', 'linear', 'quadratic'}, default 'linear'
        Disagreement weights between categories at positions *i* and *j* of ``categories``:
        ``'none'``: 1 for any disagreement (Cohen 1960); ``'linear'``: ``|i - j|``;
        ``'quadratic'``: ``(i - j)**2`` (Cohen 1968; Fleiss & Cohen 1973). Only ratios of
        weights matter, so the usual normalisation by ``k - 1`` is unnecessary.
    categories : sequence, optional
        The ordered categories. Default: the sorted distinct ratings observed. For ordinal
        codes pass the whole scale (e.g. ``[0, 1, 2, 3]``) so that a category nobody used still
        keeps its place.

    Returns
    -------
    float
        ``1 - sum(w * observed) / sum(w * expected)``, where *expected* is the outer product of
        the two raters' marginal distributions. ``nan`` when chance disagreement is zero (both
        raters used one and the same category throughout).

    Raises
    ------
    ArgumentError
        Ratings of different lengths, an unknown ``weights``, a rating outside ``categories``,
        or no pair rated by both.

    See Also
    --------
    reliability : Alpha, kappa and disagreements from a codes table.

    Notes
    -----
    Linear weights are Cicchetti & Allison's (SAS ``WTKAP``; R ``irr::kappa2(weight =
    "equal")``), quadratic weights Fleiss & Cohen's (``weight = "squared"``). Weights follow the
    *positions* of the categories, as in R ``irr`` and scikit-learn.

    References
    ----------
    Cohen, J. (1968). Weighted kappa: nominal scale agreement with provision for scaled
    disagreement or partial credit. *Psychological Bulletin*, 70(4), 213-220.

    Examples
    --------
    Two coders rating ten units on a 0-3 scale (in R: ``irr::kappa2(cbind(a, b), "equal")``):

    >>> a = [0, 1, 2, 3, 3, 2, 1, 0, 2, 3]
    >>> b = [0, 1, 2, 2, 3, 2, 0, 0, 2, 3]
    >>> round(weighted_kappa(a, b, weights="none"), 4)
    0.7297
    >>> round(weighted_kappa(a, b, categories=[0, 1, 2, 3]), 4)
    0.8387
    """
    if weights not in KAPPA_WEIGHTS:
        raise ArgumentError(
            "weights", repr(weights), "one of " + ", ".join(map(repr, KAPPA_WEIGHTS))
        )
    a = list(rater1)
    b = list(rater2)
    if len(a) != len(b):
        raise ArgumentError("rater2", f"{len(b)} ratings", f"as many ratings as rater1 ({len(a)})")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not _missing(x) and not _missing(y)]
    if not pairs:
        raise ArgumentError(
            "rater1, rater2", "no unit rated by both", "at least one unit rated by both raters"
        )
    cats = list(categories) if categories is not None else sorted({v for p in pairs for v in p})
    index = {c: i for i, c in enumerate(cats)}
    k = len(cats)
    table = np.zeros((k, k))
    for x, y in pairs:
        for v in (x, y):
            if v not in index:
                raise ArgumentError(
                    "categories",
                    f"a rating {v!r} not among them",
                    "every rating listed in categories",
                )
        table[index[x], index[y]] += 1
    return _kappa_from_table(table, weights)


def _kappa_from_table(table: np.ndarray, weights: str) -> float:
    n = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    i, j = np.indices(table.shape)
    dist = np.abs(i - j).astype(float)
    w = {"none": (dist > 0).astype(float), "linear": dist, "quadratic": dist**2}[weights]
    chance = float((w * expected).sum())
    if chance == 0:
        return math.nan
    return 1.0 - float((w * table).sum()) / chance


def percent_agreement(ratings: pd.DataFrame) -> float:
    """Share of units on which every coder who coded the unit gave the same code.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Units as rows, coders as columns; missing cells are codes not given. Units coded by
        fewer than two coders are left out.

    Returns
    -------
    float
        In [0, 1]; ``nan`` when no unit was coded by two coders.

    Examples
    --------
    >>> import pandas as pd
    >>> percent_agreement(pd.DataFrame({"a": [1, 2, 3, 0], "b": [1, 2, 2, None]}))
    0.6666666666666666
    """
    coded = ratings.notna().sum(axis=1) >= 2
    if not coded.any():
        return math.nan
    sub = ratings[coded]
    same = sub.apply(lambda row: row.dropna().nunique() == 1, axis=1)
    return float(same.mean())


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, repr=False)
class ReliabilityResult:
    """Agreement between coders on the case × construct codes.

    Attributes
    ----------
    alpha : float
        Krippendorff's alpha at ``level`` (``nan`` if undefined: fewer than two distinct codes
        among the units coded by two or more coders).
    alpha_ci : tuple of float
        Bootstrap percentile interval of alpha at ``confidence``. The bootstrap unit is the
        *(case, construct)* unit: units coded by two or more coders are drawn with replacement
        and alpha recomputed ``n_boot`` times (resamples where alpha is undefined are skipped
        and counted in ``n_boot_valid``).
    kappa : dict of str to float
        Weighted Cohen's kappa, keys ``'none'``, ``'linear'`` and ``'quadratic'``. With more
        than two coders, the mean over coder pairs (Light's kappa); see ``pairwise``.
    percent_agreement : float
        Share of units on which all coders gave the same code.
    disagreements : pandas.DataFrame
        One row per unit on which coders differ: ``case_id, construct_id``, each coder's code
        (``code_<coder>``), ``difference`` (largest minus smallest code) and each coder's
        rationale (``rationale_<coder>``), largest differences first.
    pairwise : pandas.DataFrame
        Per pair of coders: units coded by both, percent agreement and kappa with each weight.
    ratings : pandas.DataFrame
        The units × coders table the coefficients were computed from.
    level : str
        Level of measurement of alpha.
    coders : tuple of str
        The coders compared.
    n_units : int
        Units coded by at least two coders.
    n_boot, n_boot_valid, seed, confidence
        Bootstrap settings and the number of resamples in which alpha was defined.
    notes : tuple of str
        Remarks on the result (e.g. why alpha is undefined).
    alpha_with_evidence : float
        Alpha on the units where at least one coder found evidence: gave a non-zero code or
        cited evidence (``evidence_ids``). Units every coder left at 0 without evidence are
        easy agreement; this figure leaves them out.
    n_units_with_evidence : int
        Number of those units.
    by_element : pandas.DataFrame
        Per element (and ``'outcome'`` for the outcome; missing for constructs not in the
        framework): ``element_id``, ``units``, ``percent_agreement``, ``alpha``,
        ``units_with_evidence``, ``alpha_with_evidence``, ``disagreements``.
    by_subdimension : pandas.DataFrame
        Per construct (every sub-dimension, and the outcome): ``construct_id``,
        ``element_id``, ``units``, ``percent_agreement``, ``alpha``, ``disagreements``,
        ``coder_<c>_higher`` counts as in ``direction`` (two coders only). With five cases a
        sub-dimension has at most five units: alpha there is a description, not an estimate.
    direction : pandas.DataFrame
        Per pair of coders: ``units`` coded by both, ``agree``, ``coder_1_higher``,
        ``coder_2_higher`` (units on which that coder gave the higher code),
        ``mean_difference`` (coder 1 minus coder 2), ``same_evidence`` (units on which both
        cited the same set of evidence; missing without ``evidence_ids``) and
        ``disagree_same_evidence`` (disagreements despite the same evidence).
    """

    alpha: float
    alpha_ci: tuple[float, float]
    kappa: dict[str, float]
    percent_agreement: float
    disagreements: pd.DataFrame
    pairwise: pd.DataFrame
    ratings: pd.DataFrame
    level: str
    coders: tuple[str, ...]
    n_units: int
    n_boot: int
    n_boot_valid: int
    seed: int
    confidence: float
    notes: tuple[str, ...] = field(default=())
    alpha_with_evidence: float = math.nan
    n_units_with_evidence: int = 0
    by_element: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_subdimension: pd.DataFrame = field(default_factory=pd.DataFrame)
    direction: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_frame(self) -> pd.DataFrame:
        """The coefficients as a table (``statistic``, ``value``, ``note``).

        Examples
        --------
        >>> import pandas as pd
        >>> codes = pd.DataFrame({"case_id": ["a", "a", "b", "b"],
        ...                       "construct_id": ["x", "x", "x", "x"],
        ...                       "coder_id": ["c1", "c2", "c1", "c2"], "code": [1, 1, 3, 3]})
        >>> reliability(codes, n_boot=20).to_frame()["statistic"].tolist()[:3]
        ['units', 'coders', 'percent_agreement']
        """
        lo, hi = self.alpha_ci
        pct = round(self.confidence * 100)
        rows = [
            ("units", float(self.n_units), "(case, construct) units coded by at least two coders"),
            ("coders", float(len(self.coders)), ", ".join(self.coders)),
            ("percent_agreement", self.percent_agreement, "all coders gave the same code"),
            (f"alpha_{self.level}", self.alpha, "Krippendorff's alpha (krippendorff package)"),
            (
                "alpha_ci_low",
                lo,
                f"{pct}% bootstrap percentile interval, unit = (case, construct), {self.n_boot_valid} of {self.n_boot} resamples, seed {self.seed}",
            ),
            ("alpha_ci_high", hi, ""),
            (
                "units_with_evidence",
                float(self.n_units_with_evidence),
                "units where at least one coder gave a non-zero code or cited evidence",
            ),
            (
                f"alpha_{self.level}_with_evidence",
                self.alpha_with_evidence,
                "Krippendorff's alpha on those units only",
            ),
            (
                "kappa",
                self.kappa["none"],
                "Cohen's kappa" + (" (mean over coder pairs)" if len(self.coders) > 2 else ""),
            ),
            ("kappa_linear", self.kappa["linear"], "weighted kappa, linear weights"),
            ("kappa_quadratic", self.kappa["quadratic"], "weighted kappa, quadratic weights"),
            (
                "disagreements",
                float(len(self.disagreements)),
                "units to resolve (see .disagreements)",
            ),
        ]
        for rec in self.direction.itertuples(index=False):
            for who, n in ((rec.coder_1, rec.coder_1_higher), (rec.coder_2, rec.coder_2_higher)):
                rows.append(
                    (
                        f"{who}_higher",
                        float(n),
                        f"units on which {who} coded higher than "
                        + (rec.coder_2 if who == rec.coder_1 else rec.coder_1),
                    )
                )
            if not pd.isna(rec.same_evidence):
                rows.append(
                    (
                        "same_evidence",
                        float(rec.same_evidence),
                        f"units on which {rec.coder_1} and {rec.coder_2} cited the same evidence",
                    )
                )
        return pd.DataFrame(rows, columns=["statistic", "value", "note"])

    def __repr__(self) -> str:
        lo, hi = self.alpha_ci
        lines = [
            f"Inter-coder reliability: {len(self.coders)} coders ({', '.join(self.coders)}), {self.n_units} units (case x construct)",
            f"  Krippendorff's alpha ({self.level}) = {self.alpha:.3f}, {round(self.confidence * 100)}% bootstrap CI [{lo:.3f}, {hi:.3f}]",
            f"  Cohen's kappa: unweighted {self.kappa['none']:.3f}, linear {self.kappa['linear']:.3f}, quadratic {self.kappa['quadratic']:.3f}",
            f"  percent agreement = {self.percent_agreement:.3f}; {len(self.disagreements)} disagreement(s) to resolve",
            f"  on the {self.n_units_with_evidence} units where a coder found evidence: alpha = {self.alpha_with_evidence:.3f}",
        ]
        for rec in self.direction.itertuples(index=False):
            lines.append(
                f"  {rec.coder_1} vs {rec.coder_2}: {rec.coder_1} higher on {rec.coder_1_higher}, "
                f"{rec.coder_2} higher on {rec.coder_2_higher} of {rec.units} units"
            )
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<p>{html.escape(line.strip())}</p>" for line in repr(self).splitlines())
        return head + self.to_frame().to_html(index=False) + self.disagreements.to_html(index=False)


# ------------------------------------------------------------------ reliability
def reliability(
    codes: pd.DataFrame | CaseBook,
    *,
    level: Level = "ordinal",
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    coders: Sequence[str] | None = None,
    framework: Framework | None = None,
) -> ReliabilityResult:
    """Inter-coder reliability of a codes table: alpha, weighted kappa, agreement, disagreements.

    Parameters
    ----------
    codes : pandas.DataFrame or CaseBook
        A codes table in the case base's layout (``CaseBook.codes``): columns ``case_id``,
        ``construct_id``, ``coder_id``, ``code`` and optionally ``rationale``; one row per
        case, construct and coder. A :class:`~smartcase.casebook.CaseBook` stands for its
        ``codes``. Missing codes count as not coded.
    level : {'ordinal', 'nominal', 'interval', 'ratio'}, default 'ordinal'
        Level of measurement for Krippendorff's alpha.
    n_boot : int, default 1000
        Bootstrap resamples for the interval of alpha (0 for none).
    seed : int, default 0
        Seed of the bootstrap (``numpy.random.default_rng``).
    confidence : float, default 0.95
        Coverage of the interval.
    coders : sequence of str, optional
        Compare only these coders (default: every coder in the table).
    framework : Framework, optional
        Maps constructs to elements for :attr:`ReliabilityResult.by_element`. Default: the
        book's framework when ``codes`` is a CaseBook, else the bundled framework.

    Returns
    -------
    ReliabilityResult

    Raises
    ------
    ArgumentError
        Missing columns; only one coder in the table (reliability needs two); an unknown coder
        in ``coders``; a case, construct and coder given twice; a non-numeric code; a bad
        ``level``, ``n_boot`` or ``confidence``.

    See Also
    --------
    weighted_kappa : Cohen's kappa for two raters.

    Notes
    -----
    Units are *(case, construct)* pairs; units coded by fewer than two coders do not enter any
    coefficient. With five cases and 23 constructs there are at most 115 units, so intervals
    are wide: read the list of disagreements, not only the coefficients. Krippendorff (2004)
    advises relying on variables with alpha >= .800 and drawing only tentative conclusions
    from .667 <= alpha < .800. The bootstrap here resamples units, which is simpler than
    Krippendorff's own bootstrap of pairable values (Hayes & Krippendorff 2007); both give
    percentile intervals.

    Kappa uses the scale from the smallest to the largest integer code observed (0-3 for
    smartcase codes) as its categories.

    Agreement on codes says nothing about how the coders reached them. When a second coder
    codes from evidence the first coder already selected and filed under sub-dimensions (as
    the bundled ``c2`` did), alpha measures agreement on levels *given* that evidence; read
    ``direction`` (``same_evidence``) and ``alpha_with_evidence`` beside it. For an
    independent test, have the second coder work from a blind workbook
    (:func:`smartcase.export_coding_workbook`, optionally ``hide_subdimension=True``).

    References
    ----------
    Krippendorff, K. (2004). *Content analysis: An introduction to its methodology* (2nd ed.).
    Sage.

    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Departmental Papers
    (ASC), 43. University of Pennsylvania.

    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. *Communication Methods and Measures*, 1(1), 77-89.

    Light, R. J. (1971). Measures of response agreement for qualitative data: some
    generalizations and alternatives. *Psychological Bulletin*, 76(5), 365-377.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({
    ...     "case_id": ["a"] * 4 + ["b"] * 4,
    ...     "construct_id": ["x", "x", "y", "y"] * 2,
    ...     "coder_id": ["c1", "c2"] * 4,
    ...     "code": [0, 0, 2, 3, 1, 1, 3, 3]})
    >>> res = reliability(codes, n_boot=200)
    >>> res.percent_agreement
    0.75
    >>> res.disagreements[["case_id", "construct_id", "code_c1", "code_c2"]].values.tolist()
    [['a', 'y', 2, 3]]
    >>> res.direction[["coder_1", "coder_2", "coder_1_higher", "coder_2_higher"]].values.tolist()
    [['c1', 'c2', 0, 1]]
    >>> res.n_units_with_evidence  # unit (a, x) is 0 for both coders
    3
    >>> reliability(codes[codes.coder_id == "c1"])
    Traceback (most recent call last):
    ...
    smartcase.errors.ArgumentError: argument 'codes': expected codes by at least two coders (column 'coder_id'), found only one coder ('c1')
    """
    table = _codes_table(codes)
    if level not in LEVELS:
        raise ArgumentError("level", repr(level), "one of " + ", ".join(map(repr, LEVELS)))
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise ArgumentError("n_boot", repr(n_boot), "a non-negative integer")
    if not (isinstance(confidence, int | float) and 0 < confidence < 1):
        raise ArgumentError("confidence", repr(confidence), "a number between 0 and 1")
    present = list(dict.fromkeys(table["coder_id"]))
    if coders is not None:
        wanted = list(dict.fromkeys(coders))
        for c in wanted:
            if c not in present:
                raise ArgumentError(
                    "coders", repr(c), "coders found in the table: " + ", ".join(map(repr, present))
                )
        table = table[table["coder_id"].isin(wanted)]
        present = wanted
    if len(present) < 2:
        found = f"only one coder ({present[0]!r})" if present else "no coder"
        raise ArgumentError("codes", found, "codes by at least two coders (column 'coder_id')")
    dup = table.duplicated(["case_id", "construct_id", "coder_id"])
    if dup.any():
        rec = table[dup].iloc[0]
        raise ArgumentError(
            "codes",
            f"case {rec['case_id']!r}, construct {rec['construct_id']!r}, coder {rec['coder_id']!r} twice",
            "one code per case, construct and coder",
        )
    ratings = _wide(table, present)
    pairable = ratings[ratings.notna().sum(axis=1) >= 2]
    notes: list[str] = []
    if pairable.empty:
        raise ArgumentError(
            "codes",
            "no (case, construct) unit coded by two coders",
            "units coded by at least two coders",
        )
    alpha = _alpha(pairable, level)
    if math.isnan(alpha):
        notes.append(
            "alpha is undefined: the units carry only one distinct code (no variation to agree on)"
        )
    lo, hi, n_valid = _bootstrap(pairable, level, n_boot, seed, confidence)
    pairwise = _pairwise(pairable, present)
    kappa: dict[str, float] = {w: float(pairwise[f"kappa_{w}"].mean()) for w in KAPPA_WEIGHTS}
    disagreements = _disagreements(table, pairable, present)
    evidence = _evidence_sets(table, present)
    found = _found_evidence(pairable, evidence)
    with_evidence = pairable[found]
    alpha_ev = _alpha(with_evidence, level) if len(with_evidence) else math.nan
    if len(with_evidence) and math.isnan(alpha_ev):
        notes.append("alpha on the units with evidence is undefined (one distinct code)")
    fw = _framework_for(codes, framework)
    element_of = _element_map(pairable, fw)
    if "same_evidence" not in disagreements.columns and not disagreements.empty and evidence:
        same = []
        for rec in disagreements.itertuples(index=False):
            sets = [evidence.get((rec.case_id, rec.construct_id, c)) for c in present]
            sets = [x for x in sets if x is not None]
            same.append(len(set(sets)) <= 1 if sets else pd.NA)
        disagreements = disagreements.assign(same_evidence=same)
    return ReliabilityResult(
        alpha=alpha,
        alpha_ci=(lo, hi),
        kappa=kappa,
        percent_agreement=percent_agreement(pairable),
        disagreements=disagreements,
        pairwise=pairwise,
        ratings=ratings,
        level=level,
        coders=tuple(present),
        n_units=len(pairable),
        n_boot=int(n_boot),
        n_boot_valid=n_valid,
        seed=seed,
        confidence=float(confidence),
        notes=tuple(notes),
        alpha_with_evidence=alpha_ev,
        n_units_with_evidence=int(found.sum()),
        by_element=_by_group(pairable, found, element_of, level, "element_id"),
        by_subdimension=_by_construct(pairable, element_of, level, present),
        direction=_direction(pairable, present, evidence),
    )


def _framework_for(codes: object, framework: Framework | None) -> Framework | None:
    if framework is not None:
        return framework
    if not isinstance(codes, pd.DataFrame):
        fw = getattr(codes, "framework", None)
        if fw is not None:
            return fw
    from .framework import load_framework

    return load_framework()


def _element_map(pairable: pd.DataFrame, fw: Framework | None) -> pd.Series:
    """Element of each unit's construct ('outcome' for outcomes; missing if unknown)."""
    constructs = pairable.index.get_level_values("construct_id")
    out: list[object] = []
    for c in constructs:
        if fw is None or c not in fw.codebook.index:
            out.append(pd.NA)
        elif fw.codebook.at[c, "kind"] == "outcome":
            out.append("outcome")
        else:
            out.append(fw.codebook.at[c, "element_id"])
    return pd.Series(out, index=pairable.index, dtype="object")


def _evidence_sets(table: pd.DataFrame, coders: list[str]) -> dict[tuple[str, str, str], frozenset]:
    """Cited evidence per (case, construct, coder); empty when the table has no evidence_ids."""
    if "evidence_ids" not in table.columns:
        return {}
    out: dict[tuple[str, str, str], frozenset] = {}
    for rec in table.itertuples(index=False):
        raw = rec.evidence_ids
        ids = (
            frozenset()
            if _missing(raw)
            else frozenset(x.strip() for x in str(raw).replace(",", ";").split(";") if x.strip())
        )
        out[(rec.case_id, rec.construct_id, rec.coder_id)] = ids
    return out


def _found_evidence(pairable: pd.DataFrame, evidence: dict) -> pd.Series:
    """Units where at least one coder gave a non-zero code or cited evidence."""
    nonzero = (pairable.fillna(0) != 0).any(axis=1)
    if not evidence:
        return nonzero
    cited = [
        any(evidence.get((case, construct, c)) for c in pairable.columns)
        for case, construct in pairable.index
    ]
    return nonzero | pd.Series(cited, index=pairable.index)


def _agreement_stats(sub: pd.DataFrame, level: Level) -> tuple[float, float, int]:
    if sub.empty:
        return (math.nan, math.nan, 0)
    spread = sub.max(axis=1) - sub.min(axis=1)
    return (percent_agreement(sub), _alpha(sub, level), int((spread > 0).sum()))


def _by_group(
    pairable: pd.DataFrame, found: pd.Series, groups: pd.Series, level: Level, name: str
) -> pd.DataFrame:
    rows = []
    for key in dict.fromkeys(groups.tolist()):
        mask = groups.map(
            lambda g, k=key: _missing(g) if _missing(k) else (not _missing(g) and g == k)
        ).astype(bool)
        sub = pairable[mask.to_numpy()]
        agree, alpha, n_dis = _agreement_stats(sub, level)
        sub_ev = sub[found[mask].to_numpy()]
        rows.append(
            {
                name: key,
                "units": len(sub),
                "percent_agreement": agree,
                "alpha": alpha,
                "units_with_evidence": len(sub_ev),
                "alpha_with_evidence": _alpha(sub_ev, level) if len(sub_ev) else math.nan,
                "disagreements": n_dis,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            name,
            "units",
            "percent_agreement",
            "alpha",
            "units_with_evidence",
            "alpha_with_evidence",
            "disagreements",
        ],
    )


def _by_construct(
    pairable: pd.DataFrame, element_of: pd.Series, level: Level, coders: list[str]
) -> pd.DataFrame:
    constructs = pairable.index.get_level_values("construct_id")
    rows = []
    for c in dict.fromkeys(constructs):
        mask = constructs == c
        sub = pairable[mask]
        agree, alpha, n_dis = _agreement_stats(sub, level)
        row: dict[str, object] = {
            "construct_id": c,
            "element_id": element_of[mask].iloc[0],
            "units": len(sub),
            "percent_agreement": agree,
            "alpha": alpha,
            "disagreements": n_dis,
        }
        if len(coders) == 2:
            both = sub[coders].dropna()
            a, b = coders
            row[f"{a}_higher"] = int((both[a] > both[b]).sum())
            row[f"{b}_higher"] = int((both[b] > both[a]).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _direction(pairable: pd.DataFrame, coders: list[str], evidence: dict) -> pd.DataFrame:
    rows = []
    for a, b in itertools.combinations(coders, 2):
        both = pairable[[a, b]].dropna()
        diff = both[a] - both[b]
        row: dict[str, object] = {
            "coder_1": a,
            "coder_2": b,
            "units": len(both),
            "agree": int((diff == 0).sum()),
            "coder_1_higher": int((diff > 0).sum()),
            "coder_2_higher": int((diff < 0).sum()),
            "mean_difference": float(diff.mean()) if len(both) else math.nan,
        }
        if evidence:
            same = [
                evidence.get((case, construct, a)) == evidence.get((case, construct, b))
                for case, construct in both.index
            ]
            row["same_evidence"] = int(sum(same))
            row["disagree_same_evidence"] = int(
                sum(s and d != 0 for s, d in zip(same, diff, strict=True))
            )
        else:
            row["same_evidence"] = pd.NA
            row["disagree_same_evidence"] = pd.NA
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[
            "coder_1",
            "coder_2",
            "units",
            "agree",
            "coder_1_higher",
            "coder_2_higher",
            "mean_difference",
            "same_evidence",
            "disagree_same_evidence",
        ],
    )


def _codes_table(codes: object) -> pd.DataFrame:
    if not isinstance(codes, pd.DataFrame) and isinstance(
        getattr(codes, "codes", None), pd.DataFrame
    ):
        codes = codes.codes  # type: ignore[attr-defined]
    if not isinstance(codes, pd.DataFrame):
        raise ArgumentError(
            "codes", type(codes).__name__, "a codes DataFrame (CaseBook.codes) or a CaseBook"
        )
    missing = [c for c in _REQUIRED if c not in codes.columns]
    if missing:
        raise ArgumentError(
            "codes",
            "columns " + ", ".join(map(str, codes.columns)),
            "columns " + ", ".join(_REQUIRED) + " (missing: " + ", ".join(missing) + ")",
        )
    table = codes.copy()
    numeric = pd.to_numeric(table["code"], errors="coerce")
    bad = numeric.isna() & table["code"].notna()
    if bad.any():
        rec = table[bad].iloc[0]
        raise ArgumentError(
            "codes",
            f"code {rec['code']!r} (case {rec['case_id']!r}, construct {rec['construct_id']!r})",
            "numeric codes",
        )
    table["code"] = numeric.astype("float64")
    if "rationale" not in table.columns:
        table["rationale"] = None
    return table.reset_index(drop=True)


def _wide(table: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    units = table[["case_id", "construct_id"]].drop_duplicates()
    wide = table.pivot(index=["case_id", "construct_id"], columns="coder_id", values="code")
    wide = wide.reindex(index=pd.MultiIndex.from_frame(units), columns=coders)
    wide.columns.name = None
    return wide.astype("float64")


def _alpha(ratings: pd.DataFrame, level: Level) -> float:
    import krippendorff

    data = ratings.to_numpy(dtype=float).T  # coders x units
    values = np.unique(data[~np.isnan(data)])
    if len(values) < 2:
        return math.nan
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement=level, value_domain=values)
    )


def _bootstrap(
    ratings: pd.DataFrame, level: Level, n_boot: int, seed: int, confidence: float
) -> tuple[float, float, int]:
    if n_boot == 0:
        return (math.nan, math.nan, 0)
    rng = np.random.default_rng(seed)
    n = len(ratings)
    data = ratings.to_numpy(dtype=float)
    stats = []
    for _ in range(n_boot):
        idx = rng.integers(0, n, size=n)
        a = _alpha(pd.DataFrame(data[idx]), level)
        if not math.isnan(a):
            stats.append(a)
    if not stats:
        return (math.nan, math.nan, 0)
    tail = (1 - confidence) / 2
    lo, hi = np.quantile(np.asarray(stats), [tail, 1 - tail])
    return (float(lo), float(hi), len(stats))


def _pairwise(ratings: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    values = ratings.to_numpy(dtype=float)
    observed = values[~np.isnan(values)]
    if np.all(observed == np.round(observed)):
        cats: list[float] = [float(v) for v in range(int(observed.min()), int(observed.max()) + 1)]
    else:
        cats = sorted(float(v) for v in np.unique(observed))
    rows = []
    for a, b in itertools.combinations(coders, 2):
        both = ratings[[a, b]].dropna()
        row: dict[str, object] = {"coder_1": a, "coder_2": b, "units": len(both)}
        if len(both):
            row["percent_agreement"] = float((both[a] == both[b]).mean())
            for w in KAPPA_WEIGHTS:
                row[f"kappa_{w}"] = weighted_kappa(
                    both[a].tolist(), both[b].tolist(), weights=w, categories=cats
                )
        else:
            row["percent_agreement"] = math.nan
            for w in KAPPA_WEIGHTS:
                row[f"kappa_{w}"] = math.nan
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[
            "coder_1",
            "coder_2",
            "units",
            "percent_agreement",
            *[f"kappa_{w}" for w in KAPPA_WEIGHTS],
        ],
    )


def _disagreements(table: pd.DataFrame, pairable: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    spread = pairable.max(axis=1) - pairable.min(axis=1)
    diff = pairable[spread > 0]
    rationale = table.pivot(
        index=["case_id", "construct_id"], columns="coder_id", values="rationale"
    )
    rows = []
    for (case, construct), rec in diff.iterrows():
        row: dict[str, object] = {"case_id": case, "construct_id": construct}
        for c in coders:
            v = rec[c]
            row[f"code_{c}"] = pd.NA if math.isnan(v) else int(v) if float(v).is_integer() else v
        row["difference"] = spread[(case, construct)]
        for c in coders:
            r = rationale.at[(case, construct), c] if c in rationale.columns else None
            row[f"rationale_{c}"] = None if _missing(r) else r
        rows.append(row)
    columns = [
        "case_id",
        "construct_id",
        *[f"code_{c}" for c in coders],
        "difference",
        *[f"rationale_{c}" for c in coders],
    ]
    out = pd.DataFrame(rows, columns=columns)
    if not out.empty:
        out["order"] = range(len(out))
        out = out.sort_values(["difference", "order"], ascending=[False, True], kind="stable").drop(
            columns="order"
        )
        diffs = out["difference"]
        out["difference"] = diffs.astype("int64") if bool((diffs == diffs.round()).all()) else diffs
        for c in coders:
            out[f"code_{c}"] = (
                out[f"code_{c}"].astype("Int64") if _all_int(out[f"code_{c}"]) else out[f"code_{c}"]
            )
    return out.reset_index(drop=True)


def _all_int(col: pd.Series) -> bool:
    vals = col.dropna()
    return all(isinstance(v, int | np.integer) for v in vals)
