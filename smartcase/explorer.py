"""The case explorer: browsable HTML pages that follow every code to its evidence and sources.

:func:`explorer_pages` turns a :class:`~smartcase.casebook.CaseBook` into pages; :func:`write_explorer`
writes them, either as a stand-alone static site (``fmt="html"``: open ``index.html`` in a
browser, no server and no network needed) or as MyST Markdown pages for a Sphinx or Jupyter Book
site (``fmt="myst"``, what ``make docs`` uses). The pages are

``index``
    the cases, the cross-case matrix of codes (each cell links to the code on its case page), the
    framework's sub-dimensions and an *evidence finder*: every evidence item in one table,
    filtered by case, element, evidence strength and words in it;
``cases/<case>``
    one page per case: profile (each attribute with its source), narrative (when the case base
    has one), programmes, the codes of the reference coder with level, confidence and rationale,
    each linked to the evidence items it cites, and every evidence item linked to its source
    (URL, publication and access dates) and back to the codes that cite it;
``subdimensions/<construct>``
    one page per sub-dimension (and for the outcome): definition, rubric and every case's code
    by every coder, with the evidence;
``sources``
    every source with its URL and dates and the evidence items that rest on it.

Every text and URL taken from the case base is escaped (the data are user input); only
``http``/``https`` URLs become links. The filter is a small script shipped with the pages
(:data:`ASSET_FILES`); the pages load nothing from the network. The codes shown are smartcase's
reconstruction from public sources, not the report's own tables; every page says so.

Examples
--------
>>> import smartcase
>>> from smartcase.explorer import explorer_pages
>>> pages = explorer_pages(smartcase.load_cases())
>>> [p.path for p in pages][:3]
['index', 'sources', 'cases/busan']
>>> 'id="ev-busan-e001"' in next(p for p in pages if p.path == "cases/busan").body
True
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from .errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = [
    "ExplorerPage",
    "explorer_pages",
    "write_explorer",
    "ASSET_FILES",
    "asset_dir",
    "RECONSTRUCTION_NOTE",
]

#: The script and style sheet the pages use, shipped in ``smartcase/templates/``.
ASSET_FILES: tuple[str, ...] = ("smartcase-explorer.js", "smartcase-explorer.css")
#: Said on every page.
RECONSTRUCTION_NOTE = (
    "The codes, evidence and sources are smartcase's reconstruction from public sources, "
    "not the report's own tables."
)
_FORMATS = ("html", "myst")
_LEVELS = {0: "not found", 1: "1", 2: "2", 3: "3"}
_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_NOT_CITED = '<span class="sc-muted">not cited</span>'
_NO_EVIDENCE = '<span class="sc-muted">not cited by evidence</span>'


@dataclass(frozen=True)
class ExplorerPage:
    """One page of the explorer.

    Attributes
    ----------
    path : str
        Where the page goes, relative to the explorer's root and without suffix
        (``'index'``, ``'cases/busan'``); links between pages are relative to it.
    title : str
        The page title, plain text (not escaped).
    kind : str
        ``'index'``, ``'sources'``, ``'case'`` or ``'subdimension'``.
    body : str
        The page's content as an HTML fragment; every value from the case base is escaped.
    """

    path: str
    title: str
    kind: str
    body: str

    def __repr__(self) -> str:
        return f"ExplorerPage(path={self.path!r}, title={self.title!r}, {len(self.body)} chars)"


# ----------------------------------------------------------------------------- escaping
def _text(value: Any) -> str:
    """A cell as plain text; missing values are empty."""
    if value is None or value is pd.NA:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _esc(value: Any) -> str:
    """HTML-escape a value for element text and quoted attributes (backticks too, so that no
    value can close a Markdown code fence around the HTML)."""
    return html.escape(_text(value), quote=True).replace("`", "&#96;")


def _slug(value: Any) -> str:
    """A file-name and anchor-safe form of an id: letters, digits, ``_`` and ``-`` are kept,
    every other character becomes ``.xx`` (its code point in hex), so distinct ids stay distinct
    and no id can leave its folder."""
    return _SAFE.sub(lambda m: "." + format(ord(m.group()), "x"), _text(value)) or "_"


def _md_escape(value: Any) -> str:
    """Escape text for one line of (MyST) Markdown: every ASCII punctuation character gets a
    backslash, line breaks become spaces."""
    text = " ".join(_text(value).split())
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _url(value: Any) -> str | None:
    """The URL if it is an absolute http(s) URL without spaces, else None (rendered as text)."""
    url = _text(value).strip()
    if re.fullmatch(r"https?://[^\s<>\"'`]+", url, flags=re.IGNORECASE):
        return url
    return None


def _ext_link(value: Any, label: str | None = None) -> str:
    url = _url(value)
    if url is None:
        return _esc(value)
    return (
        f'<a class="reference external" href="{_esc(url)}" rel="noopener noreferrer">'
        f"{_esc(label if label is not None else url)}</a>"
    )


# ----------------------------------------------------------------------------- links
def _href(src: str, dest: str, anchor: str | None = None) -> str:
    """Relative link from page ``src`` to page ``dest`` (paths without suffix)."""
    if src == dest:
        target = ""
    else:
        target = posixpath.relpath(dest, posixpath.dirname(src) or ".") + ".html"
    if anchor:
        target += "#" + anchor
    return _esc(target)


def _case_page(case: str) -> str:
    return f"cases/{_slug(case)}"


def _construct_page(construct: str) -> str:
    return f"subdimensions/{_slug(construct)}"


def _ev_anchor(evidence_id: str) -> str:
    return "ev-" + _slug(evidence_id)


def _code_anchor(construct: str) -> str:
    return "code-" + _slug(construct)


def _src_anchor(source_id: str) -> str:
    return "src-" + _slug(source_id)


def _split_ids(value: Any) -> list[str]:
    return [p.strip() for p in _text(value).split(";") if p.strip()]


# ----------------------------------------------------------------------------- pieces
def _note() -> str:
    return f'<p class="sc-note">{_esc(RECONSTRUCTION_NOTE)}</p>'


def _level(code: Any, labels: dict[int, str]) -> str:
    """``'2 · developing ◕'``-style code display."""
    from .compare import harvey_ball

    text = _text(code)
    if not text:
        return '<span class="sc-level">not coded</span>'
    c = int(code)
    label = labels.get(c, "")
    ball = harvey_ball(c) if 0 <= c <= 3 else ""
    extra = f" {_esc(label)}" if label else ""
    return f'<span class="sc-level sc-level-{c}">{_esc(ball)} {c}{extra}</span>'


def _table(table_id: str | None, headers: Sequence[str], rows: Iterable[str], cls: str = "") -> str:
    ident = f' id="{_esc(table_id)}"' if table_id else ""
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    return (
        f'<div class="sc-table-wrap"><table{ident} class="sc-table table {cls}">'
        f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
    )


def _filter_form(
    target: str, selects: Sequence[tuple[str, str, Sequence[tuple[str, str]]]], what: str
) -> str:
    """A filter bar for table ``target``: ``selects`` are (data attribute, label, options)."""
    parts = [
        f'<form class="sc-filter" data-target="{_esc(target)}" role="search" '
        f'onsubmit="return false">',
        f'<label>Words <input type="search" class="sc-filter-text" '
        f'placeholder="search the {_esc(what)}" aria-label="search the {_esc(what)}"></label>',
    ]
    for attr, label, options in selects:
        opts = '<option value="">all</option>' + "".join(
            f'<option value="{_esc(v)}">{_esc(t)}</option>' for v, t in options
        )
        parts.append(
            f'<label>{_esc(label)} <select class="sc-filter-select" data-attr="{_esc(attr)}">'
            f"{opts}</select></label>"
        )
    parts.append('<output class="sc-filter-count" aria-live="polite"></output></form>')
    return "".join(parts)


def _records(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    """Rows as dicts keyed by id (the frame's index), in order; missing values are None."""
    out: dict[str, dict[str, Any]] = {}
    df = frame.reset_index() if key not in frame.columns else frame
    df = df.astype(object).where(df.notna(), None)
    for rec in df.to_dict(orient="records"):
        out[str(rec[key])] = rec
    return out


class _Ctx:
    """The case base as plain dicts, built once per call of :func:`explorer_pages`."""

    def __init__(self, book: CaseBook, coder: str) -> None:
        fw = book.framework
        self.book = book
        self.coder = coder
        self.cases = _records(book.cases, "case_id")
        self.sources = _records(book.sources, "source_id")
        self.evidence = _records(book.evidence, "evidence_id")
        self.programmes = _records(book.programmes, "programme_id")
        self.elements = {str(k): _text(v) for k, v in fw.elements["label"].items()}
        self.constructs = {str(k): _text(v) for k, v in fw.codebook["label"].items()}
        self.codebook = _records(fw.codebook, "construct_id")
        rubric = fw.rubric.reset_index() if "construct_id" not in fw.rubric else fw.rubric
        self.rubric = [
            r for r in rubric.astype(object).where(rubric.notna(), None).to_dict(orient="records")
        ]
        self.levels = {
            (str(r["construct_id"]), int(r["level"])): _text(r.get("level_label"))
            for r in self.rubric
        }
        codes = book.codes.astype(object).where(book.codes.notna(), None)
        self.codes: dict[tuple[str, str, str], dict[str, Any]] = {}
        for rec in codes.to_dict(orient="records"):
            self.codes[(str(rec["case_id"]), str(rec["construct_id"]), str(rec["coder_id"]))] = rec
        coders = list(dict.fromkeys(str(c) for c in book.codes["coder_id"]))
        if coder in coders:
            coders.remove(coder)
            coders.insert(0, coder)
        self.coders = coders
        self.cited: dict[str, list[tuple[str, str]]] = {}
        for (case, construct, k), rec in self.codes.items():
            if k == coder:
                for eid in _split_ids(rec["evidence_ids"]):
                    self.cited.setdefault(eid, []).append((case, construct))
        self.order = self._constructs()

    def code(self, case: str, construct: str, coder: str | None = None) -> dict[str, Any] | None:
        return self.codes.get((case, construct, coder or self.coder))

    def level_labels(self, construct: str) -> dict[int, str]:
        return {lv: self.levels.get((construct, lv), "") for lv in range(4)}

    def _constructs(self) -> list[tuple[str, str, str]]:
        """(construct, kind, element) in codebook order: sub-dimensions by element, outcome last."""
        fw = self.book.framework
        order = {str(e): i for i, e in enumerate(fw.elements.sort_values("order").index)}

        def key(item: tuple[str, dict[str, Any]]) -> tuple[int, int, int]:
            rec = item[1]
            sub = 0 if rec["kind"] == "subdimension" else 1
            return (sub, order.get(_text(rec["element_id"]), len(order)), int(rec["order"] or 0))

        ranked = sorted(self.codebook.items(), key=key)
        return [(cid, str(rec["kind"]), _text(rec["element_id"])) for cid, rec in ranked]


# ----------------------------------------------------------------------------- pages
def _source_cell(ctx: _Ctx, page: str, source_id: str) -> str:
    s = ctx.sources.get(source_id)
    if s is None:
        return _esc(source_id)
    title = _text(s.get("title_en")) or _text(s.get("title"))
    date = _text(s.get("published")) or _text(s.get("year"))
    bits = [
        f'<a href="{_href(page, "sources", _src_anchor(source_id))}">{_esc(source_id)}</a>',
        f'<span class="sc-src-title">{_esc(s.get("author"))}: {_esc(title)}</span>',
    ]
    if _text(s.get("url")):
        bits.append(_ext_link(s.get("url")))
    dates = []
    if date:
        dates.append(f"published {_esc(date)}")
    if _text(s.get("accessed")):
        dates.append(f"accessed {_esc(s.get('accessed'))}")
    if dates:
        bits.append(f'<span class="sc-dates">{"; ".join(dates)}</span>')
    return "<br>".join(bits)


def _source_link(page: str, source_id: Any) -> str:
    sid = _text(source_id)
    if not sid:
        return ""
    return f'<a href="{_href(page, "sources", _src_anchor(sid))}">{_esc(sid)}</a>'


_EV_HEADERS = ("Evidence", "Sub-dimension", "Statement", "Year", "Strength", "Source", "Cited by")


def _evidence_rows(ctx: _Ctx, page: str, case: str | None) -> list[str]:
    rows = []
    for eid, e in ctx.evidence.items():
        ecase = _text(e["case_id"])
        if case is not None and ecase != case:
            continue
        cpage = _case_page(ecase)
        sub = _text(e["subdimension_id"])
        element = _text(e["element_id"])
        year = _esc(e.get("year"))
        if _text(e.get("year_basis")) not in ("", "stated") and year:
            year += f" ({_esc(e.get('year_basis'))})"
        if _text(e.get("period")):
            year += f" [{_esc(e.get('period'))}]"
        if e.get("post_2020") is True:
            year += (
                ' <span class="sc-flag" title="dated after the reference year 2020">'
                "after 2020 \u2020</span>"
            )
        by_links = ", ".join(
            f'<a href="{_href(page, _case_page(c), _code_anchor(k))}">'
            f"{_esc(ctx.constructs.get(k, k))}</a>"
            for c, k in ctx.cited.get(eid, [])
        )
        note = _text(e.get("note"))
        note_html = f'<div class="sc-ev-note">Note: {_esc(note)}</div>' if note else ""
        case_cell = (
            f'<td><a href="{_href(page, cpage)}">'
            f"{_esc(ctx.cases.get(ecase, {}).get('name') or ecase)}</a></td>"
            if case is None
            else ""
        )
        rows.append(
            f'<tr id="{_esc(_ev_anchor(eid))}" class="sc-evidence" data-case="{_esc(ecase)}" '
            f'data-element="{_esc(element)}" data-strength="{_esc(e.get("strength"))}">'
            f'<td><a href="{_href(page, cpage, _ev_anchor(eid))}">{_esc(eid)}</a></td>{case_cell}'
            f'<td><a href="{_href(page, _construct_page(sub))}">'
            f"{_esc(ctx.constructs.get(sub, sub))}</a>"
            f'<br><span class="sc-muted">{_esc(ctx.elements.get(element, element))}</span></td>'
            f'<td class="sc-statement">{_esc(e.get("statement"))}{note_html}</td>'
            f"<td>{year}</td>"
            f'<td><span class="sc-strength sc-strength-{_esc(_slug(e.get("strength")))}">'
            f"{_esc(e.get('strength'))}</span></td>"
            f"<td>{_source_cell(ctx, page, _text(e.get('source_id')))}</td>"
            f"<td>{by_links or _NOT_CITED}</td></tr>"
        )
    return rows


def _evidence_filter(ctx: _Ctx, target: str, *, with_case: bool) -> str:
    order = {"strong": 0, "medium": 1, "weak": 2}
    strengths = sorted(
        {_text(e.get("strength")) for e in ctx.evidence.values()} - {""},
        key=lambda v: (order.get(v, 9), v),
    )
    selects: list[tuple[str, str, Sequence[tuple[str, str]]]] = []
    if with_case:
        cases = [(c, _text(r.get("name")) or c) for c, r in ctx.cases.items()]
        selects.append(("case", "Case", cases))
    selects.append(("element", "Element", list(ctx.elements.items())))
    selects.append(("strength", "Strength", [(v, v) for v in strengths]))
    return _filter_form(target, selects, "evidence")


def _narrative(ctx: _Ctx, case: str) -> str:
    narratives = getattr(ctx.book, "narratives", None)
    if narratives is None:  # a case base without narrative support
        return ""
    missing = tuple(getattr(ctx.book, "missing_narratives", ()))
    rows = narratives[narratives["case_id"] == case] if len(narratives) else narratives
    if len(rows) == 0 or case in missing:
        return (
            '<section id="narrative"><h2>Narrative</h2><p class="sc-muted">No narrative for '
            f"this case yet: add <code>narratives/{_esc(case)}.md</code> to its case-base "
            "folder (format in <code>data/narratives/README.md</code>).</p></section>"
        )

    def cite(match: re.Match[str]) -> str:
        ids = [p.strip() for p in match.group(1).split(";")]
        bare = [i.rstrip("\u2020").strip() for i in ids]
        if not all(b in ctx.evidence for b in bare):
            return _esc(match.group(0))
        links = "; ".join(
            f'<a href="#{_esc(_ev_anchor(b))}">{_esc(i)}</a>'
            for i, b in zip(ids, bare, strict=True)
        )
        return f'<span class="sc-cite">[{links}]</span>'

    parts = ['<section id="narrative"><h2>Narrative</h2>']
    if "title" in rows.columns and _text(rows["title"].iloc[0]):
        parts.append(f'<p class="sc-narrative-title"><em>{_esc(rows["title"].iloc[0])}</em></p>')
    heading = None
    for rec in rows.to_dict(orient="records"):
        h = _text(rec.get("heading"))
        if h != heading:
            heading = h
            parts.append(f"<h3>{_esc(h)}</h3>")
        text = _text(rec.get("text"))
        out, pos = [], 0
        for m in re.finditer(r"\[([^\[\]]+)\]", text):
            out.append(_esc(text[pos : m.start()]))
            out.append(cite(m))
            pos = m.end()
        out.append(_esc(text[pos:]))
        parts.append(f"<p>{''.join(out)}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _profile(ctx: _Ctx, page: str, case: str) -> str:
    c = ctx.cases[case]
    items = []

    def field(label: str, value: str, source: Any = None) -> None:
        if value:
            src = _source_link(page, source)
            src = f' <span class="sc-muted">(source: {src})</span>' if src else ""
            items.append(f"<dt>{_esc(label)}</dt><dd>{value}{src}</dd>")

    def with_year(value: str, year: Any) -> str:
        return f"{value} ({_esc(year)})" if value and _text(year) else value

    field("Name", _esc(c.get("name")))
    field("Local name", _esc(c.get("name_local")))
    field("Country", _esc(c.get("country")))
    field("Group", _esc(c.get("group")))
    field("Administrative type", _esc(c.get("admin_type")), c.get("admin_type_source"))
    pop = f"{int(c['population']):,}" if _text(c.get("population")) else ""
    field("Population", with_year(pop, c.get("population_year")), c.get("population_source"))
    area = f"{float(c['area_km2']):,.2f} km\u00b2" if _text(c.get("area_km2")) else ""
    field("Area", with_year(area, c.get("area_year")), c.get("area_source"))
    field("Note", _esc(c.get("note")))
    return (
        '<section id="profile"><h2>Profile</h2><dl class="sc-profile">'
        + "".join(items)
        + "</dl></section>"
    )


def _programmes(ctx: _Ctx, page: str, case: str) -> str:
    rows = []
    for pid, p in ctx.programmes.items():
        if _text(p.get("case_id")) != case:
            continue
        years = _esc(p.get("start_year"))
        if _text(p.get("end_year")):
            years += "\u2013" + _esc(p.get("end_year"))
        lead = _esc(p.get("lead_organisations"))
        if _text(p.get("lead_source_id")):
            lead += (
                f'<br><span class="sc-muted">leads: '
                f"{_source_link(page, p.get('lead_source_id'))}</span>"
            )
        rows.append(
            f'<tr id="prog-{_esc(_slug(pid))}"><td>{_esc(p.get("name"))}</td><td>{years}</td>'
            f"<td>{lead}</td><td>{_esc(p.get('description'))}</td>"
            f"<td>{_source_cell(ctx, page, _text(p.get('source_id')))}</td></tr>"
        )
    body = (
        _table(None, ("Programme", "Years", "Lead organisations", "Description", "Source"), rows)
        if rows
        else '<p class="sc-muted">No programmes listed.</p>'
    )
    return f'<section id="programmes"><h2>Programmes</h2>{body}</section>'


def _case_codes(ctx: _Ctx, page: str, case: str) -> str:
    parts = [
        f'<section id="codes"><h2>Codes</h2><p>Codes of coder <code>{_esc(ctx.coder)}</code> '
        "(0 = not found, 3 = the highest level of the rubric), each with its level, confidence, "
        "rationale and the evidence items it cites.</p>"
    ]
    others = ctx.coders[1:]
    headers = ("Sub-dimension", "Code", "Confidence", "Rationale", "Evidence", "Other coders")
    current: str | None = None
    rows: list[str] = []
    for construct, kind, element in ctx.order:
        group = ctx.elements.get(element, element) if kind == "subdimension" else "Outcome"
        if group != current:
            if rows:
                parts.append(_table(None, headers, rows, "sc-codes"))
            current, rows = group, []
            parts.append(f"<h3>{_esc(group)}</h3>")
        code = ctx.code(case, construct)
        if code is None:
            continue
        ev_links = ", ".join(
            f'<a href="#{_esc(_ev_anchor(e))}">{_esc(e)}</a>'
            for e in _split_ids(code["evidence_ids"])
        )
        other = [
            f"{_esc(k)}: {_esc(o['code'])} ({_esc(o['confidence'])})"
            for k in others
            if (o := ctx.code(case, construct, k)) is not None
        ]
        rows.append(
            f'<tr id="{_esc(_code_anchor(construct))}" class="sc-code">'
            f'<td><a href="{_href(page, _construct_page(construct))}">'
            f"{_esc(ctx.constructs.get(construct, construct))}</a></td>"
            f"<td>{_level(code['code'], ctx.level_labels(construct))}</td>"
            f"<td>{_esc(code['confidence'])}</td>"
            f'<td class="sc-rationale">{_esc(code["rationale"])}</td>'
            f"<td>{ev_links or '<span class=sc-muted>none</span>'}</td>"
            f"<td>{'<br>'.join(other)}</td></tr>"
        )
    if rows:
        parts.append(_table(None, headers, rows, "sc-codes"))
    parts.append("</section>")
    return "\n".join(parts)


def _case_body(ctx: _Ctx, case: str) -> str:
    page = _case_page(case)
    n = sum(1 for e in ctx.evidence.values() if _text(e["case_id"]) == case)
    target = f"evidence-{_slug(case)}"
    return "\n".join(
        part
        for part in (
            _note(),
            _profile(ctx, page, case),
            _narrative(ctx, case),
            _programmes(ctx, page, case),
            _case_codes(ctx, page, case),
            f'<section id="evidence"><h2>Evidence</h2><p>{n} evidence items. Each links to its '
            "source (with URL and dates) and to the codes that cite it.</p>",
            _evidence_filter(ctx, target, with_case=False),
            _table(target, _EV_HEADERS, _evidence_rows(ctx, page, case)),
            "</section>",
        )
        if part
    )


def _construct_body(ctx: _Ctx, construct: str, kind: str, element: str) -> str:
    page = _construct_page(construct)
    cb = ctx.codebook[construct]
    parts = [_note()]
    if kind == "subdimension":
        parts.append(
            f"<p>Sub-dimension of <strong>{_esc(ctx.elements.get(element, element))}</strong>.</p>"
        )
    else:
        parts.append("<p>The outcome of the framework.</p>")
    dl = [
        f"<dt>{_esc(label)}</dt><dd>{_esc(cb.get(col))}</dd>"
        for col, label in (
            ("short_definition", "In short"),
            ("full_definition", "Definition"),
            ("when_to_use", "When to use"),
            ("when_not_to_use", "When not to use"),
            ("example", "Example"),
        )
        if _text(cb.get(col))
    ]
    parts.append(f'<section id="definition"><h2>Definition</h2><dl>{"".join(dl)}</dl></section>')
    rubric = sorted(
        (r for r in ctx.rubric if str(r["construct_id"]) == construct), key=lambda r: r["level"]
    )
    if rubric:
        rrows = [
            f"<tr><td>{_esc(r['level'])}</td><td>{_esc(r.get('level_label'))}</td>"
            f"<td>{_esc(r.get('anchor'))}</td></tr>"
            for r in rubric
        ]
        parts.append(
            '<section id="rubric"><h2>Rubric</h2>'
            + _table(None, ("Level", "Label", "Anchor"), rrows)
            + "</section>"
        )
    labels = ctx.level_labels(construct)
    rows = []
    for case, c in ctx.cases.items():
        cpage = _case_page(case)
        cells = []
        for k in ctx.coders:
            o = ctx.code(case, construct, k)
            cells.append(
                f"<td>{_level(o['code'], labels)}<br>{_esc(o['confidence'])}</td>"
                if o is not None
                else '<td><span class="sc-muted">not coded</span></td>'
            )
        main = ctx.code(case, construct)
        rationale = _esc(main["rationale"]) if main is not None else ""
        ev = ", ".join(
            f'<a href="{_href(page, cpage, _ev_anchor(e))}">{_esc(e)}</a>'
            for e in (_split_ids(main["evidence_ids"]) if main is not None else [])
        )
        rows.append(
            f'<tr class="sc-case-code" data-case="{_esc(case)}"><td><a href="'
            f'{_href(page, cpage, _code_anchor(construct))}">{_esc(c.get("name") or case)}</a></td>'
            + "".join(cells)
            + f'<td class="sc-rationale">{rationale}</td><td>{ev}</td></tr>'
        )
    parts.append(
        '<section id="cases"><h2>The cases compared</h2><p>Codes of every coder; rationale and '
        f"evidence of coder <code>{_esc(ctx.coder)}</code>.</p>"
    )
    parts.append(
        _table(None, ("Case", *[f"Code ({k})" for k in ctx.coders], "Rationale", "Evidence"), rows)
    )
    parts.append("</section>")
    return "\n".join(parts)


def _sources_body(ctx: _Ctx) -> str:
    page = "sources"
    by_source: dict[str, list[tuple[str, str]]] = {}
    for eid, e in ctx.evidence.items():
        by_source.setdefault(_text(e["source_id"]), []).append((eid, _text(e["case_id"])))
    by_programme: dict[str, list[str]] = {}
    for p in ctx.programmes.values():
        for col in ("source_id", "lead_source_id"):
            if _text(p.get(col)):
                by_programme.setdefault(_text(p.get(col)), []).append(_text(p.get("name")))
    for c in ctx.cases.values():
        for col in ("admin_type_source", "population_source", "area_source"):
            if _text(c.get(col)):
                by_programme.setdefault(_text(c.get(col)), []).append(
                    f"profile of {_text(c.get('name'))}"
                )
    rows = []
    for sid, s in ctx.sources.items():
        title = _esc(s.get("title"))
        if _text(s.get("title_en")):
            title += f'<br><span class="sc-muted">{_esc(s.get("title_en"))}</span>'
        links = []
        if _text(s.get("url")):
            links.append(_ext_link(s.get("url")))
        if _text(s.get("archive_url")):
            links.append("archived: " + _ext_link(s.get("archive_url")))
        links.append(f'<span class="sc-dates">accessed {_esc(s.get("accessed"))}</span>')
        note = _text(s.get("note"))
        if note:
            links.append(f'<div class="sc-ev-note">Note: {_esc(note)}</div>')
        date = _esc(_text(s.get("published")) or _text(s.get("year")))
        if _text(s.get("date_basis")):
            date += f" ({_esc(s.get('date_basis'))})"
        used = [
            f'<a href="{_href(page, _case_page(c), _ev_anchor(e))}">{_esc(e)}</a>'
            for e, c in by_source.get(sid, [])
        ]
        used_html = ", ".join(used)
        if by_programme.get(sid):
            used_html += ("<br>" if used_html else "") + "; ".join(
                _esc(p) for p in by_programme[sid]
            )
        rows.append(
            f'<tr id="{_esc(_src_anchor(sid))}" class="sc-source" data-kind="{_esc(s.get("kind"))}">'
            f"<td>{_esc(sid)}</td><td>{_esc(s.get('author'))}</td><td>{title}</td>"
            f"<td>{date}</td><td>{_esc(s.get('kind'))}<br>{_esc(s.get('language'))}</td>"
            f"<td>{'<br>'.join(links)}</td><td>{used_html or _NO_EVIDENCE}</td></tr>"
        )
    kinds = sorted({_text(s.get("kind")) for s in ctx.sources.values()} - {""})
    headers = (
        "Source",
        "Author",
        "Title",
        "Published",
        "Kind, language",
        "URL, access date",
        "Used by",
    )
    return "\n".join(
        [
            _note(),
            f"<p>{len(ctx.sources)} sources, each with the evidence items and profile facts that "
            "rest on it.</p>",
            _filter_form("sources-table", [("kind", "Kind", [(k, k) for k in kinds])], "sources"),
            _table("sources-table", headers, rows),
        ]
    )


def _index_body(ctx: _Ctx) -> str:
    page = "index"
    parts = [
        _note(),
        "<p>Follow any code to the evidence it cites and any evidence item to its source. Every "
        "case has a page, every sub-dimension a page comparing the cases, and the "
        f'<a href="{_href(page, "sources")}">sources page</a> lists every source.</p>',
    ]
    counts: dict[str, int] = {}
    for e in ctx.evidence.values():
        counts[_text(e["case_id"])] = counts.get(_text(e["case_id"]), 0) + 1
    rows = [
        f'<tr><td><a href="{_href(page, _case_page(case))}">{_esc(c.get("name") or case)}</a></td>'
        f"<td>{_esc(c.get('country'))}</td><td>{_esc(c.get('group'))}</td>"
        f"<td>{counts.get(case, 0)}</td></tr>"
        for case, c in ctx.cases.items()
    ]
    parts.append(
        '<section id="cases"><h2>Cases</h2>'
        + _table(None, ("Case", "Country", "Group", "Evidence items"), rows)
        + "</section>"
    )
    head = ["Sub-dimension", *[_text(c.get("name")) or case for case, c in ctx.cases.items()]]
    mrows, current = [], None
    for construct, kind, element in ctx.order:
        group = ctx.elements.get(element, element) if kind == "subdimension" else "Outcome"
        if group != current:
            current = group
            mrows.append(f'<tr class="sc-group"><th colspan="{len(head)}">{_esc(group)}</th></tr>')
        cells = []
        for case in ctx.cases:
            code = ctx.code(case, construct)
            cells.append(
                f'<td><a href="{_href(page, _case_page(case), _code_anchor(construct))}">'
                f"{_level(code['code'], {})}</a></td>"
                if code is not None
                else '<td><span class="sc-muted">\u2013</span></td>'
            )
        mrows.append(
            f'<tr><td><a href="{_href(page, _construct_page(construct))}">'
            f"{_esc(ctx.constructs.get(construct, construct))}</a></td>" + "".join(cells) + "</tr>"
        )
    parts.append(
        '<section id="matrix"><h2>Codes by case and sub-dimension</h2><p>Codes of coder '
        f"<code>{_esc(ctx.coder)}</code> (0-3); each links to the code, its rationale and "
        "evidence.</p>" + _table("code-matrix", head, mrows) + "</section>"
    )
    parts.append(
        '<section id="evidence-finder"><h2>Evidence finder</h2><p>Every evidence item of every '
        "case: filter by case, element and strength, or type words from it.</p>"
    )
    parts.append(_evidence_filter(ctx, "all-evidence", with_case=True))
    headers = (_EV_HEADERS[0], "Case", *_EV_HEADERS[1:])
    parts.append(_table("all-evidence", headers, _evidence_rows(ctx, page, None)))
    parts.append("</section>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- public
def explorer_pages(book: CaseBook, *, coder: str = "ref") -> list[ExplorerPage]:
    """Build the explorer's pages for a case base.

    Parameters
    ----------
    book : CaseBook
        The case base (e.g. ``smartcase.load_cases(data_dir=..., include_bundled=True)``).
    coder : str, default 'ref'
        Whose codes the case pages show with rationale and evidence; the other coders' codes
        are shown beside them.

    Returns
    -------
    list of ExplorerPage
        ``index``, ``sources``, one ``cases/<case>`` per case (in the order of ``cases.csv``)
        and one ``subdimensions/<construct>`` per sub-dimension and outcome (codebook order).

    Raises
    ------
    ArgumentError
        ``coder`` has no codes in the case base.

    Examples
    --------
    >>> import smartcase
    >>> pages = explorer_pages(smartcase.load_cases())
    >>> sorted({p.kind for p in pages})
    ['case', 'index', 'sources', 'subdimension']
    >>> next(p for p in pages if p.path == "subdimensions/open_data").title
    'Sub-dimension: Open data'
    """
    if coder not in set(book.codes["coder_id"]):
        raise ArgumentError(
            "coder",
            repr(coder),
            "a coder with codes: " + ", ".join(map(repr, dict.fromkeys(book.codes["coder_id"]))),
        )
    ctx = _Ctx(book, coder)
    pages = [
        ExplorerPage("index", "Case explorer", "index", _index_body(ctx)),
        ExplorerPage("sources", "Sources", "sources", _sources_body(ctx)),
    ]
    for case, c in ctx.cases.items():
        title = _text(c.get("name")) or case
        pages.append(ExplorerPage(_case_page(case), title, "case", _case_body(ctx, case)))
    for construct, kind, element in ctx.order:
        label = ctx.constructs.get(construct, construct)
        title = f"Sub-dimension: {label}" if kind == "subdimension" else f"Outcome: {label}"
        body = _construct_body(ctx, construct, kind, element)
        pages.append(ExplorerPage(_construct_page(construct), title, "subdimension", body))
    return pages


def asset_dir() -> Path:
    """The folder holding the explorer's script and style sheet (:data:`ASSET_FILES`).

    Examples
    --------
    >>> sorted(p.name for p in asset_dir().glob("smartcase-explorer.*"))
    ['smartcase-explorer.css', 'smartcase-explorer.js']
    """
    return Path(str(resources.files("smartcase") / "templates"))


_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - smartcase explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}_static/smartcase-explorer.css">
</head>
<body class="sc-standalone">
<nav class="sc-nav"><a href="{root}index.html">Case explorer</a> \u00b7 <a href="{root}sources.html">Sources</a>{cases}</nav>
<main>
<h1>{title}</h1>
{body}
</main>
<script src="{root}_static/smartcase-explorer.js"></script>
</body>
</html>
"""


def _myst_page(page: ExplorerPage) -> str:
    return (
        f"# {_md_escape(page.title)}\n\n"
        "```{raw} html\n"
        f'<div class="sc-explorer" data-page="{_esc(page.path)}">\n{page.body}\n</div>\n'
        "```\n"
    )


def _myst_index(page: ExplorerPage, pages: Sequence[ExplorerPage]) -> str:
    entries = [p.path for p in pages if p.kind in ("case", "sources", "subdimension")]
    toc = "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(entries) + "\n```\n"
    return _myst_page(page) + "\n" + toc


def write_explorer(
    book: CaseBook,
    out_dir: str | os.PathLike[str],
    *,
    fmt: Literal["html", "myst"] = "html",
    coder: str = "ref",
    overwrite: bool = False,
) -> list[Path]:
    """Write the case explorer into a folder.

    Parameters
    ----------
    book : CaseBook
        The case base.
    out_dir : str or Path
        The folder to write (created if needed).
    fmt : {'html', 'myst'}, default 'html'
        ``'html'``: a stand-alone static site, ``index.html`` plus ``cases/``,
        ``subdimensions/``, ``sources.html`` and ``_static/`` with the script and style sheet;
        it works from the file system. ``'myst'``: MyST Markdown pages (``.md``) for a Sphinx
        site with MyST-Parser or MyST-NB; add :func:`asset_dir` to ``html_static_path`` and
        :data:`ASSET_FILES` to ``html_js_files`` / ``html_css_files``.
    coder : str, default 'ref'
        Whose codes the pages lead with.
    overwrite : bool, default False
        Replace the explorer's files if the folder already holds them. Files that are not
        explorer pages are never touched.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ArgumentError
        Unknown ``fmt`` or ``coder``.
    FileExistsError
        An explorer file exists and ``overwrite`` is False.

    Examples
    --------
    >>> import smartcase, tempfile
    >>> paths = write_explorer(smartcase.load_cases(), tempfile.mkdtemp())
    >>> sorted(p.name for p in paths if p.parent.name == "cases")[:2]
    ['barcelona.html', 'bucheon.html']
    """
    from .output import atomic_write_bytes, atomic_write_text

    if fmt not in _FORMATS:
        raise ArgumentError("fmt", repr(fmt), "one of " + ", ".join(map(repr, _FORMATS)))
    pages = explorer_pages(book, coder=coder)
    root = Path(out_dir)
    suffix = ".html" if fmt == "html" else ".md"
    targets = [root / (p.path + suffix) for p in pages]
    assets = [root / "_static" / name for name in ASSET_FILES] if fmt == "html" else []
    if not overwrite:
        for t in [*targets, *assets]:
            if t.exists():
                raise FileExistsError(
                    f"{t} exists; pass overwrite=True to replace the explorer's files"
                )
    written: list[Path] = []
    for page, target in zip(pages, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "html":
            depth = page.path.count("/")
            rel = "../" * depth
            cases = "".join(
                f' \u00b7 <a href="{_href(page.path, p.path)}">{_esc(p.title)}</a>'
                for p in pages
                if p.kind == "case"
            )
            text = _HTML_PAGE.format(title=_esc(page.title), root=rel, body=page.body, cases=cases)
        elif page.kind == "index":
            text = _myst_index(page, pages)
        else:
            text = _myst_page(page)
        atomic_write_text(target, text, overwrite=True)
        written.append(target)
    for asset in assets:
        asset.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(asset, (asset_dir() / asset.name).read_bytes(), overwrite=True)
        written.append(asset)
    return written
