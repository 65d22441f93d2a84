"""The built companion site (``make docs``), checked in headless Chromium and by crawling its HTML.

What a reader needs: every page loads without console errors and without a request leaving the
machine, from the file system and from a static web server; every image loads; every internal
link resolves; a case page shows its codes and evidence and leads on to the sources; the filter
and Sphinx's search find an evidence item by a word in it; every public name has its API entry;
every notebook figure and table and every published figure is on the site.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import types
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitetools import GENERATED, SITE, pages

import smartcase

pytestmark = pytest.mark.slow

EXPLORER = "generated/explorer"


# ----------------------------------------------------------------------------- helpers
class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key] or "")
        for key in ("href", "src"):
            if a.get(key) is not None and tag in ("a", "link", "script", "img", "iframe"):
                self.refs.append((tag, a[key] or ""))


def _parse(path: Path) -> _Html:
    p = _Html()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _load(driver, url: str) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    driver.get(url)
    driver.execute_script("return document.readyState")


def _click(driver, element) -> None:
    """Click like a reader: scroll the element to the middle of the window (clear of the theme's
    sticky header), then click it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


_IMAGES_JS = """
const done = arguments[arguments.length - 1];
const imgs = Array.from(document.images);
Promise.all(imgs.map(img => new Promise(resolve => {
  const probe = new Image();
  probe.onload = () => resolve([img.getAttribute('src'), probe.naturalWidth]);
  probe.onerror = () => resolve([img.getAttribute('src'), 0]);
  probe.src = img.src;
}))).then(done);
"""


def _notebook_pngs(nb_path: Path) -> int:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return sum("image/png" in o.get("data", {}) for o in outputs)


def _expected_images() -> int:
    """PNG figures in the executed notebooks plus the gallery's figures."""
    from smartcase.reproduce import read_manifest

    m = read_manifest(GENERATED / "outputs")
    gallery = int(((m["role"] == "figure") & (m["format"] == "png")).sum())
    return gallery + sum(_notebook_pngs(p) for p in (GENERATED / "notebooks").glob("*.ipynb"))


def _book() -> smartcase.CaseBook:
    return smartcase.load_cases()


# ----------------------------------------------------------------------------- browser
@pytest.mark.parametrize("mode", ["file", "http"])
def test_every_page_loads_without_console_errors_or_network(browser, server, mode) -> None:
    """Every page, from file:// and from a local web server: no console error, no request to
    anything but the site itself, every image loads (naturalWidth > 0)."""
    base = SITE.as_uri() + "/" if mode == "file" else server
    browser.set_script_timeout(60)
    problems: list[str] = []
    n_images = 0
    all_pages = pages()
    assert len(all_pages) > 60
    for page in all_pages:
        rel = page.relative_to(SITE).as_posix()
        url = page.as_uri() if mode == "file" else server + rel
        _load(browser, url)
        for entry in browser.get_log("browser"):
            if entry["level"] == "SEVERE":
                problems.append(f"{rel}: console: {entry['message']}")
        for req in _requests(browser):
            # the browser's own pages (chrome://) are not network requests
            if not req.startswith(
                (base, "data:", "blob:", "about:", "chrome:", "chrome-untrusted:")
            ):
                problems.append(f"{rel}: request outside the site: {req}")
        for src, width in browser.execute_async_script(_IMAGES_JS):
            n_images += 1
            if not width:
                problems.append(f"{rel}: image does not load: {src}")
    assert problems == [], "\n".join(problems)
    assert n_images >= _expected_images()  # the notebooks' figures and the gallery


