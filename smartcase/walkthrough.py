"""Case walkthroughs: the tables and the generated summary behind notebooks 01-05.

One notebook per case calls these functions with its case id; the five notebooks differ only in
their parameter cell and title. Everything here is read from the case base, so a case a user
adds gets the same walkthrough.

* :func:`case_profile` — who the case is: name, country, type, population, area, programmes and
  lead organisations, evidence base, each fact with its source id.
* :func:`case_programmes` — flagship programmes with start and end years, lead organisations.
* :func:`case_codes` — the codes of every sub-dimension and the outcome, with level, confidence,
  evidence ids and the coder's rationale.
* :func:`case_evidence` — the evidence items by element and sub-dimension, with their sources.
* :func:`case_sources` — the sources the case's evidence and attributes cite.
* :func:`case_question` — the question the case's chapter answers, with who the case is.
* :func:`code_evidence` / :func:`code_evidence_markdown` — every code beside the evidence it
  cites (id, year, strength, statement, source), as a table and as Markdown by element.
* :func:`case_peers` — the case against its peers: on each element score, sub-dimension and
  the outcome, the case's value beside the lowest, median and highest of the other cases.
* :func:`lessons` — what the case teaches, as sentences composed from the codes, the stage
  diagnosis and the evidence base (no free text: every clause comes from the data).
* :func:`appendix_number` — the case's number in the appendix series (``'a1'`` ... ``'a5'``).
* :func:`case_notebook` / :func:`write_case_notebook` — the walkthrough notebook of a case, made
  from the one template behind notebooks 01-05 (``smartcase/templates/case_walkthrough.txt``);
  use them to get the same walkthrough for a case you add.

Across cases (notebook 09): :func:`stage_overview` (one row per case: the stage reached in
smartcase's stage model and the conditions of the next stage not met) and
:func:`recommendations` (the top strategies of :func:`smartcase.strategy.recommend` for every
case in one table).

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> case_codes(book, "helsinki").columns[:4].tolist()
['element', 'construct', 'code', 'level']
>>> appendix_number(book, "sejong")
'a2'
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import ArgumentError
from .framework import LEVEL_LABELS
from .output import atomic_write_text
from .schema import split_ids

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = [
    "appendix_number",
    "case_question",
    "code_evidence",
    "code_evidence_markdown",
    "case_peers",
    "case_notebook",
    "write_case_notebook",
    "case_profile",
    "case_programmes",
    "case_codes",
    "case_evidence",
    "case_sources",
    "lessons",
    "stage_overview",
    "recommendations",
]


def appendix_number(book: CaseBook, case: str) -> str:
    """The case's number in the appendix series of outputs: ``'a'`` and its position (1-based).

    Examples
    --------
    >>> import smartcase
    >>> appendix_number(smartcase.load_cases(), "busan")
    'a1'
    """
    book.check_case(case)
    return f"a{book.case_ids.index(case) + 1}"


def case_notebook(
    book: CaseBook,
    case: str,
    *,
    number: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> str:
    """The walkthrough notebook of one case, as jupytext ``py:percent`` text.

    Notebooks 01-05 are this function's output for the five bundled cases (a test keeps them
    so); for a case you add, pass the folder of your case base. The notebook writes its tables
    and figures where :func:`smartcase.publish.output_root` says.

    Parameters
    ----------
    book : CaseBook
        A case base holding ``case`` (its name goes into the title).
    case : str
        Case id.
    number : int, optional
        Notebook number shown before the title (``1`` gives ``"01 Busan"``); default none.
    data_dir : str or Path, optional
        The folder of your own case base (as for :func:`smartcase.load_cases`), which the
        notebook loads. Default: the bundled case base.

    Returns
    -------
    str

    Raises
    ------
    ArgumentError
        Unknown case, or a number outside 0-99.

    Examples
    --------
    >>> import smartcase
    >>> text = case_notebook(smartcase.load_cases(), "sejong", number=2)
    >>> [line for line in text.splitlines() if line.startswith(("# # ", "CASE ="))]
    ['# # 02 Sejong: case walkthrough', 'CASE = "sejong"']
    """
    book.check_case(case)
    if number is not None and (isinstance(number, bool) or not 0 <= int(number) <= 99):
        raise ArgumentError("number", repr(number), "a notebook number from 0 to 99, or None")
    name = str(book.cases.at[case, "name"])
    title = name if number is None else f"{int(number):02d} {name}"
    template = resources.files("smartcase").joinpath("templates/case_walkthrough.txt")
    text = template.read_text(encoding="utf-8")
    folder = None if data_dir is None else Path(data_dir).as_posix()
    return (
        text.replace("{{TITLE}}", title)
        .replace("{{CASE}}", json.dumps(case))
        .replace("{{DATA_DIR}}", "None" if folder is None else json.dumps(folder))
    )


def write_case_notebook(
    book: CaseBook,
    case: str,
    path: str | os.PathLike[str],
    *,
    number: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the walkthrough notebook of a case: ``.ipynb`` (without outputs) or ``.py``.

    Parameters
    ----------
    book, case, number, data_dir
        As for :func:`case_notebook`.
    path : str or Path
        ``.ipynb`` for a Jupyter notebook, ``.py`` for its jupytext ``py:percent`` twin.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        Unknown case, or a path that ends neither in ``.ipynb`` nor in ``.py``.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    Examples
    --------
    >>> import tempfile, smartcase
    >>> book = smartcase.load_cases()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_case_notebook(book, "bucheon", f"{d}/bucheon.ipynb").name
    'bucheon.ipynb'
    """
    text = case_notebook(book, case, number=number, data_dir=data_dir)
    target = Path(path)
    if target.suffix == ".py":
        return atomic_write_text(target, text, overwrite=overwrite)
    if target.suffix != ".ipynb":
        raise ArgumentError("path", str(path), "a file name ending in .ipynb or .py")
    import jupytext

    notebook = jupytext.reads(text, fmt="py:percent")
    return atomic_write_text(target, jupytext.writes(notebook, fmt="ipynb"), overwrite=overwrite)


