"""REFI-QDA exchange: the codebook as ``.qdc`` and the case base as a ``.qdpx`` project.

The REFI-QDA standard (Rotterdam Exchange Format Initiative, version 1.5, 2019) is how
ATLAS.ti, NVivo, MAXQDA, QualCoder, Quirkos, Transana and others exchange codebooks and coded
projects. smartcase writes

* a **codebook** (:func:`export_qdc`): one non-codable code per framework element with its
  sub-dimensions as codable child codes, and the outcome as a codable top-level code; each code's
  description is its codebook entry (definition, when to use, when not to use, example, rubric);
* a **project** (:func:`export_qdpx`): a zip holding ``project.qde`` (valid against the REFI-QDA
  ``Project.xsd`` of 2019) and one plain-text document per case in ``Sources/``. The document
  lists the case's evidence statements, one per line; each statement is a coded selection
  (``PlainTextSelection``) coded to its sub-dimension, and to every construct whose code cites
  it, by the coder who cited it (``Coding/@creatingUser``). Coders are project users; case
  attributes and every coder's 0-3 codes are case variables.

:func:`read_qdc` reads a codebook written by any tool into a table of codes.

GUIDs are name-based (UUID 5) on the ids, so exporting the same case base twice gives identical
bytes, and the codebook's GUIDs match the project's.

Examples
--------
>>> import tempfile, pathlib
>>> from smartcase import load_framework
>>> path = export_qdc(load_framework(), pathlib.Path(tempfile.mkdtemp()) / "codebook.qdc")
>>> codes = read_qdc(path)
>>> codes.loc[codes["parent"].isna(), "name"].tolist()[:3]
['Technology, data and infrastructure', 'Innovative capacity', 'Institutional setting']
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.parsers import expat

import pandas as pd

from .casebook import REFERENCE_CODER, CaseBook
from .errors import ArgumentError, ExchangeError
from .framework import LEVEL_LABELS, Framework
from .output import _FIXED_ZIP_DATE, atomic_write_bytes
from .schema import split_ids, table_specs
from .style import ELEMENT_COLORS

__all__ = [
    "export_qdc",
    "export_qdpx",
    "read_qdc",
    "refi_guid",
    "QDC_NAMESPACE",
    "PROJECT_NAMESPACE",
]

#: XML namespace of a REFI-QDA codebook (``.qdc``).
QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
#: XML namespace of a REFI-QDA project (``project.qde`` inside a ``.qdpx``).
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
#: Namespace of smartcase's name-based GUIDs (fixed forever: changing it changes every GUID).
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "smartcase:refi-qda")
_GUID_RE = re.compile(
    r"^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
_RGB_RE = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
_MAX_QDC_BYTES = 50 * 1024 * 1024
_NEWLINES = {"lf": "\n", "crlf": "\r\n"}
_VARIABLE_TYPES = {"string": "Text", "integer": "Integer", "number": "Float", "boolean": "Boolean"}


def refi_guid(kind: str, *ids: str) -> str:
    """The stable GUID smartcase gives an entity (UUID 5 of its kind and ids).

    Examples
    --------
    >>> refi_guid("code", "open_data") == refi_guid("code", "open_data")
    True
    >>> len(refi_guid("case", "busan"))
    36
    """
    return str(uuid.uuid5(_GUID_NAMESPACE, ":".join((kind, *ids))))


# ----------------------------------------------------------------------------- writing
def _framework_of(obj: CaseBook | Framework) -> Framework:
    if isinstance(obj, Framework):
        return obj
    if isinstance(obj, CaseBook):
        return obj.framework
    raise ArgumentError("book", type(obj).__name__, "a CaseBook or a Framework")


def _sub(
    parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None
) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib or {})
    if text is not None:
        el.text = text
    return el


def _clean(text: object) -> str:
    """Text safe for XML 1.0 (control characters other than tab/newline dropped)."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return "".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff")


def _code_description(fw: Framework, construct: str) -> str:
    rec = fw.codebook.loc[construct]
    rubric = fw.rubric[fw.rubric["construct_id"] == construct]
    parts = [
        f"id: {construct}",
        f"{rec['short_definition']}",
        "",
        f"Definition: {rec['full_definition']}",
        f"When to use: {rec['when_to_use']}",
        f"When not to use: {rec['when_not_to_use']}",
        f"Example: {rec['example']}",
        "",
        "Rubric:",
    ]
    parts += [f"{int(r.level)} {r.level_label}: {r.anchor}" for r in rubric.itertuples(index=False)]
    return _clean("\n".join(parts))


