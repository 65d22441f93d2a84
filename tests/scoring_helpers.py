"""Shared helpers for the scoring tests: a small duck-typed case book and random code tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class FakeFramework:
    subdimensions: pd.DataFrame


@dataclass
class FakeBook:
    """Just enough of a CaseBook for the scoring engine (code_matrix, framework, codes, code_evidence)."""

    matrix: pd.DataFrame
    mapping: dict[str, str]
    strength: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    confidence: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def framework(self) -> FakeFramework:
        sub = pd.DataFrame({"element_id": pd.Series(self.mapping)})
        sub.index.name = "construct_id"
        return FakeFramework(sub)

    def code_matrix(self, level: str = "subdimension", *, coder: str = "ref") -> pd.DataFrame:
        assert level == "subdimension"
        return self.matrix.astype("Int64")

    @property
    def codes(self) -> pd.DataFrame:
        rows = []
        for case in self.matrix.index:
            for sub in self.matrix.columns:
                rows.append(
                    {
                        "case_id": case,
                        "construct_id": sub,
                        "coder_id": "ref",
                        "code": int(self.matrix.loc[case, sub]),
                        "confidence": self.confidence.get((case, sub), "high"),
                    }
                )
        return pd.DataFrame(rows)

    def code_evidence(self, coder: str = "ref") -> pd.DataFrame:
        rows = []
        for case in self.matrix.index:
            for sub in self.matrix.columns:
                strengths = self.strength.get((case, sub), [])
                if not strengths:
                    rows.append(
                        {
                            "case_id": case,
                            "construct_id": sub,
                            "evidence_id": None,
                            "strength": None,
                        }
                    )
                for k, s in enumerate(strengths):
                    rows.append(
                        {
                            "case_id": case,
                            "construct_id": sub,
                            "evidence_id": f"{case}-e{k}",
                            "strength": s,
                        }
                    )
        return pd.DataFrame(rows, columns=["case_id", "construct_id", "evidence_id", "strength"])


MAPPING = {"s1": "tech", "s2": "tech", "s3": "cap", "s4": "cap", "s5": "inst"}


def small_book() -> FakeBook:
    """Three cases, five sub-dimensions in three elements; every code has strong evidence except
    (y, s2) and (z, s5) resting on weak evidence only and (x, s4), which cites nothing."""
    m = pd.DataFrame(
        {"s1": [3, 1, 2], "s2": [2, 1, 0], "s3": [1, 3, 2], "s4": [0, 2, 2], "s5": [2, 1, 3]},
        index=["x", "y", "z"],
    )
    strength = {(c, s): ["strong"] for c in m.index for s in m.columns}
    strength[("y", "s2")] = ["weak", "weak"]
    strength[("z", "s5")] = ["weak"]
    strength[("x", "s4")] = []
    strength[("x", "s1")] = ["weak", "strong"]  # one strong item: not uncertain
    confidence = {("y", "s3"): "low"}
    return FakeBook(m, MAPPING, strength, confidence)


def random_codes(
    n_cases: int, n_sub: int, n_el: int = 3, seed: int = 0
) -> tuple[pd.DataFrame, dict[str, str]]:
    rng = np.random.default_rng(seed)
    cols = [f"s{i:02d}" for i in range(n_sub)]
    df = pd.DataFrame(
        rng.integers(0, 4, size=(n_cases, n_sub)),
        index=[f"c{i:04d}" for i in range(n_cases)],
        columns=cols,
    )
    mapping = {c: f"e{i % n_el}" for i, c in enumerate(cols)}
    return df, mapping