def _fmt_int(v: object) -> str:
    return "" if v is None or pd.isna(v) else f"{int(v):,}"  # type: ignore[call-overload]


def _fmt_num(v: object) -> str:
    if v is None or pd.isna(v):
        return ""
    f = float(v)  # type: ignore[arg-type]
    return f"{f:,.1f}" if f != int(f) else f"{int(f):,}"


def _year(v: object) -> str:
    return "" if v is None or pd.isna(v) else str(int(v))  # type: ignore[call-overload]


def case_profile(book: CaseBook, case: str) -> pd.DataFrame:
    """Who the case is, one attribute per row, each with its year and source id.

    Parameters
    ----------
    book : CaseBook
    case : str
        Case id.

    Returns
    -------
    pandas.DataFrame
        Columns ``attribute, value, year, source_id`` (empty where not applicable).

    Raises
    ------
    ArgumentError
        Unknown case.

    Examples
    --------
    >>> import smartcase
    >>> p = case_profile(smartcase.load_cases(), "busan")
    >>> p.set_index("attribute").at["Population", "year"]
    '2020'
    """
    book.check_case(case)
    c = book.cases.loc[case]
    progs = book.programmes[book.programmes["case_id"] == case]
    leads: list[str] = []
    for cell in progs["lead_organisations"].dropna():
        for org in str(cell).split(";"):
            org = org.strip()
            if org and org not in leads:
                leads.append(org)
    ev = book.evidence[book.evidence["case_id"] == case]
    rows = [
        (
            "Name",
            f"{c['name']} ({c['name_local']})" if pd.notna(c.get("name_local")) else str(c["name"]),
            "",
            "",
        ),
        ("Country", str(c["country"]), "", ""),
        ("Group", str(c["group"]), "", ""),
        ("Administrative type", str(c["admin_type"]), "", str(c.get("admin_type_source") or "")),
        (
            "Population",
            _fmt_int(c["population"]),
            _year(c["population_year"]),
            str(c.get("population_source") or ""),
        ),
        (
            "Area (km²)",
            _fmt_num(c["area_km2"]),
            _year(c["area_year"]),
            str(c.get("area_source") or ""),
        ),
        (
            "Flagship programmes",
            str(len(progs)),
            "",
            ";".join(dict.fromkeys(progs["source_id"].dropna().astype(str))),
        ),
        (
            "Lead organisations",
            "; ".join(leads),
            "",
            ";".join(dict.fromkeys(progs["lead_source_id"].dropna().astype(str))),
        ),
        (
            "Evidence items",
            f"{len(ev)} ({int((ev['strength'] == 'strong').sum())} strong, {int((ev['strength'] == 'medium').sum())} medium, "
            f"{int((ev['strength'] == 'weak').sum())} weak; {int(ev['post_2020'].astype(bool).sum())} dated after 2020)",
            "",
            "",
        ),
        ("Sources cited by the evidence", str(ev["source_id"].nunique()), "", ""),
    ]
    return pd.DataFrame(rows, columns=["attribute", "value", "year", "source_id"])