def _codes(parent: ET.Element, fw: Framework) -> None:
    """Elements as non-codable parents of their sub-dimensions; the outcome at the top."""
    codes = _sub(parent, "Codes")
    for eid, rec in fw.elements.iterrows():
        el = _sub(
            codes,
            "Code",
            {
                "guid": refi_guid("element", str(eid)),
                "name": _clean(rec["label"]),
                "isCodable": "false",
                "color": ELEMENT_COLORS.get(str(eid), "#000000"),
            },
        )
        _sub(el, "Description", text=_clean(f"id: {eid}\n{rec['definition']}"))
        for sid in fw.subdimensions_of(str(eid)):
            sub = _sub(
                el,
                "Code",
                {
                    "guid": refi_guid("code", sid),
                    "name": _clean(fw.codebook.at[sid, "label"]),
                    "isCodable": "true",
                    "color": ELEMENT_COLORS.get(str(eid), "#000000"),
                },
            )
            _sub(sub, "Description", text=_code_description(fw, sid))
    for oid in fw.outcome_ids:
        out = _sub(
            codes,
            "Code",
            {
                "guid": refi_guid("code", oid),
                "name": _clean(fw.codebook.at[oid, "label"]),
                "isCodable": "true",
                "color": ELEMENT_COLORS.get(oid, "#CC79A7"),
            },
        )
        _sub(out, "Description", text=_code_description(fw, oid))


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def qdc_bytes(framework: Framework) -> bytes:
    """The REFI-QDA codebook of a framework as bytes (see :func:`export_qdc`)."""
    from . import __version__

    root = ET.Element("CodeBook", {"xmlns": QDC_NAMESPACE, "origin": f"smartcase {__version__}"})
    _codes(root, framework)
    return _xml_bytes(root)


