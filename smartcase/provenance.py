"""What the codes rest on: source kinds, evidence strength and dates behind each case and code.

A comparison of cases is only as good as the evidence behind each side. This module measures it:

* :func:`source_profile` — per case: evidence items by strength and by the group of their
  source's kind (official, scholarly, news, other; :data:`smartcase.coding.SOURCE_KIND_GROUPS`),
  and the sources without a stated publication date.
* :func:`code_support` — per code: how many evidence items and distinct sources it cites, which
  kinds of source, whether it rests only on news or weak items, on a single source, or on
  evidence whose year is inferred, and whether it is a "not found" zero.

Both return DataFrames computed from the case base, so text built from them stays true when the
data change.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> prof = source_profile(book)
>>> int(prof.loc["helsinki", "items"]) == int((book.evidence["case_id"] == "helsinki").sum())
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .coding import SOURCE_KIND_GROUPS, STRENGTHS
from .errors import ArgumentError
from .schema import split_ids

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = ["source_profile", "code_support", "KIND_GROUPS"]

#: The groups of source kinds, in reporting order.
KIND_GROUPS: tuple[str, ...] = ("official", "scholarly", "news", "other")


def _evidence_with_sources(book: CaseBook) -> pd.DataFrame:
    ev = book.evidence.join(book.sources[["kind", "date_basis"]], on="source_id")
    ev["kind_group"] = ev["kind"].map(SOURCE_KIND_GROUPS).fillna("other")
    return ev


def source_profile(book: CaseBook, *, include_post_2020: bool = True) -> pd.DataFrame:
    """Evidence items of each case by strength and by the kind of their source.

    Parameters
    ----------
    book : CaseBook
        The case base.
    include_post_2020 : bool, default True
        Count items dated after the reference year 2020 too.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``case_id`` in case order. Columns: ``items``; the counts ``strong``,
        ``medium``, ``weak``; the counts ``official``, ``scholarly``, ``news``, ``other`` (by
        the source's kind group); the shares ``strong_share``, ``official_share``,
        ``scholarly_share``, ``news_share`` (0-1); ``sources`` (distinct sources cited) and
        ``sources_undated`` (of those, how many have no publication year).

    Examples
    --------
    >>> import smartcase
    >>> prof = source_profile(smartcase.load_cases())
    >>> list(prof.columns[:4])
    ['items', 'strong', 'medium', 'weak']
    >>> bool((prof["strong_share"] <= 1).all())
    True
    """
    ev = _evidence_with_sources(book)
    if not include_post_2020:
        ev = ev[~ev["post_2020"].astype(bool)]
    cases = list(book.case_ids)
    by_strength = pd.crosstab(ev["case_id"], ev["strength"]).reindex(
        index=cases, columns=list(STRENGTHS), fill_value=0
    )
    by_kind = pd.crosstab(ev["case_id"], ev["kind_group"]).reindex(
        index=cases, columns=list(KIND_GROUPS), fill_value=0
    )
    out = pd.DataFrame(index=pd.Index(cases, name="case_id"))
    out["items"] = by_strength.sum(axis=1).astype("int64")
    out = out.join(by_strength.astype("int64")).join(by_kind.astype("int64"))
    n = out["items"].where(out["items"] > 0)
    for col in ("strong", "official", "scholarly", "news"):
        out[f"{col}_share"] = (out[col] / n).fillna(0.0)
    src = book.sources
    per_case = ev.groupby("case_id")["source_id"].unique()
    out["sources"] = [len(per_case.get(c, [])) for c in cases]
    out["sources_undated"] = [
        int(src.loc[list(per_case.get(c, [])), "year"].isna().sum()) for c in cases
    ]
    return out


def code_support(book: CaseBook, *, coder: str = "ref") -> pd.DataFrame:
    """What each code of one coder rests on.

    Parameters
    ----------
    book : CaseBook
        The case base.
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        One row per code, indexed by ``(case_id, construct_id)``: ``code``, ``confidence``,
        ``items`` (evidence items cited), ``sources`` (distinct sources), ``strong`` (items
        rated strong), ``official``, ``scholarly``, ``news``, ``other`` (items by the kind group
        of their source), and the flags ``official_or_scholarly`` (at least one item from an
        official or scholarly source), ``news_or_weak_only`` (every item is news or rated
        weak), ``single_source``, ``inferred_year`` (an item's year is inferred) and
        ``not_found_zero`` (a 0 citing no evidence).

    Raises
    ------
    ArgumentError
        An unknown coder.

    Examples
    --------
    >>> import smartcase
    >>> sup = code_support(smartcase.load_cases())
    >>> sup.index.names
    FrozenList(['case_id', 'construct_id'])
    >>> bool((sup.loc[sup["code"] == 0, "items"] >= 0).all())
    True
    """
    if coder not in book.coder_ids:
        raise ArgumentError("coder", repr(coder), "one of " + ", ".join(map(repr, book.coder_ids)))
    codes = book.codes[book.codes["coder_id"] == coder]
    ev = _evidence_with_sources(book)
    rows = []
    for rec in codes.itertuples(index=False):
        ids = [i for i in split_ids(rec.evidence_ids) if i in ev.index]
        items = ev.loc[ids]
        groups = items["kind_group"].value_counts()
        news_or_weak = (items["kind_group"] == "news") | (items["strength"] == "weak")
        basis = items["year_basis"] if "year_basis" in items else pd.Series(dtype=object)
        rows.append(
            {
                "case_id": rec.case_id,
                "construct_id": rec.construct_id,
                "code": int(rec.code),
                "confidence": rec.confidence,
                "items": len(items),
                "sources": int(items["source_id"].nunique()),
                "strong": int((items["strength"] == "strong").sum()),
                **{g: int(groups.get(g, 0)) for g in KIND_GROUPS},
                "official_or_scholarly": bool(
                    groups.get("official", 0) + groups.get("scholarly", 0) > 0
                ),
                "news_or_weak_only": bool(len(items) > 0 and news_or_weak.all()),
                "single_source": bool(items["source_id"].nunique() == 1),
                "inferred_year": bool((basis == "inferred").any()),
                "not_found_zero": bool(int(rec.code) == 0 and len(items) == 0),
            }
        )
    return pd.DataFrame(rows).set_index(["case_id", "construct_id"])