def case_programmes(book: CaseBook, case: str) -> pd.DataFrame:
    """The case's flagship programmes in order of start year.

    Returns
    -------
    pandas.DataFrame
        Columns ``programme_id, programme, start, end, lead_organisations, description,
        source_id``; ``end`` is empty for programmes still running at the reference year or
        without a known end.

    Examples
    --------
    >>> import smartcase
    >>> p = case_programmes(smartcase.load_cases(), "sejong")
    >>> p["start"].is_monotonic_increasing
    True
    """
    book.check_case(case)
    p = book.programmes[book.programmes["case_id"] == case]
    out = pd.DataFrame(
        {
            "programme_id": list(p.index),
            "programme": p["name"].astype(str).tolist(),
            "start": [_year(v) for v in p["start_year"]],
            "end": [_year(v) for v in p["end_year"]],
            "lead_organisations": p["lead_organisations"].fillna("").astype(str).tolist(),
            "description": p["description"].fillna("").astype(str).tolist(),
            "source_id": p["source_id"].fillna("").astype(str).tolist(),
        }
    )
    return out.sort_values(["start", "programme_id"], kind="stable").reset_index(drop=True)


def _element_label(book: CaseBook, construct: str) -> str:
    fw = book.framework
    if fw.codebook.at[construct, "kind"] == "outcome":
        return "Outcome"
    return str(fw.elements.at[fw.codebook.at[construct, "element_id"], "label"])


def case_codes(book: CaseBook, case: str, *, coder: str = "ref") -> pd.DataFrame:
    """The case's codes with level, confidence, cited evidence and rationale.

    Parameters
    ----------
    book : CaseBook
    case : str
    coder : str, default 'ref'

    Returns
    -------
    pandas.DataFrame
        One row per sub-dimension (framework order) and the outcome: ``element, construct,
        code, level, confidence, evidence_ids, rationale``; ``construct`` is the codebook
        label. ``.attrs['construct_ids']`` lists the ids in row order.

    Examples
    --------
    >>> import smartcase
    >>> t = case_codes(smartcase.load_cases(), "busan")
    >>> t.iloc[-1]["element"]
    'Outcome'
    """
    book.check_case(case)
    fw = book.framework
    codes = book.codes[
        (book.codes["case_id"] == case) & (book.codes["coder_id"] == coder)
    ].set_index("construct_id")
    ids = [*fw.subdimension_ids, *fw.outcome_ids]
    rows = []
    for cid in ids:
        if cid in codes.index:
            r = codes.loc[cid]
            code: object = int(r["code"])
            level = LEVEL_LABELS[int(r["code"])]
            conf, ev, why = (
                str(r["confidence"]),
                str(r["evidence_ids"] if pd.notna(r["evidence_ids"]) else ""),
                str(r["rationale"]),
            )
        else:
            code, level, conf, ev, why = pd.NA, "not coded", "", "", ""
        rows.append(
            {
                "element": _element_label(book, cid),
                "construct": str(fw.codebook.at[cid, "label"]),
                "code": code,
                "level": level,
                "confidence": conf,
                "evidence_ids": ev.replace(";", "; "),
                "rationale": why,
            }
        )
    out = pd.DataFrame(rows)
    out["code"] = out["code"].astype("Int64")
    out.attrs = {"construct_ids": ids, "case_id": case, "coder_id": coder}
    return out


