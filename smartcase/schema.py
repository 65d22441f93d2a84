"""Reading CSV tables against their Frictionless Table Schema.

``data/datapackage.json`` is the single definition of every table of the case base: field names,
types, constraints, primary keys and foreign keys. This module reads a table strictly against
that schema and raises :class:`~smartcase.errors.DataError` naming the file, line and field,
what was expected and what was found. It implements the subset of Table Schema the case base
uses (types ``string``, ``integer``, ``number``, ``boolean``; the string format ``uri``;
constraints ``required``, ``unique``, ``enum``, ``pattern``, ``minimum``, ``maximum``;
``primaryKey``; ``foreignKeys``), so loading needs no heavy dependency; the test suite checks
the same files with the independent ``frictionless`` validator.

It is also the one place where text and web addresses are validated, so that everything the
loader accepts can be written to every export format (Excel, REFI-QDA XML, R CSV, Markdown,
LaTeX) without error:

* **Text** (:func:`text_problem`): no NUL, no other control character (C0, DEL, C1) and no
  ``U+FFFE``/``U+FFFF`` (not allowed in XML). Tab and line breaks (line feed, carriage
  return, Unicode's line and paragraph separators) are allowed only in the multi-line text fields (those marked ``"multiline": true`` in
  ``datapackage.json``: definitions, statements, notes, rationales, descriptions), where line
  endings are read as ``\\n`` (as spreadsheets and XML keep them); every other field (ids,
  names, titles, authors, dates, addresses) is one line. No text is longer than 32,767
  characters (what a spreadsheet cell holds). Values are stripped of surrounding whitespace.
* **Web addresses** (format ``uri``, :func:`url_problem`): ``http`` or ``https`` with a host,
  and no space, quote (``"``, ``'``, `````), angle bracket or backslash, so an address is safe to
  put in an HTML link or XML attribute. Non-ASCII characters (internationalised addresses)
  are allowed.
* **Numbers**: ASCII digits only; integers within +-(2**53 - 1) (what a spreadsheet or JSON
  stores exactly); numbers finite.

Examples
--------
>>> spec = table_specs()["elements"]
>>> [f.name for f in spec.fields][:3]
['element_id', 'order', 'label']
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DataError
from .paths import bundled_data_dir

__all__ = [
    "FieldSpec",
    "TableSpec",
    "table_specs",
    "read_table",
    "concat_tables",
    "origin",
    "check_foreign_keys",
    "split_ids",
    "text_problem",
    "url_problem",
    "MAX_TEXT_LENGTH",
]

_INT_RE = re.compile(r"^[+-]?[0-9]+$")
_NUMBER_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
#: Largest integer magnitude accepted: what a spreadsheet cell or a JSON number holds exactly.
MAX_INTEGER = 2**53 - 1
#: Longest text accepted in any field: what an Excel cell holds.
MAX_TEXT_LENGTH = 32_767
#: Characters refused in every text field: C0 controls but tab, LF and CR; DEL and C1 controls;
#: the non-characters U+FFFE and U+FFFF and lone surrogates (not allowed in XML).
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Characters allowed only in multi-line text fields: tab and line breaks (also Unicode's).
_LINE_CHARS = re.compile(r"[\t\n\r\u2028\u2029]")
#: Characters a web address must not contain (unsafe in HTML links and XML attributes).
_URL_UNSAFE = re.compile(r"[\s\"'<>`\\]")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a Table Schema."""

    name: str
    type: str = "string"
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    format: str | None = None
    multiline: bool = False

    def describe(self) -> str:
        """Say in words what a valid value of this field looks like."""
        text = "text (may span lines)" if self.multiline else "one line of text"
        parts = [
            {"integer": "an integer", "number": "a number", "boolean": "true or false"}.get(
                self.type, text
            )
        ]
        if self.enum:
            parts = ["one of " + ", ".join(repr(v) for v in self.enum)]
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"from {_num(self.minimum)} to {_num(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f">= {_num(self.minimum)}")
        elif self.maximum is not None:
            parts.append(f"<= {_num(self.maximum)}")
        if self.format == "uri":
            parts = ["an http(s) address with a host, without spaces, quotes or angle brackets"]
        elif self.pattern:
            parts.append(f"matching {self.pattern}")
        return " ".join(parts)


