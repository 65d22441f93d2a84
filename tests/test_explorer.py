"""The case explorer (smartcase.explorer): links from codes to evidence to sources, escaping."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

import smartcase
from smartcase.errors import ArgumentError
from smartcase.explorer import (
    ASSET_FILES,
    RECONSTRUCTION_NOTE,
    ExplorerPage,
    _md_escape,
    _slug,
    explorer_pages,
    write_explorer,
)


class _Links(HTMLParser):
    """Collects ids, hrefs and the hrefs of each table row (by the row's id)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.row_hrefs: dict[str, list[str]] = {}
        self.scripts: list[str] = []
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "tr":
            self._row = a.get("id")
            if self._row:
                self.row_hrefs[self._row] = []
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"] or "")
            if self._row:
                self.row_hrefs[self._row].append(a["href"] or "")
        if tag == "script":
            self.scripts.append(a.get("src") or "inline")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None


def _parse(text: str) -> _Links:
    p = _Links()
    p.feed(text)
    return p


@pytest.fixture(scope="module")
def book() -> smartcase.CaseBook:
    return smartcase.load_cases()


@pytest.fixture(scope="module")
def pages(book: smartcase.CaseBook) -> dict[str, ExplorerPage]:
    return {p.path: p for p in explorer_pages(book)}


def test_one_page_per_case_subdimension_and_the_sources(book, pages) -> None:
    cases = {f"cases/{c}" for c in book.cases.index}
    constructs = {f"subdimensions/{c}" for c in book.framework.codebook.index}
    assert set(pages) == {"index", "sources"} | cases | constructs
    for p in pages.values():
        assert RECONSTRUCTION_NOTE in p.body.replace("&#x27;", "'")


def test_every_code_links_to_exactly_the_evidence_it_cites(book, pages) -> None:
    ref = book.codes[book.codes["coder_id"] == "ref"]
    assert len(ref) == len(book.cases) * len(book.framework.codebook)
    for case, group in ref.groupby("case_id"):
        links = _parse(pages[f"cases/{case}"].body)
        for row in group.itertuples(index=False):
            hrefs = links.row_hrefs[f"code-{row.construct_id}"]
            cited = {h[len("#ev-") :] for h in hrefs if h.startswith("#ev-")}
            ids = "" if pd.isna(row.evidence_ids) else str(row.evidence_ids)
            expected = {e.strip() for e in ids.split(";") if e.strip()}
            assert cited == expected, (case, row.construct_id)
            # every cited item is on the page
            assert all(f"ev-{e}" in links.ids for e in expected)


def test_every_evidence_item_links_to_its_source_with_url_and_date(book, pages) -> None:
    sources = _parse(pages["sources"].body)
    for eid, ev in book.evidence.iterrows():
        page = pages[f"cases/{ev['case_id']}"]
        links = _parse(page.body)
        hrefs = links.row_hrefs[f"ev-{eid}"]
        src = ev["source_id"]
        assert f"../sources.html#src-{src}" in hrefs, eid
        assert f"src-{src}" in sources.ids
        url = book.sources.at[src, "url"]
        assert url in hrefs, eid  # the source's own URL, unchanged (these URLs need no escaping)
        row = re.search(rf'<tr id="ev-{re.escape(str(eid))}".*?</tr>', page.body, re.S)
        assert row is not None
        assert f"accessed {book.sources.at[src, 'accessed']}" in row.group(0)


def test_evidence_rows_carry_the_filter_attributes(book, pages) -> None:
    body = pages["index"].body
    rows = re.findall(r'<tr id="ev-([^"]+)" class="sc-evidence" ([^>]*)>', body)
    assert len(rows) == len(book.evidence)
    for eid, attrs in rows:
        ev = book.evidence.loc[eid]
        assert f'data-case="{ev["case_id"]}"' in attrs
        assert f'data-element="{ev["element_id"]}"' in attrs
        assert f'data-strength="{ev["strength"]}"' in attrs


def test_subdimension_page_shows_every_case_and_coder(book, pages) -> None:
    body = pages["subdimensions/open_data"].body
    for case in book.cases.index:
        assert f'data-case="{case}"' in body
        code = book.codes.query("case_id == @case and construct_id == 'open_data'")
        for c in code["code"]:
            assert f"sc-level-{c}" in body
    assert "Code (ref)" in body and "Code (c2)" in body


def test_standalone_site_links_resolve(book, tmp_path: Path) -> None:
    written = write_explorer(book, tmp_path)
    assert {p.name for p in written} >= {"index.html", "sources.html", *ASSET_FILES}
    ids: dict[Path, set[str]] = {}
    parsed: dict[Path, _Links] = {}
    for f in tmp_path.rglob("*.html"):
        parsed[f] = _parse(f.read_text(encoding="utf-8"))
        ids[f] = parsed[f].ids
    checked = 0
    for f, links in parsed.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            target = (f.parent / unquote(parts.path)).resolve() if parts.path else f
            assert target.is_file(), f"{f.name}: {href}"
            if parts.fragment:
                assert unquote(parts.fragment) in ids[target], f"{f.name}: {href}"
            checked += 1
        assert any(s.endswith("_static/smartcase-explorer.js") for s in links.scripts)
    assert checked > 3000


def test_write_refuses_to_overwrite_and_checks_arguments(book, tmp_path: Path) -> None:
    write_explorer(book, tmp_path, fmt="myst")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_explorer(book, tmp_path, fmt="myst")
    assert write_explorer(book, tmp_path, fmt="myst", overwrite=True)
    with pytest.raises(ArgumentError, match="fmt"):
        write_explorer(book, tmp_path, fmt="pdf")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="coder"):
        explorer_pages(book, coder="nobody")
    md = (tmp_path / "cases" / "busan.md").read_text(encoding="utf-8")
    assert md.startswith("# Busan\n\n```{raw} html\n")