def case_evidence(book: CaseBook, case: str, *, element: str | None = None) -> pd.DataFrame:
    """The case's evidence items by element and sub-dimension, with their sources.

    Parameters
    ----------
    book : CaseBook
    case : str
    element : str, optional
        Only this element's items (an element id).

    Returns
    -------
    pandas.DataFrame
        Columns ``element, subdimension, evidence_id, year, statement, strength, post_2020,
        source_id, source`` (``source``: author, year and title), sorted by element,
        sub-dimension (framework order), year and id.

    Examples
    --------
    >>> import smartcase
    >>> e = case_evidence(smartcase.load_cases(), "helsinki", element="capacity")
    >>> set(e["element"])
    {'Innovative capacity'}
    """
    book.check_case(case)
    fw = book.framework
    ev = book.evidence[book.evidence["case_id"] == case]
    if element is not None:
        fw.subdimensions_of(element)  # checks the element id
        ev = ev[ev["element_id"] == element]
    sub_rank = {s: k for k, s in enumerate(fw.subdimension_ids)}
    src = book.sources
    rows = []
    for eid, r in ev.iterrows():
        s = src.loc[r["source_id"]] if r["source_id"] in src.index else None
        if s is not None:
            year = f" ({int(s['year'])})" if pd.notna(s["year"]) else " (n.d.)"
            source = f"{s['author']}{year}. {s['title']}"
        else:
            source = ""
        rows.append(
            {
                "element": str(fw.elements.at[r["element_id"], "label"]),
                "subdimension": str(fw.codebook.at[r["subdimension_id"], "label"]),
                "evidence_id": str(eid),
                "year": _year(r["year"]),
                "statement": str(r["statement"]),
                "strength": str(r["strength"]),
                "post_2020": bool(r["post_2020"]),
                "source_id": str(r["source_id"]),
                "source": source,
                "_k": sub_rank.get(r["subdimension_id"], len(sub_rank)),
            }
        )
    cols = [
        "element",
        "subdimension",
        "evidence_id",
        "year",
        "statement",
        "strength",
        "post_2020",
        "source_id",
        "source",
    ]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows).sort_values(["_k", "year", "evidence_id"], kind="stable")
    return out[cols].reset_index(drop=True)


