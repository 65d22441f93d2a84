"""Readers for the SetMethods / QCA known answers in ``tests/data/setmethods`` (see its README)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent / "data" / "setmethods"


@cache
def _entries(group: str) -> dict[str, dict]:
    raw = json.loads((HERE / f"{group}.json").read_text(encoding="utf-8"))
    return {e["id"]: e for e in raw["entries"]}


def entry(group: str, entry_id: str) -> dict:
    """One R call of ``tests/data/setmethods/<group>.json`` by its id."""
    return _entries(group)[entry_id]


def load(name: str) -> pd.DataFrame:
    """An input data set (index = R row names); R QCA's LF and LC from ``tests/data/qca``."""
    folder = HERE.parent / "qca" / "data" if name in ("LF", "LC") else HERE / "data"
    frame = pd.read_csv(folder / f"{name}.csv", index_col=0)
    frame.index = frame.index.astype(str)
    return frame


def frame(result: dict) -> pd.DataFrame:
    """A data frame as jsonlite wrote it: ``{"rownames": [...], "columns": {...}}``."""
    return pd.DataFrame(result["columns"], index=pd.Index(result["rownames"]))


def r3(x: float) -> float:
    """Round as R prints (three decimals), robust to representation noise."""
    return float(np.round(float(x) + 1e-12, 3))


SCHF_CONDITIONS = ["EMP", "BARGAIN", "UNI", "OCCUP", "STOCK", "MA"]
