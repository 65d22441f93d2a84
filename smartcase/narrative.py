"""Case narratives: the sourced story of each case, read and validated like any other table.

A narrative is a Markdown file ``narratives/<case_id>.md`` in a case-base folder; its format is
fixed in ``data/narratives/README.md``. :func:`smartcase.load_cases` reads the narratives of
every folder it loads with :func:`load_narratives` and keeps them as ``CaseBook.narratives``
(one row per paragraph) and ``CaseBook.missing_narratives`` (the cases without one: reported,
not an error). :func:`narrative_markdown` renders a case's narrative for a notebook or a web
page, and :func:`narrative_summary` counts paragraphs, words and cited evidence per case.

The layout, checked line by line:

* the first line is ``# <case name>: <a short title>`` (the name as in ``cases.csv``);
* then the sections ``## Context``, ``## Programmes`` and one section per element of the
  framework, titled with the element's label (for the bundled framework: ``Technology, data and
  infrastructure``, ``Innovative capacity``, ``Institutional setting``), each once, in this order,
  each with at least one paragraph;
* every paragraph (a block of lines between blank lines) cites evidence in square brackets,
  ``[busan-e012]`` or ``[busan-e012; busan-e031]``; every id is an ``evidence_id`` of the case
  base; an item flagged ``post_2020`` is cited with a dagger (``[busan-e040†]``) and no other
  item is.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> n = book.narratives
>>> list(n.columns[:4])
['case_id', 'title', 'section', 'heading']
>>> set(n["section"]) <= {"context", "programmes", "technology", "capacity", "institutions"}
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import ArgumentError, DataError
from .schema import _decode

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook
    from .framework import Framework

__all__ = [
    "NARRATIVE_DIR",
    "NARRATIVE_COLUMNS",
    "DAGGER",
    "FIXED_SECTIONS",
    "narrative_sections",
    "narrative_files",
    "read_narrative",
    "load_narratives",
    "narrative_markdown",
    "narrative_summary",
]

#: The sub-folder of a case-base folder that holds the narratives.
NARRATIVE_DIR = "narratives"
#: The file in that folder that is documentation, not a narrative.
_README = "README.md"
#: The mark of a fact dated after the reference year 2020.
DAGGER = "\u2020"
#: The two sections every narrative opens with, before one section per framework element.
FIXED_SECTIONS: dict[str, str] = {"context": "Context", "programmes": "Programmes"}
#: Columns of ``CaseBook.narratives``.
NARRATIVE_COLUMNS: tuple[str, ...] = (
    "case_id",
    "title",
    "section",
    "heading",
    "paragraph",
    "text",
    "evidence_ids",
    "post_2020",
    "words",
    "line",
)

_TITLE = re.compile(r"^# (?P<name>.+?): (?P<title>\S.*)$")
_HEADING = re.compile(r"^#")
_SECTION = re.compile(r"^## (?P<heading>.*?)\s*$")
# a bracketed group that is not a Markdown link or image: [text](url), ![alt](src)
_BRACKETS = re.compile(r"(?<!!)\[(?P<body>[^\[\]\n]*)\](?!\()")
_ID = r"[a-z0-9][a-z0-9_.-]*"
_CITED = re.compile(rf"^(?P<id>{_ID})\s*(?P<dagger>{DAGGER}?)$")
_LOOKS_CITED = re.compile(rf"^{_ID}\s*{DAGGER}?$")
# a word: letters or digits, possibly joined by - ' ’ . , (U-City, 822,865, km2)
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019.,][^\W_]+)*")


def narrative_sections(framework: Framework | None = None) -> dict[str, str]:
    """The sections of a narrative, in order: section id -> heading.

    Parameters
    ----------
    framework : Framework, optional
        Default: the bundled framework. Its elements, in order, give the sections after
        ``Context`` and ``Programmes`` (id = element id, heading = element label).

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> list(narrative_sections().values())  # doctest: +NORMALIZE_WHITESPACE
    ['Context', 'Programmes', 'Technology, data and infrastructure', 'Innovative capacity',
     'Institutional setting']
    """
    if framework is None:
        from .framework import load_framework

        framework = load_framework()
    out = dict(FIXED_SECTIONS)
    for eid in framework.element_ids:
        out[eid] = str(framework.elements.at[eid, "label"])
    return out


def narrative_files(data_dir: str | Path) -> list[Path]:
    """The narrative files of a case-base folder: ``narratives/*.md`` except the README, sorted.

    Examples
    --------
    >>> import smartcase
    >>> "busan.md" in [p.name for p in narrative_files(smartcase.bundled_data_dir())]
    True
    """
    folder = Path(data_dir) / NARRATIVE_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.glob("*.md")
        if p.is_file() and p.name != _README and not p.name.startswith(".")
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": pd.Series(dtype=object),
            "title": pd.Series(dtype=object),
            "section": pd.Series(dtype=object),
            "heading": pd.Series(dtype=object),
            "paragraph": pd.Series(dtype="int64"),
            "text": pd.Series(dtype=object),
            "evidence_ids": pd.Series(dtype=object),
            "post_2020": pd.Series(dtype=bool),
            "words": pd.Series(dtype="int64"),
            "line": pd.Series(dtype="int64"),
        }
    )


def _citations(
    path: Path,
    lines: list[tuple[int, str]],
    evidence_post_2020: Mapping[str, bool],
) -> tuple[list[str], bool, str]:
    """Cited ids (in order, unique), whether any is post-2020, and the prose without citations."""
    ids: list[str] = []
    later = False
    prose = []
    for lineno, text in lines:
        for m in _BRACKETS.finditer(text):
            body = m.group("body")
            first = re.split(r"[;,]", body, maxsplit=1)[0].strip()
            if not _LOOKS_CITED.match(first):
                continue  # an ordinary bracket, e.g. "[in Korean]"
            for token in body.split(";"):
                token = token.strip()
                cm = _CITED.match(token)
                if cm is None:
                    raise DataError(
                        "malformed citation",
                        file=path,
                        line=lineno,
                        expected="evidence ids separated by '; ', e.g. [busan-e012; busan-e031]",
                        found=repr(m.group(0)),
                    )
                eid, dagger = cm.group("id"), bool(cm.group("dagger"))
                if eid not in evidence_post_2020:
                    raise DataError(
                        "citation of an unknown evidence id",
                        file=path,
                        line=lineno,
                        expected="an evidence_id listed in evidence.csv",
                        found=repr(eid),
                    )
                post = bool(evidence_post_2020[eid])
                if dagger and not post:
                    raise DataError(
                        f"a dagger ({DAGGER}) marks a fact dated after 2020, "
                        "but this evidence item is not flagged post_2020",
                        file=path,
                        line=lineno,
                        expected=f"[{eid}] without a dagger",
                        found=repr(eid + DAGGER),
                    )
                if post and not dagger:
                    raise DataError(
                        f"an evidence item dated after 2020 must be cited with a dagger ({DAGGER})",
                        file=path,
                        line=lineno,
                        expected=repr(eid + DAGGER),
                        found=repr(eid),
                    )
                later = later or post
                if eid not in ids:
                    ids.append(eid)
        prose.append(_BRACKETS.sub(lambda m: _strip_citation(m), text))
    return ids, later, " ".join(prose)


def _strip_citation(m: re.Match[str]) -> str:
    first = re.split(r"[;,]", m.group("body"), maxsplit=1)[0].strip()
    return "" if _LOOKS_CITED.match(first) else m.group(0)


def read_narrative(
    path: str | Path,
    *,
    case_id: str,
    case_name: str,
    evidence: pd.DataFrame,
    sections: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read and validate one narrative file.

    Parameters
    ----------
    path : str or Path
        The Markdown file.
    case_id, case_name : str
        The case the file belongs to and its name as in ``cases.csv`` (the first line must be
        ``# <case_name>: <title>``).
    evidence : pandas.DataFrame
        The evidence table, indexed by ``evidence_id``, with the column ``post_2020``.
    sections : mapping of str to str, optional
        Section id -> heading, in order (default: :func:`narrative_sections` of the bundled
        framework).

    Returns
    -------
    pandas.DataFrame
        One row per paragraph, columns :data:`NARRATIVE_COLUMNS`: ``case_id``, ``title`` (after
        the case name on the first line), ``section`` (id), ``heading``, ``paragraph`` (1, 2, ...
        within the section), ``text`` (the paragraph as written, lines joined by spaces,
        citations kept), ``evidence_ids`` (the cited ids, ``';'``-separated, in order, without
        daggers), ``post_2020`` (the paragraph cites a fact dated after 2020), ``words`` (words
        of the prose, citations left out) and ``line`` (the paragraph's first line in the file).

    Raises
    ------
    DataError
        Naming the file and line: a file that is not UTF-8 or is empty; a first line that is not
        ``# <case name>: <title>``; text before the first section; an unknown, repeated, missing
        or misplaced section, or one without a paragraph; a heading of another level; a
        paragraph without a citation; a malformed citation; an unknown evidence id; a dagger on
        an item that is not post-2020, or a post-2020 item cited without one.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> path = smartcase.bundled_data_dir() / "narratives" / "busan.md"
    >>> n = read_narrative(path, case_id="busan", case_name="Busan", evidence=book.evidence)
    >>> n["section"].iloc[0], int(n["line"].iloc[0])
    ('context', 5)
    """
    path = Path(path)
    secs = dict(narrative_sections() if sections is None else sections)
    headings = list(secs.values())
    ids_of = {h: s for s, h in secs.items()}
    post = evidence.attrs.get("_post_2020") or evidence["post_2020"].astype(bool).to_dict()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError("cannot read the narrative", file=path, found=str(exc)) from None
    text = _decode(raw, path)
    lines = text.splitlines()
    expected_all = "a first line '# <case name>: <title>' and the sections " + ", ".join(
        f"'## {h}'" for h in headings
    )
    if not text.strip():
        raise DataError(
            "empty narrative", file=path, line=1, expected=expected_all, found="an empty file"
        )
    first = _TITLE.match(lines[0])
    if first is None or first.group("name") != case_name:
        raise DataError(
            "the first line must name the case and give a short title",
            file=path,
            line=1,
            expected=repr(f"# {case_name}: <a short title>"),
            found=repr(lines[0][:80]),
        )
    title = first.group("title").strip()

    rows: list[dict[str, object]] = []
    seen: list[str] = []  # headings in file order
    heading_line: dict[str, int] = {}
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if not para:
            return
        heading = seen[-1]
        ids, later, prose = _citations(path, para, post)
        if not ids:
            raise DataError(
                "paragraph without a citation",
                file=path,
                line=para[0][0],
                expected="evidence ids in square brackets, e.g. [busan-e012; busan-e031]",
                found=repr(para[0][1][:60] + ("..." if len(para[0][1]) > 60 else "")),
            )
        number = sum(1 for r in rows if r["heading"] == heading) + 1
        rows.append(
            {
                "case_id": case_id,
                "title": title,
                "section": ids_of[heading],
                "heading": heading,
                "paragraph": number,
                "text": " ".join(t.strip() for _, t in para),
                "evidence_ids": ";".join(ids),
                "post_2020": later,
                "words": len(_WORD.findall(prose)),
                "line": para[0][0],
            }
        )
        para.clear()

    def check_filled(heading: str) -> None:
        if not any(r["heading"] == heading for r in rows):
            raise DataError(
                "section without a paragraph",
                file=path,
                line=heading_line[heading],
                expected=f"at least one cited paragraph under '## {heading}'",
                found="none",
            )

    for lineno, line in enumerate(lines[1:], start=2):
        sec = _SECTION.match(line)
        if sec is not None:
            flush()
            heading = sec.group("heading")
            nxt = headings[len(seen)] if len(seen) < len(headings) else None
            if heading not in ids_of:
                raise DataError(
                    "unknown section",
                    file=path,
                    line=lineno,
                    expected="one of " + ", ".join(f"'## {h}'" for h in headings),
                    found=repr(line),
                )
            if heading != nxt:
                what = "repeated section" if heading in seen else "section out of order"
                raise DataError(
                    what + (f" ('## {nxt}' is missing or misplaced)" if nxt else ""),
                    file=path,
                    line=lineno,
                    expected=repr(f"## {nxt}") if nxt else "no further section",
                    found=repr(line),
                )
            if seen:
                check_filled(seen[-1])
            seen.append(heading)
            heading_line[heading] = lineno
        elif _HEADING.match(line):
            raise DataError(
                "unexpected heading (a line starting with '#')",
                file=path,
                line=lineno,
                expected="'## ' followed by a section title, or a paragraph",
                found=repr(line[:80]),
            )
        elif not line.strip():
            flush()
        elif not seen:
            raise DataError(
                "text before the first section",
                file=path,
                line=lineno,
                expected=repr(f"## {headings[0]}"),
                found=repr(line[:60]),
            )
        else:
            para.append((lineno, line))
    flush()
    if len(seen) < len(headings):
        raise DataError(
            "missing section",
            file=path,
            line=len(lines),
            expected=repr(f"## {headings[len(seen)]}"),
            found="the end of the file",
        )
    check_filled(seen[-1])
    types: dict[str, type | str] = {
        "paragraph": "int64",
        "post_2020": bool,
        "words": "int64",
        "line": "int64",
    }
    return pd.DataFrame(
        {c: np.array([r[c] for r in rows], dtype=types.get(c, object)) for c in NARRATIVE_COLUMNS}
    )


def load_narratives(
    data_dirs: Sequence[str | Path],
    cases: pd.DataFrame,
    evidence: pd.DataFrame,
    framework: Framework | None = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Read the narratives of every folder and list the cases that have none.

    Parameters
    ----------
    data_dirs : sequence of str or Path
        Case-base folders; each may hold ``narratives/<case_id>.md``.
    cases : pandas.DataFrame
        The cases table indexed by ``case_id`` (column ``name``).
    evidence : pandas.DataFrame
        The evidence table indexed by ``evidence_id`` (column ``post_2020``).
    framework : Framework, optional
        Gives the element sections (default: the bundled framework).

    Returns
    -------
    (pandas.DataFrame, tuple of str)
        The paragraphs of all narratives in case order (see :func:`read_narrative`), and the
        ids of the cases without a narrative, in case order.

    Raises
    ------
    DataError
        Any error of :func:`read_narrative`; a narrative for a case that is not in the case
        base; two narratives for one case.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> n, missing = load_narratives(book.data_dirs, book.cases, book.evidence, book.framework)
    >>> sorted(set(n["case_id"]) | set(missing)) == sorted(book.case_ids)
    True
    """
    secs = narrative_sections(framework)
    evidence = evidence.copy(deep=False)  # the flags are read once for every file
    evidence.attrs = {"_post_2020": evidence["post_2020"].astype(bool).to_dict()}
    found: dict[str, Path] = {}
    frames = []
    for d in data_dirs:
        for path in narrative_files(d):
            cid = path.stem
            if cid not in cases.index:
                raise DataError(
                    "narrative for a case that is not in the case base",
                    file=path,
                    line=1,
                    expected="a file named <case_id>.md for one of "
                    + ", ".join(map(repr, cases.index)),
                    found=repr(path.name),
                )
            if cid in found:
                raise DataError(
                    "a second narrative for the same case",
                    file=path,
                    line=1,
                    expected=f"one narrative per case (already read {found[cid]})",
                    found=repr(path.name),
                )
            found[cid] = path
            frames.append(
                read_narrative(
                    path,
                    case_id=cid,
                    case_name=str(cases.at[cid, "name"]),
                    evidence=evidence,
                    sections=secs,
                )
            )
    order = {c: i for i, c in enumerate(cases.index)}
    frames.sort(key=lambda f: order[f["case_id"].iloc[0]])
    out = pd.concat(frames, ignore_index=True) if frames else _empty()
    missing = tuple(c for c in cases.index if c not in found)
    return out, missing


def narrative_markdown(
    book: CaseBook,
    case: str,
    *,
    heading_level: int = 1,
    citations: bool = True,
) -> str:
    """A case's narrative as Markdown, ready to display in a notebook or a web page.

    Parameters
    ----------
    book : CaseBook
        The case base.
    case : str
        Case id.
    heading_level : int, default 1
        Level of the title heading (sections one level below), so that the narrative can sit
        inside a chapter: ``2`` gives ``## Busan: ...`` and ``### Context``.
    citations : bool, default True
        Keep the bracketed evidence ids (and daggers). ``False`` leaves them out, e.g. for a
        page that lists the evidence separately.

    Returns
    -------
    str
        Markdown text. For a case without a narrative, a short note that it is missing and
        where to add it.

    Raises
    ------
    ArgumentError
        Unknown case; ``heading_level`` not 1-5.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> print(narrative_markdown(book, "busan", heading_level=2).splitlines()[0][:9])
    ## Busan:
    """
    book.check_case(case)
    if isinstance(heading_level, bool) or heading_level not in (1, 2, 3, 4, 5):
        raise ArgumentError("heading_level", repr(heading_level), "an integer from 1 to 5")
    name = str(book.cases.at[case, "name"])
    rows = book.narratives[book.narratives["case_id"] == case]
    top = "#" * heading_level
    if rows.empty:
        return (
            f"{top} {name}\n\n*No narrative for {name} yet.* Add `narratives/{case}.md` to the "
            "case-base folder in the format of `data/narratives/README.md`: context, programmes "
            "and what the case shows on each element, every paragraph citing its evidence.\n"
        )
    parts = [f"{top} {name}: {rows['title'].iloc[0]}"]
    heading = None
    for rec in rows.itertuples(index=False):
        if rec.heading != heading:
            heading = rec.heading
            parts.append(f"{top}# {heading}")
        text = str(rec.text)
        if not citations:
            text = re.sub(r"\s+([.,;:])", r"\1", _BRACKETS.sub(_strip_citation, text))
            text = re.sub(r"\s{2,}", " ", text).strip()
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def narrative_summary(book: CaseBook, cases: Iterable[str] | None = None) -> pd.DataFrame:
    """Per case: whether it has a narrative, its paragraphs, words and cited evidence.

    Parameters
    ----------
    book : CaseBook
        The case base.
    cases : iterable of str, optional
        Default: every case, in case order.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``case_id``: ``narrative`` (bool), ``title``, ``paragraphs``, ``words`` (prose
        without citations), ``evidence_cited`` (distinct items), ``post_2020_cited`` (of those,
        items dated after 2020) and ``evidence_share`` (cited items / the case's evidence items).

    Examples
    --------
    >>> import smartcase
    >>> s = narrative_summary(smartcase.load_cases())
    >>> bool((s.loc[s["narrative"], "words"] > 0).all())
    True
    """
    ids = list(book.case_ids) if cases is None else [book.check_case(c, "cases") for c in cases]
    n = book.narratives
    ev = book.evidence
    rows = {}
    for cid in ids:
        part = n[n["case_id"] == cid]
        cited = list(dict.fromkeys(e for v in part["evidence_ids"] for e in v.split(";") if e))
        own = int((ev["case_id"] == cid).sum())
        rows[cid] = {
            "narrative": not part.empty,
            "title": part["title"].iloc[0] if not part.empty else None,
            "paragraphs": len(part),
            "words": int(part["words"].sum()),
            "evidence_cited": len(cited),
            "post_2020_cited": int(sum(bool(ev.at[e, "post_2020"]) for e in cited)),
            "evidence_share": (
                sum(1 for e in cited if ev.at[e, "case_id"] == cid) / own if own else 0.0
            ),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "case_id"
    return out