def case_sources(book: CaseBook, case: str) -> pd.DataFrame:
    """The sources cited by the case's evidence, programmes and attributes.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_id, author, year, title, url, accessed, language, kind``, sorted by id.

    Examples
    --------
    >>> import smartcase
    >>> s = case_sources(smartcase.load_cases(), "barcelona")
    >>> s["source_id"].is_unique
    True
    """
    book.check_case(case)
    ids: set[str] = set(
        book.evidence.loc[book.evidence["case_id"] == case, "source_id"].dropna().astype(str)
    )
    progs = book.programmes[book.programmes["case_id"] == case]
    for col in ("source_id", "lead_source_id"):
        ids |= set(progs[col].dropna().astype(str))
    c = book.cases.loc[case]
    for col in ("admin_type_source", "population_source", "area_source"):
        if col in c.index and pd.notna(c[col]):
            ids.add(str(c[col]))
    for cell in book.codes.loc[book.codes["case_id"] == case, "evidence_ids"].dropna():
        for eid in split_ids(cell):
            if eid in book.evidence.index:
                ids.add(str(book.evidence.at[eid, "source_id"]))
    ids &= set(book.sources.index)
    s = book.sources.loc[
        sorted(ids), ["author", "year", "title", "url", "accessed", "language", "kind"]
    ].copy()
    s["year"] = [_year(v) for v in s["year"]]
    s.index.name = "source_id"
    return s.reset_index()


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def lessons(book: CaseBook, case: str, *, coder: str = "ref") -> list[str]:
    """What the case teaches, as sentences composed from its codes and evidence.

    Each sentence states a fact of the case base: the case's strongest and weakest element,
    where it stands above or below the other cases, what is established and what is absent
    (with the share of low-confidence codes among them), the outcome code and its rationale,
    the stage diagnosis (smartcase's stage model) and the evidence base. Nothing is added that
    the data do not hold.

    Parameters
    ----------
    book : CaseBook
    case : str
    coder : str, default 'ref'

    Returns
    -------
    list of str

    Examples
    --------
    >>> import smartcase
    >>> text = lessons(smartcase.load_cases(), "bucheon")
    >>> any(s.startswith("Strongest element") for s in text)
    True
    """
    from .strategy import diagnose_stage

    book.check_case(case)
    fw = book.framework
    name = str(book.cases.at[case, "name"])
    elem = book.code_matrix("element", coder=coder) * 3.0
    sub = book.code_matrix(coder=coder, outcome=True)
    conf = book.codes[
        (book.codes["case_id"] == case) & (book.codes["coder_id"] == coder)
    ].set_index("construct_id")["confidence"]
    label = {e: str(fw.elements.at[e, "label"]) for e in fw.element_ids}
    sub_label = {s: str(fw.codebook.at[s, "label"]) for s in fw.codebook.index}
    row = elem.loc[case]
    out: list[str] = []
    best, worst = row.idxmax(), row.idxmin()
    out.append(
        f"Strongest element: {label[best]} (mean code {row[best]:.2f} of 3); weakest: {label[worst]} "
        f"(mean code {row[worst]:.2f})."
    )
    others = elem.drop(index=case)
    if len(others):
        above = [label[e] for e in fw.element_ids if row[e] > others[e].max()]
        below = [label[e] for e in fw.element_ids if row[e] < others[e].min()]
        med = others.median()
        rel = [
            f"{label[e]} {'above' if row[e] > med[e] else 'below' if row[e] < med[e] else 'at'} the median of the other cases ({med[e]:.2f})"
            for e in fw.element_ids
        ]
        out.append("Compared with the other cases: " + "; ".join(rel) + ".")
        if above:
            out.append(f"Highest of all cases on {_join(above)}.")
        if below:
            out.append(f"Lowest of all cases on {_join(below)}.")
    codes = sub.loc[case, list(fw.subdimension_ids)]
    est = [s for s in fw.subdimension_ids if codes[s] == 3]
    absent = [s for s in fw.subdimension_ids if codes[s] == 0]
    if est:
        out.append(f"Established (code 3): {_join([sub_label[s] for s in est])}.")
    else:
        out.append("No sub-dimension is coded established (3).")
    if absent:
        low = [s for s in absent if conf.get(s) == "low"]
        if not low:
            note = ""
        elif len(absent) == 1:
            note = " (low confidence: absent, or not found in the sources consulted)"
        else:
            note = f" ({len(low)} of these {len(absent)} codes with low confidence: absent, or not found in the sources consulted)"
        out.append(f"Absent (code 0): {_join([sub_label[s] for s in absent])}{note}.")
    n_low = int((conf == "low").sum())
    if n_low:
        out.append(f"Thin evidence: {n_low} of {len(conf)} codes are given with low confidence.")
    for oid in fw.outcome_ids:
        if oid in sub.columns and pd.notna(sub.at[case, oid]):
            k = int(sub.at[case, oid])
            rationale = book.codes[
                (book.codes["case_id"] == case)
                & (book.codes["coder_id"] == coder)
                & (book.codes["construct_id"] == oid)
            ]["rationale"]
            why = f" Rationale: {rationale.iloc[0]}" if len(rationale) else ""
            out.append(f"Outcome ({sub_label[oid]}): coded {k} ({LEVEL_LABELS[k]}).{why}")
    d = diagnose_stage(book, case, coder=coder)
    line = f"Stage (smartcase's stage model, not the report's): {d.stage} {d.label}"
    if d.next_stage is not None:
        unmet = d.unmet["condition"].tolist()
        line += f"; {len(unmet)} condition(s) of {d.next_stage} not met: {'; '.join(unmet)}"
    out.append(line + ".")
    ev = book.evidence[book.evidence["case_id"] == case]
    out.append(
        f"{name}'s evidence base: {len(ev)} items from {ev['source_id'].nunique()} sources, "
        f"{int((ev['strength'] == 'strong').sum())} strong and {int((ev['strength'] == 'weak').sum())} weak; "
        f"{int(ev['post_2020'].astype(bool).sum())} items date from after 2020 and are flagged."
    )
    return out