def test_case_page_shows_codes_and_evidence_and_leads_to_sources(browser, site) -> None:
    from selenium.webdriver.common.by import By

    book = _book()
    case, construct = "busan", "ict_infrastructure"
    code = book.codes.query(
        "case_id == @case and construct_id == @construct and coder_id == 'ref'"
    ).iloc[0]
    _load(browser, (site / EXPLORER / "cases" / f"{case}.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith(book.cases.at[case, "name"])
    row = browser.find_element(By.ID, f"code-{construct}")
    assert row.is_displayed()
    text = " ".join(row.text.split())
    assert f" {code['code']}" in row.find_element(By.CSS_SELECTOR, ".sc-level").text
    assert code["confidence"] in text
    assert " ".join(code["rationale"].split())[:80] in text
    cited = [e.strip() for e in code["evidence_ids"].split(";")]
    links = row.find_elements(By.CSS_SELECTOR, "a[href^='#ev-']")
    assert [a.text for a in links] == cited
    # the case page lists every evidence item of the case
    items = browser.find_elements(By.CSS_SELECTOR, "tr.sc-evidence")
    assert len(items) == int((book.evidence["case_id"] == case).sum())

    # follow a code to its evidence ...
    eid = cited[0]
    _click(browser, links[0])
    assert browser.current_url.endswith(f"#ev-{eid}")
    ev_row = browser.find_element(By.ID, f"ev-{eid}")
    assert ev_row.is_displayed()
    ev = book.evidence.loc[eid]
    assert " ".join(ev["statement"].split())[:80] in " ".join(ev_row.text.split())
    src = book.sources.loc[ev["source_id"]]
    assert ev_row.find_element(By.CSS_SELECTOR, f"a[href='{src['url']}']")
    assert f"accessed {src['accessed']}" in ev_row.text
    # ... and the evidence to its source
    _click(browser, ev_row.find_element(By.CSS_SELECTOR, "a[href*='sources.html#src-']"))
    assert browser.current_url.endswith(f"sources.html#src-{ev['source_id']}")
    src_row = browser.find_element(By.ID, f"src-{ev['source_id']}")
    assert src_row.is_displayed()
    assert src_row.find_element(By.CSS_SELECTOR, f"a[href='{src['url']}']")
    assert eid in src_row.text


def _unique_word(book: smartcase.CaseBook) -> tuple[str, str]:
    """A word of one evidence statement found in no other evidence row's text."""
    sources = book.sources
    texts = {}
    for eid, e in book.evidence.iterrows():
        s = sources.loc[e["source_id"]]
        parts = [eid, e["statement"], e.get("note"), e["source_id"], s["author"], s["title"]]
        parts += [s.get("title_en"), s["url"], s.get("published"), s.get("accessed")]
        texts[eid] = " ".join(str(p) for p in parts if isinstance(p, str)).lower()
    for eid, e in book.evidence.iterrows():
        for word in sorted(set(re.findall(r"[a-z]{9,}", e["statement"].lower())), key=len):
            if sum(word in t for t in texts.values()) == 1:
                return str(eid), word
    raise AssertionError("no evidence statement has a word of its own")


def test_filter_finds_an_evidence_item_by_a_word_in_it(browser, site) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    book = _book()
    eid, word = _unique_word(book)
    n = len(book.evidence)
    _load(browser, (site / EXPLORER / "index.html").as_uri())
    form = browser.find_element(By.CSS_SELECTOR, "form.sc-filter[data-target='all-evidence']")
    count = form.find_element(By.CSS_SELECTOR, ".sc-filter-count")
    assert count.text == f"{n} of {n} shown"
    box = form.find_element(By.CSS_SELECTOR, ".sc-filter-text")
    box.send_keys(word.upper())  # case-insensitive
    visible = [
        r.get_attribute("id")
        for r in browser.find_elements(By.CSS_SELECTOR, "#all-evidence tr.sc-evidence")
        if r.is_displayed()
    ]
    assert visible == [f"ev-{eid}"]
    assert count.text == f"1 of {n} shown"
    case_select = Select(form.find_element(By.CSS_SELECTOR, "select[data-attr='case']"))
    other = next(c for c in book.cases.index if c != book.evidence.at[eid, "case_id"])
    case_select.select_by_value(other)
    assert count.text == f"0 of {n} shown"
    case_select.select_by_value(str(book.evidence.at[eid, "case_id"]))
    assert count.text == f"1 of {n} shown"

    # strength and element alone: the counts of the evidence table
    box.clear()
    box.send_keys(" ")
    case_select.select_by_value("")
    strength = Select(form.find_element(By.CSS_SELECTOR, "select[data-attr='strength']"))
    strength.select_by_value("weak")
    weak = int((book.evidence["strength"] == "weak").sum())
    assert count.text == f"{weak} of {n} shown"
    strength.select_by_value("")
    element = Select(form.find_element(By.CSS_SELECTOR, "select[data-attr='element']"))
    for el, k in Counter(book.evidence["element_id"]).items():
        element.select_by_value(el)
        assert count.text == f"{k} of {n} shown"


def test_sphinx_search_finds_the_case_page_by_a_word_of_its_evidence(browser, site) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    book = _book()
    eid, word = _unique_word(book)
    case = book.evidence.at[eid, "case_id"]
    _load(browser, (site / "search.html").as_uri() + f"?q={word}")

    def hits(driver) -> list[str]:
        return [
            a.get_attribute("href") or ""
            for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a")
        ]

    WebDriverWait(browser, 30).until(lambda d: len(hits(d)) > 0)
    assert any(h.split("?")[0].split("#")[0].endswith(f"cases/{case}.html") for h in hits(browser))


# ----------------------------------------------------------------------------- crawl
def test_every_internal_link_resolves(site) -> None:
    """Crawl every page (the source pages too): every link, script, style sheet and image of the
    site exists, every #fragment is an id of its page; nothing is loaded from another host."""
    parsed = {p: _parse(p) for p in pages(include_source_pages=True)}
    problems: list[str] = []
    checked = 0
    for page, html in parsed.items():
        rel = page.relative_to(site).as_posix()
        for tag, ref in html.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto"):
                if tag != "a":
                    problems.append(f"{rel}: <{tag}> loads {ref} from the network")
                continue
            if parts.scheme in ("data", "javascript") or ref.startswith("//"):
                if parts.scheme == "javascript" or ref.startswith("//"):
                    problems.append(f"{rel}: <{tag}> {ref}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                problems.append(f"{rel}: {ref} -> missing {target}")
                continue
            frag = unquote(parts.fragment)
            if frag and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if frag not in ids:
                    problems.append(f"{rel}: {ref} -> no id {frag!r}")
    assert problems == [], "\n".join(problems)
    assert checked > 10_000


def _inventory(site: Path) -> dict[str, str]:
    """objects.inv as {name: role}: the header is four lines, then zlib-compressed lines."""
    raw = (site / "objects.inv").read_bytes()
    body = raw.split(b"\n", 4)[4]
    out = {}
    for line in zlib.decompress(body).decode("utf-8").splitlines():
        m = re.match(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S+)\s+(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def test_every_public_name_has_an_api_entry(site) -> None:
    inv = _inventory(site)
    documented_objects = {}
    for name, role in inv.items():
        if role.startswith("py:") and role != "py:module":
            mod, _, attr = name.rpartition(".")
            try:
                documented_objects[id(getattr(importlib.import_module(mod), attr))] = name
            except (ImportError, AttributeError):
                continue
    missing = []

    def check(module: str, names: list[str]) -> None:
        mod = importlib.import_module(module)
        for n in names:
            obj = getattr(mod, n)
            if isinstance(obj, types.ModuleType):
                if obj.__name__ not in inv:
                    missing.append(obj.__name__)
                continue
            path = f"{module}.{n}"
            if path in inv:
                continue
            if (inspect.isclass(obj) or callable(obj)) and id(obj) in documented_objects:
                continue
            missing.append(path)

    for ns in ("smartcase", "smartcase.qca", "smartcase.scoring"):
        mod = importlib.import_module(ns)
        check(ns, [n for n in mod.__all__ if n != "__version__"])
    import pkgutil

    for info in pkgutil.walk_packages(smartcase.__path__, "smartcase."):
        if any(p.startswith("_") for p in info.name.split(".")):
            continue
        mod = importlib.import_module(info.name)
        assert info.name in inv, info.name
        check(info.name, list(getattr(mod, "__all__", [])))
    assert missing == []
    assert inv.get("smartcase.load_cases") == "py:function"
    assert inv.get("smartcase.qca.minimize") == "py:function"
    assert inv.get("smartcase.scoring.composite") == "py:function"


def test_examples_are_on_the_api_pages(site) -> None:
    html = (site / "generated" / "api" / "smartcase.html").read_text(encoding="utf-8")
    load_cases = html[html.index('id="smartcase.load_cases"') :]
    assert "Examples" in load_cases[:20_000] and "&gt;&gt;&gt;" in load_cases[:20_000]


def test_every_notebook_is_there_with_its_figures_and_tables(site) -> None:
    import nbformat

    executed = sorted((GENERATED / "notebooks").glob("*.ipynb"))
    assert len(executed) == len(
        list((Path(smartcase.__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    )
    for nb_path in executed:
        nb = nbformat.read(nb_path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        pngs = sum("image/png" in o.get("data", {}) for o in outputs)
        tables = sum("<table" in str(o.get("data", {}).get("text/html", "")) for o in outputs)
        page = (site / "generated" / "notebooks" / f"{nb_path.stem}.html").read_text(
            encoding="utf-8"
        )
        assert pngs > 0, nb_path.name
        assert page.count("<img") >= pngs, nb_path.name
        assert page.count("<table") >= tables, nb_path.name


def test_gallery_shows_every_published_figure_with_its_caption(site) -> None:
    from smartcase.reproduce import read_manifest

    m = read_manifest(GENERATED / "outputs")
    figures = m[(m["role"] == "figure") & (m["format"] == "png")]
    assert len(figures) > 0
    html = (site / "generated" / "gallery.html").read_text(encoding="utf-8")
    parsed = _Html()
    parsed.feed(html)
    images = [u for t, u in parsed.refs if t == "img"]
    assert len(images) == len(figures)
    text = re.sub(r"<[^>]+>", "", html)
    import html as html_lib

    text = " ".join(html_lib.unescape(text).split())
    for caption in m[m["role"].isin(["figure", "table"])]["caption"].unique():
        assert " ".join(caption.split()) in text


def test_standalone_explorer_works_from_the_file_system(browser, tmp_path: Path) -> None:
    """write_explorer(fmt='html') for a researcher's own site: loads, filters, no console error."""
    from selenium.webdriver.common.by import By

    from smartcase.explorer import write_explorer

    book = _book()
    write_explorer(book, tmp_path)
    eid, word = _unique_word(book)
    _load(browser, (tmp_path / "index.html").as_uri())
    box = browser.find_element(By.CSS_SELECTOR, "form[data-target='all-evidence'] .sc-filter-text")
    box.send_keys(word)
    shown = [
        r.get_attribute("id")
        for r in browser.find_elements(By.CSS_SELECTOR, "#all-evidence tr.sc-evidence")
        if r.is_displayed()
    ]
    assert shown == [f"ev-{eid}"]
    _load(browser, (tmp_path / "cases" / "helsinki.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == book.cases.at["helsinki", "name"]
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    bad = [u for u in _requests(browser) if not u.startswith(("file://", "data:", "chrome:"))]
    assert bad == []