@dataclass(frozen=True)
class TableSpec:
    """A tabular resource of the data package: where it lives and its schema."""

    name: str
    path: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, ref_field)
    title: str = ""
    description: str = ""
    column_names: tuple[str, ...] = field(default=(), repr=False)

    def field(self, name: str) -> FieldSpec:
        """Return the :class:`FieldSpec` called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@lru_cache(maxsize=4)
def _load_specs(path: str) -> dict[str, TableSpec]:
    pkg = json.loads(Path(path).read_text(encoding="utf-8"))
    specs: dict[str, TableSpec] = {}
    for res in pkg.get("resources", []):
        schema = res.get("schema", {})
        fields = []
        for fd in schema.get("fields", []):
            c = fd.get("constraints", {})
            fields.append(
                FieldSpec(
                    name=fd["name"],
                    type=fd.get("type", "string"),
                    description=fd.get("description", ""),
                    required=bool(c.get("required", False)),
                    unique=bool(c.get("unique", False)),
                    enum=tuple(str(v) for v in c["enum"]) if "enum" in c else None,
                    pattern=c.get("pattern"),
                    minimum=c.get("minimum"),
                    maximum=c.get("maximum"),
                    true_values=tuple(fd.get("trueValues", ["true"])),
                    false_values=tuple(fd.get("falseValues", ["false"])),
                    format=fd.get("format"),
                    multiline=bool(fd.get("multiline", False)),
                )
            )
        pk = schema.get("primaryKey", ())
        pk = (pk,) if isinstance(pk, str) else tuple(pk)
        fks = []
        for fk in schema.get("foreignKeys", []):
            fields_ = fk["fields"]
            ref = fk["reference"]
            ref_fields = ref["fields"]
            fks.append(
                (
                    fields_ if isinstance(fields_, str) else fields_[0],
                    ref["resource"],
                    ref_fields if isinstance(ref_fields, str) else ref_fields[0],
                )
            )
        specs[res["name"]] = TableSpec(
            name=res["name"],
            path=res["path"],
            fields=tuple(fields),
            primary_key=pk,
            foreign_keys=tuple(fks),
            title=res.get("title", ""),
            description=res.get("description", ""),
            column_names=tuple(f.name for f in fields),
        )
    return specs


def table_specs(package: str | Path | None = None) -> dict[str, TableSpec]:
    """Return the table specifications of a data package, by resource name.

    Parameters
    ----------
    package : str or Path, optional
        A ``datapackage.json``; default: the bundled one.

    Returns
    -------
    dict of str to TableSpec

    Examples
    --------
    >>> specs = table_specs()
    >>> specs["codes"].primary_key
    ('case_id', 'construct_id', 'coder_id')
    """
    path = Path(package) if package is not None else bundled_data_dir() / "datapackage.json"
    return _load_specs(str(path.resolve()))


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            "file is not valid UTF-8",
            file=path,
            line=line,
            expected="UTF-8 text",
            found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}",
        ) from None


def read_table(path: str | Path, spec: TableSpec) -> pd.DataFrame:
    """Read one CSV table strictly against its schema.

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8, comma-separated, header row).
    spec : TableSpec
        Its schema (see :func:`table_specs`).

    Returns
    -------
    pandas.DataFrame
        Columns in schema order; integers as ``Int64`` (nullable), numbers as ``float64``,
        booleans as ``bool`` (or ``boolean`` when values are missing), text as ``object`` with
        missing values as ``None``. The index is a RangeIndex; ``df.attrs["origin"]`` holds the
        ``(file, line)`` each row came from, for error messages of later checks.

    Raises
    ------
    DataError
        Missing, empty or non-UTF-8 file; malformed CSV; missing, extra or duplicated columns;
        a value of the wrong type, outside its range or enum, not matching its pattern, missing
        although required, or duplicating a unique value or primary key.

    Examples
    --------
    >>> df = read_table(bundled_data_dir() / "framework/elements.csv", table_specs()["elements"])
    >>> list(df["element_id"])
    ['technology', 'capacity', 'institutions']
    """
    path = Path(path)
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a name too long for the file system
        is_file = False
    if not is_file:
        raise DataError(
            f"required file of table '{spec.name}' is missing",
            file=path,
            expected=f"a CSV file with columns {', '.join(spec.column_names)}",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            "cannot read the file",
            file=path,
            expected="a readable CSV file",
            found=exc.strerror or type(exc).__name__,
        ) from None
    if not raw.strip():
        raise DataError(
            "file is empty", file=path, expected=f"a header row with {', '.join(spec.column_names)}"
        )
    text = _decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataError(f"malformed CSV ({exc})", file=path, line=1) from None
    header = [h.strip() for h in header]
    _check_header(header, spec, path)
    n = len(header)
    order = [header.index(name) for name in spec.column_names]
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        prev = reader.line_num
        for rec in reader:
            start = prev + 1
            prev = reader.line_num
            if not rec or all(not v.strip() for v in rec):
                continue
            if len(rec) != n:
                raise DataError(
                    "wrong number of values",
                    file=path,
                    line=start,
                    expected=f"{n} comma-separated values",
                    found=f"{len(rec)}",
                )
            records.append([rec[i] for i in order])
            lines.append(start)
    except csv.Error as exc:
        raise DataError(f"malformed CSV ({exc})", file=path, line=reader.line_num + 1) from None

    columns: dict[str, Any] = {}
    for j, fs in enumerate(spec.fields):
        columns[fs.name] = _convert_column([r[j] for r in records], lines, fs, path)
    df = pd.DataFrame(columns, columns=list(spec.column_names))
    _check_unique(df, lines, spec, path)
    df.attrs["origin"] = [(str(path), ln) for ln in lines]
    return df


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with ``text`` as the value of a text field, or None.

    Parameters
    ----------
    text : str
        The value.
    multiline : bool, default False
        Allow tab and line breaks (line feed, carriage return, U+2028, U+2029): multi-line
        text fields.

    Returns
    -------
    str or None
        A short description of the first problem: a NUL or other control character (named by
        its code point and position), a line break or tab in a one-line field, or text longer
        than :data:`MAX_TEXT_LENGTH`.

    Examples
    --------
    >>> text_problem("Busan Metropolitan City") is None
    True
    >>> text_problem("Busan\\x00")
    'control character U+0000 (NUL) at position 6'
    >>> text_problem("two\\nlines")
    'line break or tab at position 4 in a one-line field'
    >>> text_problem("two\\nlines", multiline=True) is None
    True
    """
    m = _BAD_CHARS.search(text)
    if m is not None:
        code = ord(m.group())
        name = {0: " (NUL)", 0x7F: " (DEL)", 0xFFFE: " (non-character)", 0xFFFF: " (non-character)"}
        return f"control character U+{code:04X}{name.get(code, '')} at position {m.start() + 1}"
    if not multiline:
        m = _LINE_CHARS.search(text)
        if m is not None:
            return f"line break or tab at position {m.start() + 1} in a one-line field"
    if len(text) > MAX_TEXT_LENGTH:
        return f"text too long ({len(text):,} characters; a spreadsheet cell holds {MAX_TEXT_LENGTH:,})"
    return None