def stage_overview(book: CaseBook, *, coder: str = "ref") -> pd.DataFrame:
    """Every case's place in smartcase's stage model, one row per case.

    Parameters
    ----------
    book : CaseBook
    coder : str, default 'ref'

    Returns
    -------
    pandas.DataFrame
        Columns ``case, stage_id, stage, next_stage, next_conditions_met, unmet_conditions``
        (``next_conditions_met`` as ``'k of n'``; empty at the last stage).

    See Also
    --------
    smartcase.strategy.diagnose_stage : the diagnosis of one case, with the rules behind it.

    Examples
    --------
    >>> import smartcase
    >>> t = stage_overview(smartcase.load_cases())
    >>> t.columns[:3].tolist()
    ['case', 'stage_id', 'stage']
    """
    from .strategy import diagnose_stage

    rows = []
    for case in book.case_ids:
        d = diagnose_stage(book, case, coder=coder)
        if d.next_stage is not None:
            tab = d.stage_table
            met = f"{int(tab.at[d.next_stage, 'conditions_met'])} of {int(tab.at[d.next_stage, 'conditions'])}"
            unmet = "; ".join(d.unmet["condition"].astype(str))
            nxt = f"{d.next_stage} {tab.at[d.next_stage, 'label']}"
        else:
            met, unmet, nxt = "", "", ""
        rows.append(
            {
                "case": str(book.cases.at[case, "name"]),
                "stage_id": d.stage,
                "stage": d.label,
                "next_stage": nxt,
                "next_conditions_met": met,
                "unmet_conditions": unmet,
            }
        )
    return pd.DataFrame(rows)


def recommendations(book: CaseBook, *, n: int = 5, coder: str = "ref") -> pd.DataFrame:
    """The ``n`` top-priority strategies for every case, in one table.

    Parameters
    ----------
    book : CaseBook
    n : int, default 5
        Strategies per case.
    coder : str, default 'ref'

    Returns
    -------
    pandas.DataFrame
        Columns ``case, priority, element, strategy_id, strategy, reason, peer_case,
        peer_evidence_ids``, cases in case-base order.

    See Also
    --------
    smartcase.strategy.recommend : the ranking for one case, with every column.

    Examples
    --------
    >>> import smartcase
    >>> r = recommendations(smartcase.load_cases(), n=2)
    >>> int(r.groupby("case").size().max())
    2
    """
    from .strategy import recommend

    cols = [
        "priority",
        "element",
        "strategy_id",
        "strategy",
        "reason",
        "peer_case",
        "peer_evidence_ids",
    ]
    parts = []
    for case in book.case_ids:
        r = recommend(book, case, coder=coder, n=n)[cols].copy()
        r.insert(0, "case", str(book.cases.at[case, "name"]))
        parts.append(r)
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------- chapters
def case_question(book: CaseBook, case: str) -> str:
    """The question a case's chapter answers, and who the case is, as Markdown.

    Everything but the wording of the question comes from the case base: the case's name,
    administrative type, country, group and population, the element labels of the framework
    and the number of other cases.

    Parameters
    ----------
    book : CaseBook
    case : str
        Case id.

    Returns
    -------
    str

    Examples
    --------
    >>> import smartcase
    >>> case_question(smartcase.load_cases(), "busan").splitlines()[0][:30]
    '**The question.** What had Bus'
    """
    from .casebook import REFERENCE_YEAR

    book.check_case(case)
    c = book.cases.loc[case]
    name = str(c["name"])
    labels = [str(v).lower() for v in book.framework.elements["label"]]
    others = len(book.case_ids) - 1
    question = (
        f"**The question.** What had {name} built by the end of {REFERENCE_YEAR} on each of the "
        f"{len(labels)} elements of the framework ({'; '.join(labels)}), how well is that "
        "documented, and where does it stand "
        + (
            f"against the other {others} case{'s' if others != 1 else ''}?"
            if others
            else "on the rubric's levels?"
        )
    )
    who = f"**{name}**"
    who += f", {c['country']}" if pd.notna(c.get("country")) else ""
    who += f" (group {c['group']})" if pd.notna(c.get("group")) else ""
    if pd.notna(c.get("admin_type")):
        who += f": {str(c['admin_type']).split(':')[0].strip()}"
    if pd.notna(c.get("population")):
        who += f"; {_fmt_int(c['population'])} residents"
        if pd.notna(c.get("population_year")):
            who += f" in {_year(c['population_year'])}"
    route = (
        "The chapter tells the case's story from its sourced narrative, then shows its "
        "programmes, every code beside the evidence behind it, the case against its peers, and "
        "ends with what we found and how sure we are."
    )
    return f"{question}\n\n{who}. {route}\n"


def _source_label(book: CaseBook, source_id: object) -> str:
    if source_id is None or pd.isna(source_id) or source_id not in book.sources.index:
        return ""
    s = book.sources.loc[source_id]
    year = f" ({int(s['year'])})" if pd.notna(s["year"]) else " (n.d.)"
    return f"{s['author']}{year}"


