"""Helpers for the hostile-input tests: bounded subprocess runs and hand-made workbooks.

Hostile files are built in ``tmp_path`` by the tests (nothing large is committed).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]

#: Address space of a bounded run: the hostile call must finish within it.
MEMORY_MB = 500
#: CPU seconds a bounded run may spend on the hostile call (after its imports).
CPU_SECONDS = 5
#: Wall-clock guard against a hang (generous: the machine running the tests may be busy).
WALL_SECONDS = 120

SHEET_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="' + SHEET_NS + b'">'


def bounded(setup: str, call: str) -> dict[str, Any]:
    """Run ``call`` in a fresh Python under RLIMIT_AS 500 MB and 5 CPU seconds.

    ``setup`` (imports, building inputs) runs first without the CPU bound; then the CPU limit is
    set to what the process has used plus :data:`CPU_SECONDS`, and ``call`` runs. The address
    space limit holds for the whole process. CPU seconds rather than wall-clock seconds bound
    the work done, so a busy machine does not make the test flaky; the run is still killed
    after :data:`WALL_SECONDS` of wall-clock time.

    Returns
    -------
    dict
        ``error`` (the exception's class name, or None), ``smartcase`` (whether it is a
        SmartcaseError), ``classes`` (its class and bases) and ``message``.
    """
    script = "\n".join(
        [
            "import json, resource, sys",
            textwrap.dedent(setup),
            "import smartcase",
            "used = resource.getrusage(resource.RUSAGE_SELF)",
            f"limit = int(used.ru_utime + used.ru_stime) + 1 + {CPU_SECONDS}",
            "resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))",
            "try:",
            textwrap.indent(textwrap.dedent(call), "    "),
            "    out = {'error': None}",
            "except BaseException as exc:",
            "    out = {'error': type(exc).__name__,",
            "           'smartcase': isinstance(exc, smartcase.SmartcaseError),",
            "           'classes': [c.__name__ for c in type(exc).__mro__],",
            "           'message': str(exc)}",
            "print('RESULT ' + json.dumps(out))",
        ]
    )

    def limits() -> None:
        size = MEMORY_MB * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
        preexec_fn=limits,
        cwd=ROOT,
        env=env,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, (
        f"no result (exit status {proc.returncode}; killed by the CPU or memory bound?)\n"
        f"{proc.stderr[-3000:]}"
    )
    return json.loads(lines[-1][len("RESULT ") :])


# ----------------------------------------------------------------------------- workbooks
def sheet_part(zf: zipfile.ZipFile, sheet: str) -> str:
    """The zip entry of a sheet, by its name (through workbook.xml and its relationships)."""
    wb = zf.read("xl/workbook.xml").decode()
    rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    tag = re.search(r"<sheet\b[^>]*\bname=\"" + re.escape(sheet) + r"\"[^>]*>", wb)
    assert tag is not None, sheet
    rid = re.search(r"\br:id=\"([^\"]+)\"", tag.group()).group(1)  # type: ignore[union-attr]
    rel = re.search(r"<Relationship\b[^>]*\bId=\"" + re.escape(rid) + r"\"[^>]*>", rels)
    target = re.search(r"\bTarget=\"([^\"]+)\"", rel.group()).group(1)  # type: ignore[union-attr]
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def patch_workbook(
    base: Path,
    out: Path,
    replace: dict[str, Callable[[IO[bytes]], None] | bytes],
) -> Path:
    """Copy a workbook, replacing zip entries: by part name, or ``sheet:<name>`` for a sheet.

    A replacement is bytes, or a function writing to the (deflated, streamed) entry, so that
    a sheet of a million rows never sits in memory.
    """
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {
            (sheet_part(src, k[6:]) if k.startswith("sheet:") else k): v for k, v in replace.items()
        }
        for info in src.infolist():
            new = parts.get(info.filename)
            if new is None:
                dst.writestr(info, src.read(info.filename))
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(entry, "w") as fh:
                if isinstance(new, bytes):
                    fh.write(new)
                else:
                    new(fh)
    return out


def sheet_xml(rows: Iterator[bytes] | list[bytes], dimension: str | None = None) -> Callable:
    """A writer of a worksheet with the given ``<row>`` elements (and declared dimension)."""

    def write(fh: IO[bytes]) -> None:
        fh.write(SHEET_HEAD)
        if dimension is not None:
            fh.write(b'<dimension ref="%s"/>' % dimension.encode())
        fh.write(b"<sheetData>")
        batch: list[bytes] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                fh.write(b"".join(batch))
                batch = []
        fh.write(b"".join(batch))
        fh.write(b"</sheetData></worksheet>")

    return write


def text_cell(ref: str, text: str) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), text.encode())
