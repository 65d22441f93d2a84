"""External validation (JRC/OECD step 9): smartcase's ranks beside external assessments.

:func:`external_validation` puts a composite's ranks next to each external ranking (one column per
assessment, edition and method version, e.g. IMD Smart City Index 2023 as published, or the
2021 ranks rebased with the 2023 method). Where at least ``min_cases`` (3) of the cases have an
external rank it gives Spearman's rho between the two rankings (exact permutation p-value); where
fewer do, it says so instead of computing. Certifications and other statuses appear in
``.status``, and every case gets a plain sentence naming the assessments in which it has no value.

External ranks are ranks among many more cities (and, for IMD, among cities grouped by human
development); only the order of the cases among themselves enters the correlation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._results import html_block, text_block
from .correlation import power_note, spearman_exact
from .errors import ScoringArgumentError

__all__ = ["external_validation", "ExternalValidation"]

LABELS = {
    "imd_smart_city_index": "IMD Smart City Index",
    "korea_smart_city_certification": "Korea smart city certification",
    "eden_top50_smart_city_governments": "Eden Top 50 Smart City Governments",
    "iso_37106_bsi": "ISO 37106 (BSI)",
}


@dataclass(frozen=True, repr=False)
class ExternalValidation:
    """Result of :func:`external_validation`.

    Attributes
    ----------
    table : pandas.DataFrame
        Per case: ``smartcase_rank`` and one column of external ranks per assessment, edition and
        method version (``<NA>`` = no rank).
    status : pandas.DataFrame
        Per case and column: the status (``ranked``, ``certified``, ``not_found``, ...).
    correlations : pandas.DataFrame
        Per external ranking: ``n_cases`` with a rank, ``spearman``, ``spearman_p`` and a
        ``note`` (why no correlation was computed, or the low-power caveat).
    city_notes : pandas.Series
        A plain sentence per case on the assessments in which it has no value.
    """

    table: pd.DataFrame
    status: pd.DataFrame
    correlations: pd.DataFrame
    city_notes: pd.Series
    settings: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The correlations: one row per external ranking (a copy of :attr:`correlations`).

        Returns
        -------
        DataFrame
            ``n_cases``, ``spearman``, ``spearman_p`` and ``note`` per external ranking; the
            ranks themselves are in :attr:`table`.

        Examples
        --------
        >>> import pandas as pd
        >>> ranks = pd.Series([1, 2, 3, 4], index=["a", "b", "c", "d"])
        >>> ext = pd.DataFrame({"case_id": ["a", "b", "c", "d"], "assessment": "x", "edition_year": 2020,
        ...                     "method_version": "as_published", "status": ["ranked"] * 3 + ["not_found"],
        ...                     "rank": [10, 40, 30, None]})
        >>> external_validation(ranks, ext).to_frame()["n_cases"].tolist()
        [3]
        """
        return self.correlations.copy()

    def __repr__(self) -> str:
        lines = [f"{c}: {t}" for c, t in self.city_notes.items()]
        return text_block("External validation", lines, self.correlations)

    def _repr_html_(self) -> str:
        lines = [f"{c}: {t}" for c, t in self.city_notes.items()]
        return html_block("External validation", lines, self.correlations)


def _ranks_of(scores: Any) -> pd.Series:
    if isinstance(scores, pd.Series):
        s = scores
    elif isinstance(scores, pd.DataFrame) and "rank" in scores.columns:
        s = scores["rank"]
    elif hasattr(scores, "nominal") and isinstance(scores.nominal, pd.DataFrame):
        s = scores.nominal["rank"]
    else:
        raise ScoringArgumentError(
            "scores",
            f"an object of type {type(scores).__name__}",
            "a composite DataFrame with a 'rank' column, a Series of ranks, or an uncertainty result",
        )
    out = pd.to_numeric(s).astype("Float64")
    out.index = [str(i) for i in out.index]
    return out


def _edition(row: pd.Series) -> str:
    year = "undated" if pd.isna(row["edition_year"]) else str(int(row["edition_year"]))
    return year if row["method_version"] == "as_published" else f"{year} ({row['method_version']})"


def _city_note(rows: pd.DataFrame) -> str:
    """One plain sentence per case: what each assessment says about it, and where it has no value."""
    if rows.empty:
        return "no external assessment listed."
    parts = []
    any_value = False
    for asmt, grp in rows.groupby("assessment", sort=False):
        name = LABELS.get(str(asmt), str(asmt))
        got = []
        for _, r in grp.iterrows():
            if r["status"] == "ranked" and pd.notna(r["rank"]):
                got.append(f"rank {int(r['rank'])} in {_edition(r)}")
            elif r["status"] == "certified":
                got.append(f"certified in {_edition(r)}")
        missing: dict[str, list[str]] = {}
        for _, r in grp.iterrows():
            if r["status"] not in ("ranked", "certified"):
                missing.setdefault(str(r["status"]).replace("_", " "), []).append(_edition(r))
        text = ", ".join(got)
        gaps = "; ".join(
            f"{st} ({', '.join(eds)})" if st != "not covered" else "not covered"
            for st, eds in missing.items()
        )
        any_value = any_value or bool(got)
        parts.append(f"{name}: " + (text + ("; " + gaps if gaps else "") if text else gaps) + ".")
    lead = "" if any_value else "No external rank or certification in the sources consulted. "
    return lead + " ".join(parts)


