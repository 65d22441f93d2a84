"""The README's set-up commands and its tour code are real."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_lines_give_the_two_commands() -> None:
    head = "\n".join(README.splitlines()[:6])
    assert "make reproduce" in head and "make test" in head
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^reproduce:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_tour_code_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    tour = blocks[0]
    namespace: dict[str, object] = {}
    exec(compile(tour, "README.md", "exec"), namespace)
    assert "capacity" in str(namespace["qca"].minimize(namespace["tt"], include="?").models[0])


def test_about_the_data_section_is_honest() -> None:
    section = README.split("## About the data", 1)[1].split("\n## ", 1)[0]
    assert "not public" in section and "reconstruction" in section