def _hostile(book: smartcase.CaseBook) -> smartcase.CaseBook:
    """The bundled book with markup, script and odd URLs in user-written fields."""
    ev = book.evidence.copy()
    first = ev.index[0]
    ev.loc[first, "statement"] = "<script>alert('x')</script> & ``` {raw} html"
    src = book.sources.copy()
    sid = ev.loc[first, "source_id"]
    src.loc[sid, "url"] = "javascript:alert(1)"
    src.loc[sid, "title"] = '"><img src=x onerror=alert(1)>'
    cases = book.cases.copy()
    cases.loc[cases.index[0], "name"] = "<b>Bu*san*</b> `x` {sub}[y](z)"
    codes = book.codes.copy()
    codes.loc[codes.index[0], "rationale"] = "</td></tr></table><script>alert(2)</script>"
    return dataclasses.replace(book, evidence=ev, sources=src, cases=cases, codes=codes)


def test_every_text_and_url_is_escaped(book) -> None:
    bad = _hostile(book)
    pages = explorer_pages(bad)
    joined = "\n".join(p.body for p in pages)
    assert "<script>" not in joined
    assert "<img src=x" not in joined
    assert 'href="javascript:' not in joined
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in joined
    assert "javascript:alert(1)" in joined  # shown as text, not a link
    assert "```" not in joined  # backticks cannot close the raw-HTML fence of a MyST page
    assert "&lt;b&gt;Bu*san*&lt;/b&gt;" in joined


def test_myst_title_is_escaped_markdown(book, tmp_path: Path) -> None:
    mdit = pytest.importorskip("markdown_it")
    bad = _hostile(book)
    write_explorer(bad, tmp_path, fmt="myst")
    case = str(bad.cases.index[0])
    first = (tmp_path / "cases" / f"{case}.md").read_text(encoding="utf-8").splitlines()[0]
    tokens = mdit.MarkdownIt("commonmark").parse(first)
    inline = [t for t in tokens if t.type == "inline"][0]
    assert [c.type for c in inline.children] == ["text"]
    assert inline.children[0].content == bad.cases.iloc[0]["name"]
    assert _md_escape("a*b_c") == r"a\*b\_c"


def test_slugs_keep_ids_apart_and_inside_their_folder() -> None:
    assert _slug("busan-e001") == "busan-e001"
    assert "/" not in _slug("../../etc/passwd") and "." not in _slug("a.b").replace(".2e", "")
    assert _slug("a b") != _slug("a_b")


def test_narrative_paragraphs_link_their_citations(book) -> None:
    eid = str(book.evidence.index[0])
    case = str(book.evidence.iloc[0]["case_id"])
    narr = pd.DataFrame(
        {
            "case_id": [case],
            "title": ["A <title>"],
            "section": ["context"],
            "heading": ["Context"],
            "paragraph": [1],
            "text": [f"The city did <this> [{eid}]; unknown [not-an-id]."],
        }
    )
    with_narr = dataclasses.replace(book)
    object.__setattr__(with_narr, "narratives", narr)
    object.__setattr__(with_narr, "missing_narratives", ())
    body = {p.path: p for p in explorer_pages(with_narr)}[f"cases/{case}"].body
    assert f'<a href="#ev-{eid}">{eid}</a>' in body
    assert "did &lt;this&gt;" in body and "[not-an-id]" in body
    other = [c for c in book.cases.index if c != case][0]
    other_body = {p.path: p for p in explorer_pages(with_narr)}[f"cases/{other}"].body
    assert "No narrative for this case yet" in other_body