def external_validation(
    scores: Any,
    assessments: pd.DataFrame,
    *,
    min_cases: int = 3,
) -> ExternalValidation:
    """Set smartcase's ranks beside external assessments, with rank correlations where possible.

    Parameters
    ----------
    scores : DataFrame, Series or UncertaintyResult
        A :func:`composite` result (its ``rank`` column), ranks, or an uncertainty result (its
        nominal ranks).
    assessments : pandas.DataFrame
        The external assessments table (:func:`load_external_assessments`): columns
        ``case_id, assessment, edition_year, method_version, status, rank``.
    min_cases : int, default 3
        Fewest cases with an external rank for a correlation to be computed.

    Returns
    -------
    ExternalValidation

    Raises
    ------
    ScoringArgumentError
        Unusable ``scores``, a table without the needed columns, ``min_cases`` below 3.

    Examples
    --------
    >>> import pandas as pd
    >>> ranks = pd.Series([1, 2, 3, 4], index=["a", "b", "c", "d"])
    >>> ext = pd.DataFrame({"case_id": ["a", "b", "c", "d"], "assessment": "x", "edition_year": 2020,
    ...                     "method_version": "as_published", "status": ["ranked"] * 3 + ["not_found"],
    ...                     "rank": [10, 40, 30, None]})
    >>> res = external_validation(ranks, ext)
    >>> res.correlations[["n_cases", "spearman"]].round(2).to_dict("records")
    [{'n_cases': 3, 'spearman': 0.5}]
    >>> res.city_notes["d"]
    'No external rank or certification in the sources consulted. x: not found (2020).'
    """
    if isinstance(min_cases, bool) or not isinstance(min_cases, int) or min_cases < 3:
        raise ScoringArgumentError(
            "min_cases",
            repr(min_cases),
            "an integer >= 3 (a rank correlation of two cases is meaningless)",
        )
    need = {"case_id", "assessment", "edition_year", "method_version", "status", "rank"}
    if not isinstance(assessments, pd.DataFrame) or not need <= set(assessments.columns):
        raise ScoringArgumentError(
            "assessments",
            "a table without the needed columns",
            f"a DataFrame with columns {sorted(need)}",
        )
    ranks = _ranks_of(scores)
    cases = list(ranks.index)
    a = assessments[assessments["case_id"].astype(str).isin(cases)].copy()
    a["edition_year"] = pd.to_numeric(a["edition_year"]).astype("Int64")
    a["rank"] = pd.to_numeric(a["rank"]).astype("Int64")

    def label(row: pd.Series) -> str:
        name = LABELS.get(str(row["assessment"]), str(row["assessment"]))
        year = "" if pd.isna(row["edition_year"]) else f" {int(row['edition_year'])}"
        ver = "" if row["method_version"] == "as_published" else f" ({row['method_version']})"
        return f"{name}{year}{ver}"

    a["column"] = a.apply(label, axis=1) if len(a) else pd.Series(dtype=str)
    columns = list(dict.fromkeys(a["column"]))
    table = pd.DataFrame(index=pd.Index(cases, name="case_id"))
    table["smartcase_rank"] = ranks.round().astype("Int64").set_axis(table.index)
    status = pd.DataFrame(index=pd.Index(cases, name="case_id"), columns=columns, dtype="object")
    corr_rows = []
    for col in columns:
        sub = a[a["column"] == col].drop_duplicates("case_id").set_index("case_id")
        status[col] = sub["status"].reindex(cases)
        ranked = sub[sub["status"].eq("ranked") & sub["rank"].notna()]
        if ranked.empty:
            continue
        table[col] = ranked["rank"].reindex(cases).astype("Int64").set_axis(table.index)
        k = len(ranked)
        rec: dict[str, Any] = {
            "external": col,
            "n_cases": k,
            "spearman": np.nan,
            "spearman_p": np.nan,
        }
        if k >= min_cases:
            x = ranks.reindex(ranked.index).to_numpy(dtype=float)
            y = ranked["rank"].to_numpy(dtype=float)
            rho, p, _ = spearman_exact(x, y)
            rec.update(
                spearman=rho,
                spearman_p=p,
                note=power_note(k)
                if not np.isnan(rho)
                else "a ranking is constant among these cases",
            )
        else:
            rec["note"] = (
                f"only {k} case(s) ranked; no correlation computed (at least {min_cases} needed)"
            )
        corr_rows.append(rec)
    correlations = pd.DataFrame(
        corr_rows, columns=["external", "n_cases", "spearman", "spearman_p", "note"]
    )
    notes = {c: _city_note(a[a["case_id"].astype(str) == c]) for c in cases}
    return ExternalValidation(
        table, status, correlations, pd.Series(notes, name="note"), {"min_cases": min_cases}
    )