def code_evidence(
    book: CaseBook, case: str, *, coder: str = "ref", repeat: bool = True
) -> pd.DataFrame:
    """Every code of the case beside the evidence it cites: one row per code and item.

    Parameters
    ----------
    book : CaseBook
    case : str
        Case id.
    coder : str, default 'ref'
    repeat : bool, default True
        Repeat the code's columns (element to rationale) on every row of its items. ``False``
        leaves them empty after a code's first row, as a reader's table shows them.

    Returns
    -------
    pandas.DataFrame
        Columns ``element, construct_id, construct, code, level, confidence, rationale,
        evidence_id, year, strength, statement, source_id, source`` (``source``: author and
        year). Sub-dimensions in framework order, then the outcome; a code's items by year and
        id. A code citing no evidence has one row with empty evidence columns (a "not found"
        zero, or a code whose evidence is missing).

    Raises
    ------
    ArgumentError
        Unknown case or coder.

    Examples
    --------
    >>> import smartcase
    >>> t = code_evidence(smartcase.load_cases(), "bucheon")
    >>> t.columns[:4].tolist()
    ['element', 'construct_id', 'construct', 'code']
    >>> set(t["strength"].dropna()) <= {"", "strong", "medium", "weak"}
    True
    """
    codes = case_codes(book, case, coder=coder)
    ids = codes.attrs["construct_ids"]
    raw = book.codes[(book.codes["case_id"] == case) & (book.codes["coder_id"] == coder)]
    cited = dict(zip(raw["construct_id"], raw["evidence_ids"], strict=True))
    ev = book.evidence
    rows = []
    for cid, r in zip(ids, codes.itertuples(index=False), strict=True):
        base = {
            "element": r.element,
            "construct_id": cid,
            "construct": r.construct,
            "code": r.code,
            "level": r.level,
            "confidence": r.confidence,
            "rationale": r.rationale,
        }
        items = [e for e in split_ids(cited.get(cid)) if e in ev.index]
        items.sort(key=lambda e: (_year(ev.at[e, "year"]), e))
        if not items:
            rows.append(
                {
                    **base,
                    "evidence_id": "",
                    "year": "",
                    "strength": "",
                    "statement": "",
                    "source_id": "",
                    "source": "",
                }
            )
        for e in items:
            rows.append(
                {
                    **base,
                    "evidence_id": e,
                    "year": _year(ev.at[e, "year"]),
                    "strength": str(ev.at[e, "strength"]),
                    "statement": str(ev.at[e, "statement"]),
                    "source_id": str(ev.at[e, "source_id"]),
                    "source": _source_label(book, ev.at[e, "source_id"]),
                }
            )
    out = pd.DataFrame(rows)
    out["code"] = out["code"].astype("Int64")
    if not repeat:
        later = out["construct_id"].duplicated()
        out["code"] = [
            "" if dup or pd.isna(v) else str(int(v))
            for dup, v in zip(later, out["code"], strict=True)
        ]
        for col in ("element", "construct", "level", "confidence", "rationale"):
            out.loc[later, col] = ""
    return out


