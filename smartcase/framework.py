"""The analytical framework: three elements, their sub-dimensions, the outcome and the rubric.

Kim & Lim (2020) name three ideal-typical elements of smart-city innovation: technology, data
and infrastructure; innovative capacity; institutional setting. smartcase operationalises each
element by sub-dimensions with a MacQueen-style codebook entry and a four-level ordinal rubric
(0 absent, 1 emerging, 2 developing, 3 established), and defines the outcome ``innovation``
(people-oriented smart-city innovation) with its own rubric. The report's own sub-elements are
not public; the sub-dimensions are smartcase's.

Examples
--------
>>> fw = load_framework()
>>> list(fw.elements.index)
['technology', 'capacity', 'institutions']
>>> fw.element_of("living_lab")
'capacity'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ArgumentError, DataError
from .paths import bundled_data_dir
from .schema import check_foreign_keys, origin, read_table, table_specs

__all__ = ["Framework", "load_framework", "LEVEL_LABELS"]

#: Names of the four rubric levels.
LEVEL_LABELS: dict[int, str] = {0: "absent", 1: "emerging", 2: "developing", 3: "established"}
FRAMEWORK_TABLES = ("elements", "codebook", "rubric")


@dataclass(frozen=True, repr=False)
class Framework:
    """The three elements, the codebook (sub-dimensions and outcome) and the rubric.

    Attributes
    ----------
    elements : pandas.DataFrame
        Indexed by ``element_id`` in framework order; columns ``order, label, definition, basis``.
    codebook : pandas.DataFrame
        Indexed by ``construct_id`` (every sub-dimension and the outcome), in framework order;
        columns ``kind, element_id, order, label, short_definition, full_definition,
        when_to_use, when_not_to_use, example``.
    rubric : pandas.DataFrame
        Columns ``construct_id, level, level_label, anchor``.
    source_dir : Path
        The folder the framework was read from.
    """

    elements: pd.DataFrame
    codebook: pd.DataFrame
    rubric: pd.DataFrame
    source_dir: Path

    @property
    def subdimensions(self) -> pd.DataFrame:
        """Codebook rows of the sub-dimensions, in framework order (element, then order)."""
        return self.codebook[self.codebook["kind"] == "subdimension"]

    @property
    def outcome(self) -> pd.DataFrame:
        """Codebook rows of the outcome construct(s) (``innovation``)."""
        return self.codebook[self.codebook["kind"] == "outcome"]

    @property
    def element_ids(self) -> tuple[str, ...]:
        """Element ids in framework order."""
        return tuple(self.elements.index)

    @property
    def subdimension_ids(self) -> tuple[str, ...]:
        """Sub-dimension ids in framework order."""
        return tuple(self.subdimensions.index)

    @property
    def outcome_ids(self) -> tuple[str, ...]:
        """Outcome ids (normally just ``('innovation',)``)."""
        return tuple(self.outcome.index)

    def element_of(self, subdimension: str) -> str:
        """Return the element a sub-dimension belongs to.

        Raises
        ------
        ArgumentError
            If ``subdimension`` is not a sub-dimension of the framework.

        Examples
        --------
        >>> load_framework().element_of("open_data")
        'technology'
        """
        self.check_construct(subdimension, kind="subdimension")
        return str(self.codebook.at[subdimension, "element_id"])

    def subdimensions_of(self, element: str) -> list[str]:
        """Sub-dimension ids of an element, in order.

        Examples
        --------
        >>> load_framework().subdimensions_of("technology")[:2]
        ['ict_infrastructure', 'iot_sensors']
        """
        if element not in self.elements.index:
            raise ArgumentError(
                "element", repr(element), "one of " + ", ".join(map(repr, self.elements.index))
            )
        sub = self.subdimensions
        return list(sub.index[sub["element_id"] == element])

    def check_construct(
        self, construct: str, *, kind: str | None = None, argument: str = "subdimension"
    ) -> str:
        """Raise :class:`ArgumentError` unless ``construct`` is a known construct of ``kind``."""
        ids = (
            self.codebook.index
            if kind is None
            else self.codebook.index[self.codebook["kind"] == kind]
        )
        if construct not in ids:
            shown = ", ".join(map(repr, ids[:6])) + (", ..." if len(ids) > 6 else "")
            raise ArgumentError(
                argument, repr(construct), f"a known {kind or 'construct'} id ({shown})"
            )
        return construct

    def anchor(self, construct: str, level: int) -> str:
        """Return the rubric anchor of ``construct`` at ``level`` (0-3).

        Examples
        --------
        >>> load_framework().anchor("open_data", 0).startswith("No")
        True
        """
        self.check_construct(construct, argument="construct")
        if level not in LEVEL_LABELS:
            raise ArgumentError("level", repr(level), "0, 1, 2 or 3")
        r = self.rubric
        row = r[(r["construct_id"] == construct) & (r["level"] == level)]
        return str(row["anchor"].iloc[0])

    def table(self) -> pd.DataFrame:
        """The framework as one table (elements, sub-dimensions and outcome with short definitions).

        Returns
        -------
        pandas.DataFrame
            Columns ``element, construct_id, label, short_definition``; the outcome last.

        Examples
        --------
        >>> t = load_framework().table()
        >>> t.iloc[-1]["construct_id"]
        'innovation'
        """
        rows = []
        for cid, rec in self.codebook.iterrows():
            element = (
                self.elements.at[rec["element_id"], "label"]
                if rec["kind"] == "subdimension"
                else "Outcome"
            )
            rows.append(
                {
                    "element": element,
                    "construct_id": cid,
                    "label": rec["label"],
                    "short_definition": rec["short_definition"],
                }
            )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        lines = [
            f"Framework: {len(self.elements)} elements, {len(self.subdimensions)} sub-dimensions, outcome {', '.join(self.outcome_ids)}"
        ]
        for eid, rec in self.elements.iterrows():
            subs = self.subdimensions_of(str(eid))
            lines.append(f"  {eid} ({rec['label']}): {', '.join(subs)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.table().to_html(index=False, escape=True)


def _framework_dir(data_dir: str | Path | None) -> Path:
    if data_dir is not None:
        candidate = Path(data_dir) / "framework"
        if candidate.is_dir():
            return candidate
    return bundled_data_dir() / "framework"


def load_framework(data_dir: str | Path | None = None) -> Framework:
    """Load the framework: elements, codebook and rubric.

    Parameters
    ----------
    data_dir : str or Path, optional
        A case-base folder. Its ``framework/`` sub-folder is used when present; otherwise (and
        by default) the bundled framework.

    Returns
    -------
    Framework

    Raises
    ------
    DataError
        Malformed framework files; a sub-dimension without an element; an outcome with an
        element; a construct whose rubric lacks one of the levels 0-3.

    Examples
    --------
    >>> fw = load_framework()
    >>> fw.outcome_ids
    ('innovation',)
    >>> len(fw.subdimensions_of("capacity")) >= 4
    True
    """
    folder = _framework_dir(data_dir)
    specs = table_specs()
    tables = {
        name: read_table(folder / Path(specs[name].path).name, specs[name])
        for name in FRAMEWORK_TABLES
    }
    check_foreign_keys(tables, specs)
    codebook = tables["codebook"]
    for i, rec in codebook.iterrows():
        file, line = origin(codebook, int(i))
        if rec["kind"] == "subdimension" and pd.isna(rec["element_id"]):
            raise DataError(
                "a sub-dimension needs an element",
                file=file,
                line=line,
                field="element_id",
                expected="an element id",
                found="an empty cell",
            )
        if rec["kind"] == "outcome" and not pd.isna(rec["element_id"]):
            raise DataError(
                "the outcome belongs to no element",
                file=file,
                line=line,
                field="element_id",
                expected="an empty cell",
                found=repr(rec["element_id"]),
            )
    rubric = tables["rubric"]
    for cid in codebook["construct_id"]:
        levels = sorted(int(v) for v in rubric.loc[rubric["construct_id"] == cid, "level"])
        if levels != [0, 1, 2, 3]:
            raise DataError(
                "rubric incomplete",
                file=folder / "rubric.csv",
                field=cid,
                expected="an anchor for each level 0, 1, 2, 3",
                found=f"levels {levels}",
            )
    for _, rec in rubric.iterrows():
        if LEVEL_LABELS[int(rec["level"])] != rec["level_label"]:
            raise DataError(
                "level label does not match level",
                file=folder / "rubric.csv",
                field=f"{rec['construct_id']} level {rec['level']}",
                expected=repr(LEVEL_LABELS[int(rec["level"])]),
                found=repr(rec["level_label"]),
            )
    elements = tables["elements"].sort_values("order", kind="stable").set_index("element_id")
    elem_rank = {e: k for k, e in enumerate(elements.index)}
    codebook = codebook.assign(
        _e=[elem_rank.get(e, len(elem_rank)) for e in codebook["element_id"]]
    )
    codebook = (
        codebook.sort_values(["_e", "order"], kind="stable")
        .drop(columns="_e")
        .set_index("construct_id")
    )
    construct_rank = {c: k for k, c in enumerate(codebook.index)}
    rubric = (
        rubric.assign(_c=[construct_rank[c] for c in rubric["construct_id"]])
        .sort_values(["_c", "level"], kind="stable")
        .drop(columns="_c")
        .reset_index(drop=True)
    )
    for df in (elements, codebook, rubric):
        df.attrs = {}
    return Framework(elements=elements, codebook=codebook, rubric=rubric, source_dir=folder)