def url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a web address, or None.

    An address must parse as ``http`` or ``https`` with a host and contain no whitespace, quote
    (``"``, ``'``, `````), angle bracket or backslash (so it is safe in an HTML link and an XML
    attribute). Non-ASCII characters (internationalised addresses) are allowed.

    Examples
    --------
    >>> url_problem("https://www.busan.go.kr/index") is None
    True
    >>> print(url_problem('http://x"><script>alert(1)</script>'))
    unsafe character '"' at position 9 (no spaces, quotes, angle brackets or backslashes)
    >>> url_problem("javascript:alert(1)")
    "not an http(s) address (expected 'http://' or 'https://', found 'javascript:a')"
    >>> url_problem("https:///path")
    'no host name'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return f"not a valid address ({exc})"
    if parts.scheme not in ("http", "https") or not url.lower().startswith(parts.scheme + "://"):
        return f"not an http(s) address (expected 'http://' or 'https://', found {url[:12]!r})"
    if not host:
        return "no host name"
    m = _URL_UNSAFE.search(url)
    if m is not None:
        return (
            f"unsafe character {m.group()!r} at position {m.start() + 1} "
            "(no spaces, quotes, angle brackets or backslashes)"
        )
    return None


def _check_header(header: list[str], spec: TableSpec, path: Path) -> None:
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise DataError(
            "duplicated column", file=path, line=1, field=dupes[0], expected="each column once"
        )
    missing = [c for c in spec.column_names if c not in header]
    if missing:
        raise DataError(
            "missing column" + ("s" if len(missing) > 1 else ""),
            file=path,
            line=1,
            field=missing[0],
            expected="columns " + ", ".join(spec.column_names),
            found="no column " + ", ".join(repr(m) for m in missing),
        )
    extra = [h for h in header if h not in spec.column_names]
    if extra:
        raise DataError(
            "unexpected column" + ("s" if len(extra) > 1 else ""),
            file=path,
            line=1,
            field=extra[0],
            expected="only the columns " + ", ".join(spec.column_names),
            found=", ".join(repr(e) for e in extra),
        )


