"""The case base: cases, programmes, sources, evidence, coders and codes, validated and linked.

:func:`load_cases` reads a case-base folder (by default the bundled five cases), checks every
table against ``datapackage.json`` and every link between tables, and returns a :class:`CaseBook`.
A researcher adds a case by copying ``data/template/`` (see its README), filling in the CSV files
and calling ``load_cases(data_dir=..., include_bundled=True)``.

Examples
--------
>>> book = load_cases()
>>> book.code_matrix(level="element").columns.tolist()
['technology', 'capacity', 'institutions']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeGuard, cast

import pandas as pd

from .errors import ArgumentError, DataError
from .framework import Framework, load_framework
from .narrative import load_narratives
from .paths import bundled_data_dir
from .schema import check_foreign_keys, concat_tables, origin, read_table, split_ids, table_specs

__all__ = [
    "CaseBook",
    "load_cases",
    "list_cases",
    "CASE_TABLES",
    "REFERENCE_CODER",
    "REFERENCE_YEAR",
]

#: Tables every case-base folder holds.
CASE_TABLES = ("sources", "cases", "programmes", "evidence", "coders", "codes")
#: Tables loaded when the folder has them (indicators for scoring, external assessments).
OPTIONAL_TABLES = ("indicators", "external_assessments")
#: Coder id of smartcase's reference coding.
REFERENCE_CODER = "ref"
#: The report's reference point: codes describe the state by the end of this year.
REFERENCE_YEAR = 2020

_INDEX = {
    "sources": "source_id",
    "cases": "case_id",
    "programmes": "programme_id",
    "evidence": "evidence_id",
    "coders": "coder_id",
}


def _no_narratives() -> pd.DataFrame:
    from .narrative import _empty

    return _empty()


@dataclass(frozen=True, repr=False)
class CaseBook:
    """A validated case base.

    Attributes
    ----------
    framework : Framework
        Elements, codebook and rubric.
    cases : pandas.DataFrame
        Indexed by ``case_id``: name, country, group, administrative type, population, area and
        the source of each attribute.
    programmes : pandas.DataFrame
        Indexed by ``programme_id``: flagship programmes with start year and lead organisations.
    sources : pandas.DataFrame
        Indexed by ``source_id``: author, title (the source's own), title_en, year, published,
        date_basis, url, archive_url, accessed, language, kind, note.
    evidence : pandas.DataFrame
        Indexed by ``evidence_id``: case, element, sub-dimension, statement, year (with
        ``year_basis``), period, source, strength, ``post_2020``, note.
    coders : pandas.DataFrame
        Indexed by ``coder_id``.
    codes : pandas.DataFrame
        One row per case, construct and coder: ``code`` (0-3), ``confidence``,
        ``evidence_ids`` (``';'``-separated), ``rationale``.
    extra : dict of str to DataFrame
        Optional tables found in the folder (``indicators``, ``external_assessments``).
    data_dirs : tuple of Path
        The folders the case base was read from.
    narratives : pandas.DataFrame
        The case narratives (``narratives/<case_id>.md`` of each folder, format in
        ``data/narratives/README.md``), one row per paragraph: ``case_id, title, section,
        heading, paragraph, text, evidence_ids, post_2020, words, line`` (see
        :func:`smartcase.narrative.read_narrative`); render one with
        :func:`smartcase.narrative.narrative_markdown`.
    missing_narratives : tuple of str
        Ids of the cases without a narrative, in case order. A missing narrative is reported
        here (and in the book's ``repr``), not an error.
    """

    framework: Framework
    cases: pd.DataFrame
    programmes: pd.DataFrame
    sources: pd.DataFrame
    evidence: pd.DataFrame
    coders: pd.DataFrame
    codes: pd.DataFrame
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    data_dirs: tuple[Path, ...] = ()
    narratives: pd.DataFrame = field(default_factory=_no_narratives)
    missing_narratives: tuple[str, ...] = ()

    # ------------------------------------------------------------------ basics
    @property
    def case_ids(self) -> tuple[str, ...]:
        """Case ids in the order of ``cases.csv``."""
        return tuple(self.cases.index)

    @property
    def coder_ids(self) -> tuple[str, ...]:
        """Coder ids that appear in the codes table, reference coder first."""
        ids = list(dict.fromkeys(self.codes["coder_id"]))
        if REFERENCE_CODER in ids:
            ids.remove(REFERENCE_CODER)
            ids.insert(0, REFERENCE_CODER)
        return tuple(ids)

    @property
    def indicators(self) -> pd.DataFrame | None:
        """The quantitative indicators table, when the case base has one."""
        return self.extra.get("indicators")

    @property
    def external_assessments(self) -> pd.DataFrame | None:
        """The external assessments table, when the case base has one."""
        return self.extra.get("external_assessments")

    def check_case(self, case: str, argument: str = "case") -> str:
        """Raise :class:`ArgumentError` unless ``case`` is a case id of this book."""
        if case not in self.cases.index:
            raise ArgumentError(
                argument, repr(case), "one of " + ", ".join(map(repr, self.cases.index))
            )
        return case

    def _check_coder(self, coder: str) -> str:
        if coder not in set(self.codes["coder_id"]):
            raise ArgumentError(
                "coder", repr(coder), "one of " + ", ".join(map(repr, self.coder_ids))
            )
        return coder

    # ------------------------------------------------------------- code views
    def code_matrix(
        self,
        level: Literal["subdimension", "element"] = "subdimension",
        *,
        coder: str = REFERENCE_CODER,
        outcome: bool = False,
    ) -> pd.DataFrame:
        """Cases by sub-dimensions (or elements) matrix of one coder's codes.

        Parameters
        ----------
        level : {'subdimension', 'element'}
            ``'subdimension'``: the ordinal codes 0-3, one column per sub-dimension in framework
            order. ``'element'``: one column per element holding the mean of the element's
            sub-dimension codes divided by 3, a score on [0, 1] (0 = every sub-dimension absent,
            1 = every sub-dimension established). Every sub-dimension counts equally within its
            element.
        coder : str, default 'ref'
            Whose codes (smartcase's reference coding by default).
        outcome : bool, default False
            Append the outcome column ``innovation`` (0-3, or divided by 3 at element level).

        Returns
        -------
        pandas.DataFrame
            Indexed by case id. Codes a coder has not given are missing (``<NA>``; element
            scores then average the codes that exist).

        Raises
        ------
        ArgumentError
            Unknown ``level`` or ``coder``.

        Examples
        --------
        >>> m = load_cases().code_matrix()
        >>> m.shape[1] == len(load_cases().framework.subdimensions)
        True
        >>> e = load_cases().code_matrix("element")
        >>> bool(((e >= 0) & (e <= 1)).all().all())
        True
        """
        if level not in ("subdimension", "element"):
            raise ArgumentError("level", repr(level), "one of 'subdimension', 'element'")
        self._check_coder(coder)
        fw = self.framework
        codes = self.codes[self.codes["coder_id"] == coder]
        wide = codes.pivot(index="case_id", columns="construct_id", values="code")
        cols = list(fw.subdimension_ids) + (list(fw.outcome_ids) if outcome else [])
        wide = wide.reindex(index=list(self.case_ids), columns=cols).astype("Int64")
        wide.index.name = "case_id"
        wide.columns.name = None
        if level == "subdimension":
            return wide
        out = pd.DataFrame(index=wide.index)
        for element in fw.element_ids:
            subs = fw.subdimensions_of(element)
            out[element] = wide[subs].astype("Float64").mean(axis=1).astype("float64") / 3.0
        if outcome:
            for oid in fw.outcome_ids:
                out[oid] = wide[oid].astype("Float64").astype("float64") / 3.0
        out.columns.name = None
        return out

    def code_evidence(self, coder: str = REFERENCE_CODER) -> pd.DataFrame:
        """One row per code and the evidence item it cites, with the evidence's strength.

        Returns
        -------
        pandas.DataFrame
            Columns ``case_id, construct_id, coder_id, code, confidence, evidence_id, strength,
            post_2020, year, source_id``. Codes citing no evidence appear once with empty
            evidence columns.

        Examples
        --------
        >>> ce = load_cases().code_evidence()
        >>> set(ce["strength"].dropna()) <= {"strong", "medium", "weak"}
        True
        """
        self._check_coder(coder)
        codes = self.codes[self.codes["coder_id"] == coder]
        rows = []
        for rec in codes.itertuples(index=False):
            ids: list[str | None] = list(split_ids(rec.evidence_ids)) or [None]
            for eid in ids:
                rows.append(
                    {
                        "case_id": rec.case_id,
                        "construct_id": rec.construct_id,
                        "coder_id": rec.coder_id,
                        "code": rec.code,
                        "confidence": rec.confidence,
                        "evidence_id": eid,
                    }
                )
        out = pd.DataFrame(
            rows,
            columns=["case_id", "construct_id", "coder_id", "code", "confidence", "evidence_id"],
        )
        ev = self.evidence[["strength", "post_2020", "year", "source_id"]]
        return out.join(ev, on="evidence_id")

    def explain(
        self, case: str, subdimension: str, *, coder: str = REFERENCE_CODER
    ) -> pd.DataFrame:
        """The evidence behind a case's code on a sub-dimension (or the outcome), with sources.

        Parameters
        ----------
        case : str
            Case id.
        subdimension : str
            Sub-dimension id, or the outcome id ``'innovation'`` (then the evidence the outcome
            code cites).
        coder : str, default 'ref'
            Whose code to attach.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``evidence_id``: statement, year, period, strength, post_2020, ``cited``
            (whether the code cites the item) and the source's author, title, year
            (``source_year``), url and accessed date. ``.attrs`` holds ``code``, ``confidence``
            and ``rationale`` of the code.

        Raises
        ------
        ArgumentError
            Unknown case or sub-dimension.

        Examples
        --------
        >>> ex = load_cases().explain("helsinki", "open_data")
        >>> ex.attrs["code"] in {0, 1, 2, 3}
        True
        >>> {"statement", "url", "strength"} <= set(ex.columns)
        True
        """
        self.check_case(case)
        self.framework.check_construct(subdimension)
        code_row = self.codes[
            (self.codes["case_id"] == case)
            & (self.codes["construct_id"] == subdimension)
            & (self.codes["coder_id"] == coder)
        ]
        cited = split_ids(code_row["evidence_ids"].iloc[0]) if len(code_row) else []
        ev = self.evidence
        if self.framework.codebook.at[subdimension, "kind"] == "subdimension":
            mask = (ev["case_id"] == case) & (
                (ev["subdimension_id"] == subdimension) | ev.index.isin(cited)
            )
        else:
            mask = ev.index.isin(cited)
        rows = ev.loc[
            mask, ["statement", "year", "period", "strength", "post_2020", "source_id"]
        ].copy()
        rows.insert(0, "cited", rows.index.isin(cited))
        src = self.sources[["author", "title", "year", "url", "accessed"]].rename(
            columns={"year": "source_year"}
        )
        out = rows.join(src, on="source_id")
        if len(code_row):
            rec = code_row.iloc[0]
            out.attrs = {
                "case_id": case,
                "construct_id": subdimension,
                "coder_id": coder,
                "code": int(rec["code"]),
                "confidence": rec["confidence"],
                "rationale": rec["rationale"],
            }
        else:
            out.attrs = {
                "case_id": case,
                "construct_id": subdimension,
                "coder_id": coder,
                "code": None,
                "confidence": None,
                "rationale": None,
            }
        return out

    def subset(self, cases: Iterable[str]) -> CaseBook:
        """A case book with only ``cases`` (and the programmes, evidence and codes of those).

        Examples
        --------
        >>> load_cases().subset(["busan", "helsinki"]).case_ids
        ('busan', 'helsinki')
        """
        keep = [self.check_case(c, "cases") for c in cases]
        extra = {
            k: (v[v["case_id"].isin(keep)] if "case_id" in v.columns else v)
            for k, v in self.extra.items()
        }
        return replace(
            self,
            cases=self.cases.loc[keep],
            programmes=self.programmes[self.programmes["case_id"].isin(keep)],
            evidence=self.evidence[self.evidence["case_id"].isin(keep)],
            codes=self.codes[self.codes["case_id"].isin(keep)].reset_index(drop=True),
            extra=extra,
            narratives=self.narratives[self.narratives["case_id"].isin(keep)].reset_index(
                drop=True
            ),
            missing_narratives=tuple(c for c in keep if c in self.missing_narratives),
        )

    def summary(self) -> pd.DataFrame:
        """Per case: evidence items (all, dated up to 2020, strong), sources, programmes, codes.

        Examples
        --------
        >>> s = load_cases().summary()
        >>> bool((s["evidence"] >= 20).all())
        True
        """
        ev = self.evidence
        rows = {}
        for cid in self.case_ids:
            e = ev[ev["case_id"] == cid]
            rows[cid] = {
                "evidence": len(e),
                "evidence_to_2020": int((~e["post_2020"].astype(bool)).sum()),
                "strong": int((e["strength"] == "strong").sum()),
                "sources": e["source_id"].nunique(),
                "programmes": int((self.programmes["case_id"] == cid).sum()),
                "codes": int(
                    (
                        (self.codes["case_id"] == cid) & (self.codes["coder_id"] == REFERENCE_CODER)
                    ).sum()
                ),
            }
        out = pd.DataFrame.from_dict(rows, orient="index")
        out.index.name = "case_id"
        return out

    def __repr__(self) -> str:
        n = len(self.cases)
        told = n - len(self.missing_narratives)
        missing = (
            f" (missing: {', '.join(self.missing_narratives)})" if self.missing_narratives else ""
        )
        return (
            f"CaseBook: {n} cases ({', '.join(self.case_ids)}), {len(self.evidence)} evidence items, "
            f"{len(self.sources)} sources, {len(self.codes)} codes by {len(self.coder_ids)} coder(s), "
            f"narratives for {told} of {n} cases{missing}"
        )

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.summary().to_html()


# ---------------------------------------------------------------------- loading
def _dirs(data_dir: str | Path | Sequence[str | Path] | None, include_bundled: bool) -> list[Path]:
    bundled = bundled_data_dir()
    if data_dir is None:
        return [bundled]
    given = [Path(data_dir)] if isinstance(data_dir, str | Path) else [Path(d) for d in data_dir]
    for d in given:
        try:
            is_dir = d.is_dir()
        except OSError:  # e.g. a name too long for the file system
            is_dir = False
        if not is_dir:
            raise DataError(
                "case-base folder not found",
                file=d,
                expected="a folder holding cases.csv, evidence.csv, ...",
            )
    dirs = ([bundled] if include_bundled else []) + given
    seen: list[Path] = []
    for d in dirs:
        if d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def _read_all(dirs: list[Path]) -> dict[str, pd.DataFrame]:
    specs = table_specs()
    tables: dict[str, pd.DataFrame] = {}
    for name in CASE_TABLES + OPTIONAL_TABLES:
        if name not in specs:
            continue
        frames = []
        for d in dirs:
            path = d / specs[name].path
            if name in OPTIONAL_TABLES and not path.is_file():
                continue
            frames.append(read_table(path, specs[name]))
        if frames:
            df = concat_tables(frames)
            if len(frames) > 1 and name in ("sources", "coders"):
                # a row copied unchanged from another folder (e.g. a bundled source you cite) is fine
                keep = ~df.astype(str).duplicated(keep="first").to_numpy()
                origin_ = [o for o, k in zip(df.attrs["origin"], keep, strict=True) if k]
                df = df[keep].reset_index(drop=True)
                df.attrs = {"origin": origin_}
            if len(frames) > 1:
                _check_cross_duplicates(df, specs[name].primary_key)
            tables[name] = df
    return tables


def _check_cross_duplicates(df: pd.DataFrame, key: tuple[str, ...]) -> None:
    if not key or df.empty:
        return
    dup = df.duplicated(subset=list(key), keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        value = tuple(df.iloc[i][k] for k in key)
        j = next(k for k in range(i) if tuple(df.iloc[k][c] for c in key) == value)
        file, line = origin(df, i)
        ofile, oline = origin(df, j)
        raise DataError(
            "id already used in another case-base folder",
            file=file,
            line=line,
            field="+".join(key),
            expected=f"an id not used in {ofile} (line {oline})",
            found=repr(value[0] if len(value) == 1 else value),
        )


def _err(df: pd.DataFrame, i: int, message: str, fld: str, expected: str, found: str) -> DataError:
    file, line = origin(df, i)
    return DataError(message, file=file, line=line, field=fld, expected=expected, found=found)


def _check_links(t: dict[str, pd.DataFrame], fw: Framework) -> None:
    specs = table_specs()
    check_foreign_keys(
        {**t, "elements": fw.elements.reset_index(), "codebook": fw.codebook.reset_index()}, specs
    )
    if t["cases"].empty:
        raise DataError(
            "no cases",
            file=origin(t["cases"], 0)[0] or "cases.csv",
            expected="at least one case row",
        )
    kinds = fw.codebook["kind"]
    elem = fw.codebook["element_id"]
    src = t["sources"]
    for i, rec in enumerate(src.itertuples(index=False)):
        if not pd.isna(rec.url) and pd.isna(rec.accessed):
            raise _err(
                src,
                i,
                "a web source needs its access date",
                "accessed",
                "YYYY-MM-DD or YYYY-MM",
                "an empty cell",
            )
        if not pd.isna(rec.published) and (
            pd.isna(rec.year) or int(rec.published[:4]) != int(rec.year)
        ):
            raise _err(
                src,
                i,
                "the publication date and the year disagree",
                "published",
                f"a date in the year {rec.year}" if not pd.isna(rec.year) else "a year as well",
                repr(rec.published),
            )
    ev = t["evidence"]
    for i, rec in enumerate(ev.itertuples(index=False)):
        if kinds[rec.subdimension_id] != "subdimension":
            raise _err(
                ev,
                i,
                "evidence must be coded to a sub-dimension",
                "subdimension_id",
                "a sub-dimension id",
                f"the outcome {rec.subdimension_id!r}",
            )
        if elem[rec.subdimension_id] != rec.element_id:
            raise _err(
                ev,
                i,
                "sub-dimension belongs to another element",
                "element_id",
                repr(elem[rec.subdimension_id]),
                repr(rec.element_id),
            )
        if rec.year > REFERENCE_YEAR and not rec.post_2020:
            raise _err(
                ev,
                i,
                f"a fact dated after {REFERENCE_YEAR} must be flagged",
                "post_2020",
                "true",
                "false",
            )
    ev_case = dict(zip(ev["evidence_id"], ev["case_id"], strict=True))
    ev_sub = dict(zip(ev["evidence_id"], ev["subdimension_id"], strict=True))
    codes = t["codes"]
    for i, rec in enumerate(codes.itertuples(index=False)):
        ids = split_ids(rec.evidence_ids)
        if rec.code > 0 and not ids:
            raise _err(
                codes,
                i,
                "a non-zero code must cite evidence",
                "evidence_ids",
                "at least one evidence id",
                "an empty cell",
            )
        for eid in ids:
            if eid not in ev_case:
                raise _err(
                    codes,
                    i,
                    "code cites missing evidence",
                    "evidence_ids",
                    "ids listed in evidence.csv",
                    repr(eid),
                )
            if ev_case[eid] != rec.case_id:
                raise _err(
                    codes,
                    i,
                    "code cites evidence of another case",
                    "evidence_ids",
                    f"evidence of {rec.case_id!r}",
                    f"{eid!r} of {ev_case[eid]!r}",
                )
            if kinds[rec.construct_id] == "subdimension" and ev_sub[eid] != rec.construct_id:
                raise _err(
                    codes,
                    i,
                    "code cites evidence of another sub-dimension",
                    "evidence_ids",
                    f"evidence coded to {rec.construct_id!r}",
                    f"{eid!r} coded to {ev_sub[eid]!r}",
                )


def load_cases(
    data_dir: str | Path | Sequence[str | Path] | None = None,
    *,
    include_bundled: bool = False,
) -> CaseBook:
    """Load and validate a case base.

    Parameters
    ----------
    data_dir : str, Path or sequence of them, optional
        Case-base folder(s) holding ``sources.csv``, ``cases.csv``, ``programmes.csv``,
        ``evidence.csv``, ``coders.csv`` and ``codes.csv`` (layout: ``data/datapackage.json``;
        start from a copy of ``data/template/``). A ``framework/`` sub-folder, if present,
        replaces the bundled framework. Default: the bundled five cases.
    include_bundled : bool, default False
        Also load the bundled five cases, so that your own cases are compared with them. Ids
        must then be unique across folders; your evidence may cite the bundled sources.

    Returns
    -------
    CaseBook

    Raises
    ------
    ArgumentError
        ``data_dir`` is not a path or a non-empty sequence of paths, or ``include_bundled`` is
        not True or False.
    DataError
        Naming file, line and field: a missing, empty or non-UTF-8 file; malformed CSV; a
        missing or extra column; a duplicate id; an unknown case, element, sub-dimension,
        coder or source; a code outside 0-3 or citing missing evidence (or evidence of another
        case or sub-dimension); a non-zero code citing none; a non-integer year; a malformed
        or unsafe URL; a control character in text (or a line break in a one-line field); a
        web source without access date; a fact after 2020 not flagged; a narrative that breaks
        the format of ``data/narratives/README.md`` (naming file and line; see
        :func:`smartcase.narrative.read_narrative`) or belongs to no case of the case base.
        A case without a narrative is not an error: it is listed in ``missing_narratives``.

    Notes
    -----
    Loading never writes into any folder.

    Examples
    --------
    >>> book = load_cases()
    >>> book.cases.loc["helsinki", "country"]
    'Finland'
    >>> len(book.codes[book.codes.coder_id == "ref"]) == len(book.cases) * len(book.framework.codebook)
    True
    """
    _check_load_arguments(data_dir, include_bundled)
    dirs = _dirs(data_dir, include_bundled)
    fw = load_framework(dirs[-1] if data_dir is not None else None)
    t = _read_all(dirs)
    _check_links(t, fw)
    frames = {
        name: (t[name].set_index(_INDEX[name]) if name in _INDEX else t[name])
        for name in CASE_TABLES
    }
    for name in frames:
        frames[name].attrs = {}
    extra = {}
    for name in OPTIONAL_TABLES:
        if name in t:
            df = t[name].copy()
            df.attrs = {}
            extra[name] = df
    narratives, missing = load_narratives(dirs, frames["cases"], frames["evidence"], fw)
    return CaseBook(
        framework=fw,
        extra=extra,
        data_dirs=tuple(dirs),
        narratives=narratives,
        missing_narratives=missing,
        **frames,
    )


def _check_load_arguments(data_dir: object, include_bundled: object) -> None:
    """Refuse arguments :func:`load_cases` cannot use, naming them (before touching any file)."""
    expected = "a folder path (str or Path), a non-empty list of them, or None"

    def is_path(x: object) -> TypeGuard[str | os.PathLike[str]]:
        return isinstance(x, str | os.PathLike) and not isinstance(x, bytes)

    if data_dir is not None and not is_path(data_dir):
        if not isinstance(data_dir, list | tuple):
            raise ArgumentError("data_dir", f"{data_dir!r} ({type(data_dir).__name__})", expected)
        if not data_dir:
            raise ArgumentError("data_dir", f"an empty {type(data_dir).__name__}", expected)
        for d in data_dir:
            if not is_path(d):
                raise ArgumentError(
                    "data_dir", f"{d!r} ({type(d).__name__}) in the sequence", expected
                )
    # past the checks above, a data_dir that is not a path is a list or tuple of paths
    given = (
        []
        if data_dir is None
        else [data_dir]
        if is_path(data_dir)
        else list(cast("Sequence[str | os.PathLike[str]]", data_dir))
    )
    for d in given:
        text = os.fspath(d)
        if not isinstance(text, str) or not text.strip() or "\x00" in text:
            raise ArgumentError("data_dir", repr(d), "a non-empty folder path")
    if not isinstance(include_bundled, bool):
        raise ArgumentError("include_bundled", repr(include_bundled), "True or False")


def list_cases(data_dir: str | Path | None = None) -> pd.DataFrame:
    """List the cases of a case base (default: the bundled one) without loading the rest.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``case_id``; columns ``name, country, group``.

    Raises
    ------
    ArgumentError
        ``data_dir`` is not a folder path.
    DataError
        ``cases.csv`` is missing or malformed.

    Examples
    --------
    >>> list_cases().index.tolist()
    ['busan', 'sejong', 'bucheon', 'helsinki', 'barcelona']
    """
    if data_dir is not None and (
        not isinstance(data_dir, str | os.PathLike) or isinstance(data_dir, bytes)
    ):
        raise ArgumentError(
            "data_dir", f"{data_dir!r} ({type(data_dir).__name__})", "a folder path (str or Path)"
        )
    _check_load_arguments(data_dir, False)
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    spec = table_specs()["cases"]
    df = read_table(folder / spec.path, spec)
    df.attrs = {}
    return df.set_index("case_id")[["name", "country", "group"]]