def code_evidence_markdown(
    book: CaseBook, case: str, *, element: str | None = None, coder: str = "ref"
) -> str:
    """The case's codes with their rationale and evidence, as Markdown by element.

    Each sub-dimension (and the outcome) gets a line with its code, level and confidence, the
    coder's rationale, and one bullet per cited evidence item: id, year, strength, statement
    and source. Items dated after 2020 carry a dagger.

    Parameters
    ----------
    book : CaseBook
    case : str
    element : str, optional
        Only this element's sub-dimensions (an element id), or ``'outcome'``.
    coder : str, default 'ref'

    Returns
    -------
    str

    Examples
    --------
    >>> import smartcase
    >>> text = code_evidence_markdown(smartcase.load_cases(), "helsinki", element="capacity")
    >>> text.splitlines()[0]
    '#### Innovative capacity'
    """
    fw = book.framework
    t = code_evidence(book, case, coder=coder)
    if element is not None:
        if element == "outcome":
            keep = list(fw.outcome_ids)
        else:
            keep = list(fw.subdimensions_of(element))
        t = t[t["construct_id"].isin(keep)]
    ev = book.evidence
    lines: list[str] = []
    current = None
    for _cid, part in t.groupby("construct_id", sort=False):
        first = part.iloc[0]
        if first["element"] != current:
            current = first["element"]
            lines += [f"#### {current}", ""]
        code = "not coded" if pd.isna(first["code"]) else f"{int(first['code'])} {first['level']}"
        conf = f", {first['confidence']} confidence" if first["confidence"] else ""
        lines.append(f"**{first['construct']}**: {code}{conf}. {first['rationale']}".rstrip())
        lines.append("")
        for r in part.itertuples(index=False):
            if not r.evidence_id:
                lines.append("- *No evidence cited.*")
                continue
            dagger = "\u2020" if bool(ev.at[r.evidence_id, "post_2020"]) else ""
            lines.append(
                f"- `{r.evidence_id}`{dagger} ({r.year or 'n.d.'}, {r.strength}): "
                f"{r.statement} ({r.source}, `{r.source_id}`)"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def case_peers(book: CaseBook, case: str, *, coder: str = "ref") -> pd.DataFrame:
    """The case against its peers, on every element score, sub-dimension and the outcome.

    Parameters
    ----------
    book : CaseBook
    case : str
        Case id.
    coder : str, default 'ref'

    Returns
    -------
    pandas.DataFrame
        One row per element score (mean code, 0-3), then per sub-dimension (framework order)
        and the outcome: ``kind`` (``'element score'``, ``'sub-dimension'``, ``'outcome'``),
        ``element``, ``construct_id``, ``construct``, ``value`` (the case's), ``peers_min``,
        ``peers_median``, ``peers_max`` (of the other cases; empty with no other case),
        ``rank`` (among all cases, 1 the highest; ties share the better rank) and ``position``
        (``'highest'`` / ``'lowest'`` alone, ``'tied highest'`` / ``'tied lowest'``, ``'above the
        median'``, ``'at the median'``, ``'below the median'``, ``'same as every other case'``).

    Examples
    --------
    >>> import smartcase
    >>> t = case_peers(smartcase.load_cases(), "barcelona")
    >>> t.iloc[0]["construct"], int(t.iloc[0]["rank"]), t.iloc[0]["position"]
    ('Technology, data and infrastructure', 1, 'highest')
    """
    book.check_case(case)
    fw = book.framework
    elem = book.code_matrix("element", coder=coder) * 3.0
    sub = book.code_matrix(coder=coder, outcome=True).astype("Float64")
    rows = []
    specs = [("element score", e, elem[e].astype(float)) for e in fw.element_ids]
    specs += [("sub-dimension", s, sub[s].astype(float)) for s in fw.subdimension_ids]
    specs += [("outcome", o, sub[o].astype(float)) for o in fw.outcome_ids if o in sub.columns]
    for kind, cid, col in specs:
        own = col.get(case)
        peers = col.drop(index=case).dropna()
        label = (
            str(fw.elements.at[cid, "label"])
            if kind == "element score"
            else str(fw.codebook.at[cid, "label"])
        )
        element = label if kind == "element score" else _element_label(book, cid)
        if own is None or pd.isna(own):
            rank, pos = pd.NA, "not coded"
        else:
            rank = int((col.dropna() > own + 1e-9).sum()) + 1
            if peers.empty:
                pos = ""
            elif abs(peers.max() - own) < 1e-9 and abs(peers.min() - own) < 1e-9:
                pos = "same as every other case"
            elif own > peers.max() + 1e-9:
                pos = "highest"
            elif own < peers.min() - 1e-9:
                pos = "lowest"
            elif abs(own - peers.max()) < 1e-9:
                pos = "tied highest"
            elif abs(own - peers.min()) < 1e-9:
                pos = "tied lowest"
            elif own > peers.median() + 1e-9:
                pos = "above the median"
            elif own < peers.median() - 1e-9:
                pos = "below the median"
            else:
                pos = "at the median"
        rows.append(
            {
                "kind": kind,
                "element": element,
                "construct_id": cid,
                "construct": label,
                "value": own,
                "peers_min": peers.min() if len(peers) else float("nan"),
                "peers_median": peers.median() if len(peers) else float("nan"),
                "peers_max": peers.max() if len(peers) else float("nan"),
                "rank": rank,
                "position": pos,
            }
        )
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    for c in ("value", "peers_min", "peers_median", "peers_max"):
        out[c] = out[c].astype(float)
    return out