def _convert_column(values: list[str], lines: list[int], fs: FieldSpec, path: Path) -> Any:
    def bad(message: str, line: int, raw: str | None) -> DataError:
        found = "an empty cell" if raw is None else repr(raw)
        return DataError(
            message, file=path, line=line, field=fs.name, expected=fs.describe(), found=found
        )

    out: list[Any] = []
    pattern = re.compile(fs.pattern) if fs.pattern else None
    missing_any = False
    for raw, line in zip(values, lines, strict=True):
        v = raw.strip() if fs.type != "string" else raw
        if v.strip() == "":
            if fs.required:
                raise bad("required value is missing", line, None)
            out.append(None)
            missing_any = True
            continue
        value: Any
        if fs.type == "integer":
            if not _INT_RE.match(v):
                raise bad("not an integer", line, raw)
            if len(v.lstrip("+-0")) > 16 or abs(int(v)) > MAX_INTEGER:
                raise bad(f"integer too large (at most {MAX_INTEGER:,} in magnitude)", line, raw)
            value = int(v)
        elif fs.type == "number":
            if not _NUMBER_RE.match(v) or not math.isfinite(value := float(v)):
                raise bad("not a finite number", line, raw)
        elif fs.type == "boolean":
            if v in fs.true_values:
                value = True
            elif v in fs.false_values:
                value = False
            else:
                raise bad("not a boolean", line, raw)
        else:
            value = raw.strip()
            if fs.multiline and "\r" in value:  # one line ending, as spreadsheets and XML keep
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            problem = text_problem(value, multiline=fs.multiline) or (
                url_problem(value) if fs.format == "uri" else None
            )
            if problem is not None:
                raise bad(problem, line, raw)
        if fs.enum is not None and str(value) not in fs.enum:
            raise bad("value not allowed", line, raw)
        if pattern is not None and not pattern.search(str(value)):
            raise bad("malformed value", line, raw)
        if (
            fs.minimum is not None
            and value < fs.minimum
            or fs.maximum is not None
            and value > fs.maximum
        ):
            raise bad("value out of range", line, raw)
        out.append(value)
    if fs.type == "integer":
        return pd.array(out, dtype="Int64")
    if fs.type == "number":
        return pd.array([float("nan") if x is None else x for x in out], dtype="float64")
    if fs.type == "boolean":
        return pd.array(out, dtype="boolean" if missing_any else "bool")
    return pd.array(out, dtype=object)


def _check_unique(df: pd.DataFrame, lines: list[int], spec: TableSpec, path: Path) -> None:
    for fs in spec.fields:
        if fs.unique:
            _first_duplicate(df, [fs.name], lines, path)
    if spec.primary_key:
        _first_duplicate(df, list(spec.primary_key), lines, path)


def _first_duplicate(df: pd.DataFrame, cols: list[str], lines: list[int], path: Path) -> None:
    if df.empty:
        return
    dup = df.duplicated(subset=cols, keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        key = tuple(df.iloc[i][c] for c in cols)
        first = int((df[cols] == pd.Series(key, index=cols)).all(axis=1).to_numpy().nonzero()[0][0])
        shown = key[0] if len(key) == 1 else key
        raise DataError(
            "duplicate id" if len(cols) == 1 else "duplicate key",
            file=path,
            line=lines[i],
            field=cols[0] if len(cols) == 1 else "+".join(cols),
            expected=f"a value not used before (first used on line {lines[first]})",
            found=repr(shown),
        )


def split_ids(value: object) -> list[str]:
    """Split a ``';'``-separated id list (as in ``codes.evidence_ids``) into ids.

    Examples
    --------
    >>> split_ids("busan-e001; busan-e004")
    ['busan-e001', 'busan-e004']
    >>> split_ids(None)
    []
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p.strip() for p in str(value).split(";") if p.strip()]


def origin(df: pd.DataFrame, i: int) -> tuple[str | None, int | None]:
    """Return the ``(file, line)`` row ``i`` of a table read by :func:`read_table` came from."""
    org = df.attrs.get("origin")
    if org is None or i >= len(org):
        return (None, None)
    return org[i]


def concat_tables(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate tables read by :func:`read_table`, keeping each row's origin."""
    frames = [f for f in frames if f is not None]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].copy()
    out.attrs = {
        "origin": [o for f in frames for o in f.attrs.get("origin", [(None, None)] * len(f))]
    }
    return out


def check_foreign_keys(tables: Mapping[str, pd.DataFrame], specs: Mapping[str, TableSpec]) -> None:
    """Check every foreign key among ``tables``.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Tables by resource name, as returned by :func:`read_table` (or :func:`concat_tables`).
        Keys to resources that are not in ``tables`` are not checked.
    specs : mapping of str to TableSpec
        Their specifications.

    Raises
    ------
    DataError
        Naming the file, line and field of the first value that refers to a missing record.
    """
    for name, df in tables.items():
        spec = specs[name]
        for fld, ref_res, ref_fld in spec.foreign_keys:
            if ref_res not in tables:
                continue
            allowed = set(tables[ref_res][ref_fld].dropna())
            for i, v in enumerate(df[fld]):
                if pd.isna(v) or v in allowed:
                    continue
                file, line = origin(df, i)
                noun = ref_res[:-1] if ref_res.endswith("s") else ref_res
                raise DataError(
                    f"refers to an unknown {noun}",
                    file=file,
                    line=line,
                    field=fld,
                    expected=f"a {ref_fld} listed in {Path(specs[ref_res].path).name}",
                    found=repr(v),
                )