def export_qdc(book: CaseBook | Framework, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the framework's codebook as a REFI-QDA codebook file (``.qdc``).

    Parameters
    ----------
    book : CaseBook or Framework
        The case base (its framework is written) or a framework.
    path : str or Path
        The ``.qdc`` file.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    See Also
    --------
    read_qdc, export_qdpx

    Notes
    -----
    Root ``CodeBook`` in the namespace ``urn:QDA-XML:codebook:1.0`` (REFI-QDA ``Codebook.xsd``),
    ``Codes`` holding one code per element (``isCodable="false"``, the element's definition as
    description, its colour from :data:`smartcase.style.ELEMENT_COLORS`) with the sub-dimensions
    nested as codable codes, then the outcome as a codable top-level code. Each description
    starts with ``id: <construct_id>`` so the codes can be matched to smartcase ids after a round
    trip through a QDA tool.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_framework
    >>> p = export_qdc(load_framework(), pathlib.Path(tempfile.mkdtemp()) / "c.qdc")
    >>> p.read_bytes().startswith(b"<?xml")
    True
    """
    return atomic_write_bytes(path, qdc_bytes(_framework_of(book)), overwrite=overwrite)


@dataclass
class _Document:
    case_id: str
    text: str = ""
    selections: list[tuple[str, int, int]] = field(default_factory=list)  # evidence_id, start, end


def _case_documents(book: CaseBook, newline: str) -> dict[str, _Document]:
    docs: dict[str, _Document] = {}
    ev = book.evidence
    for cid in book.case_ids:
        rec = book.cases.loc[cid]
        doc = _Document(cid)
        lines = [
            _clean(
                f"{rec['name']} ({cid}): evidence statements compiled by smartcase, one per line."
            )
        ]
        pos = len(lines[0]) + len(newline)
        for eid, e in ev[ev["case_id"] == cid].iterrows():
            when = f"{e['year']}" + (
                f" ({e['period']})" if isinstance(e["period"], str) and e["period"] else ""
            )
            flag = "; after 2020" if bool(e["post_2020"]) else ""
            prefix = _clean(
                f"[{eid}] {e['element_id']}/{e['subdimension_id']}; {when}; {e['strength']}; source {e['source_id']}{flag}: "
            )
            statement = (
                _clean(e["statement"]).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            )
            start = pos + len(prefix)
            doc.selections.append((str(eid), start, start + len(statement)))
            line = prefix + statement
            lines.append(line)
            pos += len(line) + len(newline)
        doc.text = newline.join(lines) + newline
        docs[cid] = doc
    return docs


def _source_note(book: CaseBook, source_id: str) -> str:
    if source_id not in book.sources.index:
        return f"Source: {source_id}"
    s = book.sources.loc[source_id]
    year = "" if pd.isna(s["year"]) else f" ({int(s['year'])})"
    text = f"Source {source_id}: {s['author']}{year}. {s['title']}."
    if isinstance(s["url"], str) and s["url"]:
        text += f" {s['url']}"
        if isinstance(s["accessed"], str) and s["accessed"]:
            text += f" (accessed {s['accessed']})"
    return _clean(text)


def _value_element(vv: ET.Element, kind: str, value: object) -> None:
    if kind == "Boolean":
        _sub(vv, "BooleanValue", text="true" if bool(value) else "false")
    elif kind == "Integer":
        _sub(vv, "IntegerValue", text=str(int(value)))  # type: ignore[call-overload]
    elif kind == "Float":
        f = float(value)  # type: ignore[arg-type]
        _sub(vv, "FloatValue", text=str(int(f)) if f.is_integer() else repr(f))
    else:
        _sub(vv, "TextValue", text=_clean(value))


def project_bytes(book: CaseBook, *, newline: Literal["lf", "crlf"] = "lf") -> bytes:
    """The REFI-QDA project of a case base as ``.qdpx`` bytes (see :func:`export_qdpx`)."""
    from . import __version__

    if newline not in _NEWLINES:
        raise ArgumentError("newline", repr(newline), "one of 'lf', 'crlf'")
    nl = _NEWLINES[newline]
    fw = book.framework
    specs = table_specs()
    coders = list(book.coders.index)
    user = {c: refi_guid("user", c) for c in coders}
    root = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NAMESPACE,
            "name": "smartcase case base",
            "origin": f"smartcase {__version__}",
        },
    )
    if REFERENCE_CODER in user:
        root.set("creatingUserGUID", user[REFERENCE_CODER])
    if coders:
        users = _sub(root, "Users")
        for c in coders:
            _sub(
                users, "User", {"guid": user[c], "name": _clean(book.coders.at[c, "name"]), "id": c}
            )
    _codes(_sub(root, "CodeBook"), fw)

    # variables: case attributes, then each coder's 0-3 code per construct
    variables: list[tuple[str, str, str, str]] = []  # guid, name, type, description
    case_fields = [f for f in specs["cases"].fields if f.name != "case_id"]
    for f in case_fields:
        variables.append(
            (
                refi_guid("variable", f.name),
                f.name,
                _VARIABLE_TYPES.get(f.type, "Text"),
                f.description,
            )
        )
    levels = ", ".join(f"{k} {v}" for k, v in LEVEL_LABELS.items())
    code_vars: dict[tuple[str, str], str] = {}
    present = book.codes[["construct_id", "coder_id"]].drop_duplicates()
    present_set = set(zip(present["construct_id"], present["coder_id"], strict=True))
    for coder in book.coder_ids:
        for construct in fw.codebook.index:
            if (construct, coder) not in present_set:
                continue
            g = refi_guid("variable", "code", construct, coder)
            code_vars[(construct, coder)] = g
            label = fw.codebook.at[construct, "label"]
            variables.append(
                (
                    g,
                    f"{construct} ({coder})",
                    "Integer",
                    f"Code of '{label}' by coder {coder}: {levels}.",
                )
            )
    if variables:
        vs = _sub(root, "Variables")
        for g, name, kind, desc in variables:
            v = _sub(vs, "Variable", {"guid": g, "name": _clean(name), "typeOfVariable": kind})
            if desc:
                _sub(v, "Description", text=_clean(desc))

    docs = _case_documents(book, nl)
    source_guid = {cid: refi_guid("source", cid) for cid in book.case_ids}
    cases_el = _sub(root, "Cases")
    codes = book.codes
    for cid in book.case_ids:
        rec = book.cases.loc[cid]
        case = _sub(cases_el, "Case", {"guid": refi_guid("case", cid), "name": _clean(rec["name"])})
        _sub(case, "Description", text=_clean(f"id: {cid}; {rec['country']}; group {rec['group']}"))
        for f in case_fields:
            value = rec[f.name]
            if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
                continue
            vv = _sub(case, "VariableValue")
            _sub(vv, "VariableRef", {"targetGUID": refi_guid("variable", f.name)})
            _value_element(vv, _VARIABLE_TYPES.get(f.type, "Text"), value)
        mine = codes[codes["case_id"] == cid]
        for r in mine.itertuples(index=False):
            g = code_vars.get((r.construct_id, r.coder_id))
            if g is None or pd.isna(r.code):
                continue
            vv = _sub(case, "VariableValue")
            _sub(vv, "VariableRef", {"targetGUID": g})
            _sub(vv, "IntegerValue", text=str(int(r.code)))
        _sub(case, "SourceRef", {"targetGUID": source_guid[cid]})

    # who cited which evidence item for which construct
    cited: dict[str, list[tuple[str, str]]] = {}
    for r in codes.itertuples(index=False):
        for eid in split_ids(r.evidence_ids):
            cited.setdefault(eid, []).append((str(r.construct_id), str(r.coder_id)))
    sources_el = _sub(root, "Sources")
    files: dict[str, bytes] = {}
    for cid in book.case_ids:
        doc = docs[cid]
        sg = source_guid[cid]
        ts = _sub(
            sources_el,
            "TextSource",
            {
                "guid": sg,
                "name": _clean(f"{book.cases.at[cid, 'name']} - evidence"),
                "plainTextPath": f"internal://{sg}.txt",
            },
        )
        _sub(
            ts,
            "Description",
            text=_clean(
                f"Evidence statements of case {cid}, one per line; each statement is a coded selection."
            ),
        )
        for eid, start, end in doc.selections:
            e = book.evidence.loc[eid]
            sel = _sub(
                ts,
                "PlainTextSelection",
                {
                    "guid": refi_guid("selection", eid),
                    "name": eid,
                    "startPosition": str(start),
                    "endPosition": str(end),
                },
            )
            note = _source_note(book, str(e["source_id"]))
            if isinstance(e["note"], str) and e["note"]:
                note += _clean(f"\nNote: {e['note']}")
            _sub(sel, "Description", text=note)
            codings: list[tuple[str, str | None]] = list(dict.fromkeys(cited.get(eid, [])))
            if not any(c == e["subdimension_id"] for c, _ in codings):
                codings.insert(0, (str(e["subdimension_id"]), None))
            for construct, coder in codings:
                attrs = {"guid": refi_guid("coding", eid, construct, coder or "")}
                if coder is not None and coder in user:
                    attrs["creatingUser"] = user[coder]
                coding = _sub(sel, "Coding", attrs)
                _sub(coding, "CodeRef", {"targetGUID": refi_guid("code", construct)})
        files[f"Sources/{sg}.txt"] = doc.text.encode("utf-8")
    _sub(
        root,
        "Description",
        text=(
            f"smartcase case base: {len(book.cases)} cases, {len(book.evidence)} evidence items, "
            f"{len(book.sources)} sources, coded by {len(book.coder_ids)} coder(s) on {len(fw.subdimensions)} sub-dimensions "
            f"of {len(fw.elements)} elements and the outcome. Case variables hold the case attributes and each coder's 0-3 codes."
        ),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [("project.qde", _xml_bytes(root)), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


def export_qdpx(
    book: CaseBook,
    path: str | Path,
    *,
    newline: Literal["lf", "crlf"] = "lf",
    overwrite: bool = False,
) -> Path:
    """Write the case base as a REFI-QDA project (``.qdpx``) for ATLAS.ti, NVivo, MAXQDA, QualCoder.

    Parameters
    ----------
    book : CaseBook
        The case base.
    path : str or Path
        The ``.qdpx`` file.
    newline : {'lf', 'crlf'}, default 'lf'
        Line ending of the case documents. Selection offsets always count the characters of the
        document as written; ``'crlf'`` is for tools that count a Windows line ending as two
        characters (QualCoder's notes report this for MAXQDA).
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        Unknown ``newline``.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    See Also
    --------
    export_qdc

    Notes
    -----
    The archive holds ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``) and
    ``Sources/<guid>.txt``, one UTF-8 plain-text document per case referenced as
    ``plainTextPath="internal://<guid>.txt"``, the layout ATLAS.ti, NVivo and QualCoder write
    and read (QualCoder's importer expects the ``Sources`` folder). One document per case keeps
    a case's evidence together and lets the case own its document (``Case/SourceRef``).

    - ``Users``: the coders (``id`` = coder id).
    - ``CodeBook``: as :func:`export_qdc`.
    - ``Variables``: the case attributes of ``cases.csv`` (typed Text/Integer/Float) and one
      Integer variable ``<construct> (<coder>)`` per construct and coder holding the 0-3 code.
    - ``Cases``: one per case with its variable values and its document.
    - ``Sources``: per evidence item a ``PlainTextSelection`` (name = evidence id; start and end
      are character offsets of the statement in the document, end exclusive; description = the
      bibliographic source) with a ``Coding`` to its sub-dimension, and one ``Coding`` per code
      that cites it (construct and coder; ``creatingUser`` = that coder). An item no code cites
      is coded to its sub-dimension without a user.

    Offsets count Unicode code points; NVivo counts UTF-16 units, which differ only for
    characters outside the Basic Multilingual Plane (e.g. emoji). Line endings are where tools
    disagree: QualCoder's documentation reports that ATLAS.ti shifted imported codings by one
    character per line ending and that MAXQDA needed an extra line-ending character (try
    ``newline='crlf'``). The statements sit one per line, after a prefix, so a shift shows at
    once. GUIDs are UUID 5 of the ids and no dates are written, so the bytes are the same on
    every run.

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> from smartcase import load_cases
    >>> p = export_qdpx(load_cases(), pathlib.Path(tempfile.mkdtemp()) / "cases.qdpx")
    >>> zipfile.ZipFile(p).namelist()[0]
    'project.qde'
    """
    if not isinstance(book, CaseBook):
        raise ArgumentError("book", type(book).__name__, "a CaseBook")
    return atomic_write_bytes(path, project_bytes(book, newline=newline), overwrite=overwrite)


# ----------------------------------------------------------------------------- reading
@dataclass
class _Node:
    ns: str
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _parse(data: bytes, path: Path) -> _Node:
    """Parse XML with line numbers; DTDs and entity declarations are refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[_Node] = []
    root: list[_Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        node = _Node(ns, local, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def doctype(*args: object) -> None:
        raise ExchangeError(
            "document type declarations are not allowed",
            file=path,
            line=parser.CurrentLineNumber,
            expected="a REFI-QDA codebook without <!DOCTYPE>",
            found="<!DOCTYPE ...>",
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ExchangeError(
            "malformed XML",
            file=path,
            line=exc.lineno,
            expected="well-formed XML",
            found=f"{expat.ErrorString(exc.code)} at column {exc.offset + 1}",
        ) from None
    if not root:
        raise ExchangeError("empty XML document", file=path, expected="a <CodeBook> element")
    return root[0]


def _check_children(node: _Node, allowed: Iterable[str], path: Path) -> None:
    allowed = tuple(allowed)
    for child in node.children:
        if child.tag not in allowed or child.ns != node.ns:
            raise ExchangeError(
                f"unexpected element inside <{node.tag}>",
                file=path,
                line=child.line,
                field=child.tag,
                expected="only " + ", ".join(f"<{a}>" for a in allowed),
                found=f"<{child.tag}>"
                + (f" in namespace {child.ns!r}" if child.ns != node.ns else ""),
            )


def read_qdc(path: str | Path) -> pd.DataFrame:
    """Read a REFI-QDA codebook (``.qdc``) into a table of codes.

    Parameters
    ----------
    path : str or Path
        A ``.qdc`` file written by smartcase or any QDA tool.

    Returns
    -------
    pandas.DataFrame
        One row per code in document order (parents before children), columns ``guid``,
        ``name``, ``parent`` (the parent code's GUID; missing, i.e. ``pd.isna``, at the top
        level), ``parent_name``, ``depth`` (0 at the top), ``is_codable`` (bool), ``color``
        (``#RRGGBB`` or missing), ``description`` (missing when absent).

    Raises
    ------
    ExchangeError
        Naming the line and XML element: not well-formed XML; a DOCTYPE; a root other than
        ``<CodeBook>`` in the codebook namespace; no ``<Codes>``; an unexpected element; a code
        without ``guid``, ``name`` or ``isCodable``; a malformed GUID, colour or boolean; a
        duplicate GUID.

    See Also
    --------
    export_qdc

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_framework
    >>> p = export_qdc(load_framework(), pathlib.Path(tempfile.mkdtemp()) / "c.qdc")
    >>> codes = read_qdc(p)
    >>> int((codes["depth"] == 1).sum()) == len(load_framework().subdimensions)
    True
    """
    path = Path(path)
    if not path.is_file():
        raise ExchangeError("codebook file not found", file=path, expected="an existing .qdc file")
    size = path.stat().st_size
    if size > _MAX_QDC_BYTES:
        raise ExchangeError(
            "codebook file too large",
            file=path,
            expected=f"at most {_MAX_QDC_BYTES // 1024 // 1024} MB",
            found=f"{size / 1024 / 1024:.1f} MB",
        )
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise ExchangeError(
            "not a codebook file",
            file=path,
            expected="a REFI-QDA codebook (.qdc, XML)",
            found="a zip archive (a .qdpx project?)",
        )
    root = _parse(data, path)
    if root.tag != "CodeBook" or root.ns not in (QDC_NAMESPACE, PROJECT_NAMESPACE):
        raise ExchangeError(
            "not a REFI-QDA codebook",
            file=path,
            line=root.line,
            field=root.tag,
            expected=f"root element <CodeBook> in namespace {QDC_NAMESPACE!r}",
            found=f"<{root.tag}>"
            + (f" in namespace {root.ns!r}" if root.ns else " without namespace"),
        )
    _check_children(root, ("Codes", "Sets"), path)
    codes_nodes = [c for c in root.children if c.tag == "Codes"]
    if len(codes_nodes) != 1:
        raise ExchangeError(
            "a codebook needs one <Codes> element",
            file=path,
            line=codes_nodes[1].line if codes_nodes else root.line,
            field="Codes",
            expected="exactly one <Codes>",
            found=f"{len(codes_nodes)}",
        )
    codes_node = codes_nodes[0]
    _check_children(codes_node, ("Code",), path)
    if not codes_node.children:
        raise ExchangeError(
            "no codes",
            file=path,
            line=codes_node.line,
            field="Codes",
            expected="at least one <Code>",
            found="an empty <Codes>",
        )
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}

    def visit(node: _Node, parent: _Node | None, depth: int) -> None:
        _check_children(node, ("Description", "NoteRef", "Code"), path)
        for attr in ("guid", "name", "isCodable"):
            if attr not in node.attrs:
                raise ExchangeError(
                    f"<Code> without the required attribute {attr!r}",
                    file=path,
                    line=node.line,
                    field=f"Code/@{attr}",
                    expected=f"a {attr} attribute",
                    found="none",
                )
        guid = node.attrs["guid"].strip()
        if not _GUID_RE.match(guid):
            raise ExchangeError(
                "malformed GUID",
                file=path,
                line=node.line,
                field="Code/@guid",
                expected="a GUID like 8-4-4-4-12 hex digits",
                found=repr(guid),
            )
        key = guid.strip("{}").lower()
        if key in seen:
            raise ExchangeError(
                "duplicate GUID",
                file=path,
                line=node.line,
                field="Code/@guid",
                expected=f"a GUID not used before (first used on line {seen[key]})",
                found=repr(guid),
            )
        seen[key] = node.line
        codable = node.attrs["isCodable"].strip()
        if codable not in ("true", "false", "1", "0"):
            raise ExchangeError(
                "malformed boolean",
                file=path,
                line=node.line,
                field="Code/@isCodable",
                expected="true or false",
                found=repr(codable),
            )
        color = node.attrs.get("color")
        if color is not None and not _RGB_RE.match(color.strip()):
            raise ExchangeError(
                "malformed colour",
                file=path,
                line=node.line,
                field="Code/@color",
                expected="#RRGGBB",
                found=repr(color),
            )
        descs = [c for c in node.children if c.tag == "Description"]
        if len(descs) > 1:
            raise ExchangeError(
                "more than one <Description>",
                file=path,
                line=descs[1].line,
                field="Code/Description",
                expected="at most one",
                found=str(len(descs)),
            )
        rows.append(
            {
                "guid": guid,
                "name": node.attrs["name"],
                "parent": parent.attrs["guid"].strip() if parent is not None else None,
                "parent_name": parent.attrs["name"] if parent is not None else None,
                "depth": depth,
                "is_codable": codable in ("true", "1"),
                "color": color.strip() if color is not None else None,
                "description": "".join(descs[0].text) if descs else None,
            }
        )
        for child in node.children:
            if child.tag == "Code":
                visit(child, node, depth + 1)

    for node in codes_node.children:
        visit(node, None, 0)
    out = pd.DataFrame(
        rows,
        columns=[
            "guid",
            "name",
            "parent",
            "parent_name",
            "depth",
            "is_codable",
            "color",
            "description",
        ],
    )
    return out.astype({"depth": "int64", "is_codable": "bool"})
