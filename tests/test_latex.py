"""Every LaTeX table compiles with lualatex under the preamble its header states (issue 10).

All tables of a full regeneration go into one document (one lualatex run, not one per table),
each under the preamble copied from its own header comment. Needs TeX Live with LuaLaTeX, the
``harveyballs``, ``pdflscape`` and ``luatexko`` packages and the Un fonts
(Debian/Ubuntu: ``tools/install-system-deps.sh``); skipped when ``lualatex`` is not on the PATH.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from regeneration_helpers import regenerated

from smartcase.compare import LATEX_PREAMBLE

pytestmark = pytest.mark.slow

HEADER = "% smartcase table. Compile with lualatex; the preamble it needs:"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return regenerated(tmp_path_factory, "a")


def stated_preamble(tex: str) -> list[str]:
    """The preamble lines a table's header comment states."""
    lines = tex.splitlines()
    assert lines[0] == HEADER
    out = []
    for line in lines[1:]:
        if not line.startswith("%   "):
            break
        out.append(line[4:])
    return out


def test_every_table_states_its_preamble(run):
    root = run[0]
    tables = sorted((root / "tables").glob("*.tex"))
    assert len(tables) >= 40
    for path in tables:
        assert stated_preamble(path.read_text(encoding="utf-8")) == list(LATEX_PREAMBLE), path.name


@pytest.mark.skipif(
    shutil.which("lualatex") is None,
    reason="lualatex not installed (TeX Live with LuaLaTeX and Korean fonts: "
    "run tools/install-system-deps.sh)",
)
def test_every_table_compiles_with_lualatex(run, tmp_path: Path):
    root = run[0]
    tables = sorted((root / "tables").glob("*.tex"))
    preamble = stated_preamble(tables[0].read_text(encoding="utf-8"))
    body = []
    for path in tables:
        shutil.copy(path, tmp_path / path.name)
        body += [f"\\input{{{path.stem}}}", "\\clearpage"]
    doc = "\n".join(
        [
            *preamble,
            "\\tracinglostchars=3",  # a character missing from the fonts is an error
            "\\begin{document}",
            *body,
            "\\end{document}",
        ]
    )
    (tmp_path / "all.tex").write_text(doc + "\n", encoding="utf-8")
    proc = subprocess.run(
        ["lualatex", "-interaction=nonstopmode", "-halt-on-error", "all.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = (tmp_path / "all.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert proc.returncode == 0, errors[:5] or proc.stdout[-2000:]
    assert "Missing character" not in log
    assert (tmp_path / "all.pdf").stat().st_size > 10_000
    # wide tables fit the text width (landscape or narrower columns): no line sticks out by
    # more than a few points
    overfull = [float(x) for x in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
    assert max(overfull, default=0.0) < 20.0, sorted(overfull)[-5:]
