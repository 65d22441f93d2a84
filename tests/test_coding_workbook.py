"""Tests of smartcase.coding_workbook: the blind second-coder workbook, reading it back,
adjudication and the evidence-assignment table."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import smartcase
from smartcase.coding_workbook import (
    CODING_COLUMNS,
    adjudicate,
    evidence_assignment,
    export_coding_workbook,
    read_coding_workbook,
)
from smartcase.errors import ArgumentError, WorkbookError
from smartcase.output import OutputExistsError
from smartcase.schema import split_ids

MINI = Path(__file__).resolve().parent / "data" / "mini_casebook"
COLUMN = {name: i + 1 for i, name in enumerate(CODING_COLUMNS)}


@pytest.fixture(scope="module")
def book() -> smartcase.CaseBook:
    return smartcase.load_cases()


@pytest.fixture(scope="module")
def mini() -> smartcase.CaseBook:
    return smartcase.load_cases(MINI)


def _labels(path: Path, book: smartcase.CaseBook) -> dict[str, str]:
    """evidence id -> the label shown in the workbook, found by the statement (not the key)."""
    wb = openpyxl.load_workbook(path)
    ev = book.evidence
    by_statement = {
        (c, s): e for e, c, s in zip(ev.index, ev["case_id"], ev["statement"], strict=True)
    }
    sheet_case = {f"ev_{c}": c for c in book.case_ids}
    out = {}
    for name in wb.sheetnames:
        if not name.startswith("ev_"):
            continue
        ws = wb[name]
        head = [c.value for c in ws[1]]
        col = head.index("statement")
        for row in ws.iter_rows(min_row=2, values_only=True):
            out[by_statement[(sheet_case[name], row[col])]] = row[0]
    return out


def _fill(
    path: Path,
    codes: pd.DataFrame,
    *,
    label: Callable[[str], str] = lambda e: e,
    edit: Callable[[openpyxl.worksheet.worksheet.Worksheet], None] | None = None,
) -> None:
    """Type one coder's codes into the coding sheet, as a coder would."""
    wb = openpyxl.load_workbook(path)
    ws = wb["coding"]
    rows = codes.set_index(["case_id", "construct_id"])
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, COLUMN["case_id"]).value, ws.cell(r, COLUMN["construct_id"]).value)
        if key not in rows.index:
            continue
        rec = rows.loc[key]
        ws.cell(r, COLUMN["code"]).value = int(rec["code"])
        ws.cell(r, COLUMN["confidence"]).value = rec["confidence"]
        ids = split_ids(rec["evidence_ids"])
        ws.cell(r, COLUMN["evidence_ids"]).value = "; ".join(label(e) for e in ids) or None
        ws.cell(r, COLUMN["rationale"]).value = rec["rationale"]
    if edit is not None:
        edit(ws)
    wb.save(path)


def _ref(book: smartcase.CaseBook) -> pd.DataFrame:
    return book.codes[book.codes["coder_id"] == "ref"].reset_index(drop=True)


# ------------------------------------------------------------------ round trip
def test_round_trip_gives_back_what_was_typed(tmp_path: Path, book: smartcase.CaseBook) -> None:
    path = export_coding_workbook(book, tmp_path / "c3.xlsx", coder="c3")
    ref = _ref(book)
    _fill(path, ref)
    back = read_coding_workbook(path)
    assert list(back.columns) == list(book.codes.columns)
    assert (back["coder_id"] == "c3").all()
    expected = ref.assign(coder_id="c3")
    key = ["case_id", "construct_id"]
    got = back.sort_values(key).reset_index(drop=True)
    want = expected.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    # the coding is usable at once: reliability against ref is perfect
    res = smartcase.reliability(pd.concat([book.codes, back]), coders=["ref", "c3"], n_boot=0)
    assert res.alpha == 1.0 and res.disagreements.empty


def test_round_trip_with_hidden_subdimensions(tmp_path: Path, book: smartcase.CaseBook) -> None:
    path = export_coding_workbook(
        book, tmp_path / "c3.xlsx", coder="c3", hide_subdimension=True, seed=3
    )
    labels = _labels(path, book)
    assert set(labels) == set(book.evidence.index)
    assert all(lab.split("-x")[0] == book.evidence.at[e, "case_id"] for e, lab in labels.items())
    ref = _ref(book)
    _fill(path, ref, label=labels.__getitem__)
    back = read_coding_workbook(path)
    merged = back.merge(ref, on=["case_id", "construct_id"], suffixes=("", "_ref"))
    assert len(merged) == len(ref)
    assert (merged["evidence_ids"].fillna("") == merged["evidence_ids_ref"].fillna("")).all()
    assert (merged["code"] == merged["code_ref"]).all()
    assignment = evidence_assignment(back, book)
    assert len(assignment) > 0 and assignment["same"].all()


def test_evidence_filed_elsewhere_is_accepted_when_hidden_and_measured(
    tmp_path: Path, mini: smartcase.CaseBook
) -> None:
    path = export_coding_workbook(mini, tmp_path / "c.xlsx", coder="c3", hide_subdimension=True)
    labels = _labels(path, mini)
    codes = _ref(mini)
    # cite alpha-e003 (filed under strategy_plan) for open_data as well
    i = codes.index[(codes.case_id == "alpha") & (codes.construct_id == "open_data")][0]
    codes.loc[i, "evidence_ids"] = codes.loc[i, "evidence_ids"] + ";alpha-e003"
    _fill(path, codes, label=labels.__getitem__)
    back = read_coding_workbook(path)
    table = evidence_assignment(back, mini, coder="c3")
    wrong = table[~table["same"]]
    assert wrong[["construct_id", "evidence_id", "filed_under"]].values.tolist() == [
        ["open_data", "alpha-e003", "strategy_plan"]
    ]
    # with sub-dimensions shown, the same citation is refused
    shown = export_coding_workbook(mini, tmp_path / "d.xlsx", coder="c3")
    _fill(shown, codes)
    with pytest.raises(
        WorkbookError,
        match=r"sheet 'coding', cell H\d+, field 'evidence_ids': code cites evidence of another sub-dimension",
    ):
        read_coding_workbook(shown)


# ------------------------------------------------------------------ blindness
def _all_cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:  # hidden sheets too
        for row in ws.iter_rows(values_only=True):
            out += [str(v) for v in row if v is not None]
    return out


def test_blind_workbook_holds_no_code_rationale_or_note(
    tmp_path: Path, book: smartcase.CaseBook
) -> None:
    from xml.sax.saxutils import escape

    path = export_coding_workbook(book, tmp_path / "blind.xlsx", coder="c3")
    text = "\n".join(_all_cells(path))
    # also the raw XML parts, in case something sits outside the cells (comments, names)
    with zipfile.ZipFile(path) as zf:
        raw = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    rationales = [r for r in book.codes["rationale"].dropna() if len(r) > 15]
    assert rationales
    for r in rationales:
        assert r not in text and escape(r) not in raw
    notes = [n for n in book.evidence["note"].dropna() if len(n) > 15]
    for n in notes:
        assert n not in text
    # the coding sheet's input columns are empty
    ws = openpyxl.load_workbook(path)["coding"]
    for col in ("code", "confidence", "evidence_ids", "rationale"):
        assert all(ws.cell(r, COLUMN[col]).value is None for r in range(2, ws.max_row + 1))
    assert [c.value for c in ws[1]] == list(CODING_COLUMNS)


def test_blind_workbook_does_not_depend_on_the_codes(
    tmp_path: Path, book: smartcase.CaseBook
) -> None:
    """Change every code, confidence, citation and rationale: the workbook's bytes stay the same."""
    codes = book.codes.copy()
    codes["code"] = 3 - codes["code"]
    codes["confidence"] = "high"
    codes["rationale"] = "changed"
    codes["evidence_ids"] = codes["evidence_ids"].map(
        lambda x: ";".join(reversed(x.split(";"))) if isinstance(x, str) else x
    )
    other = replace(book, codes=codes)
    a = export_coding_workbook(book, tmp_path / "a.xlsx", coder="c3", seed=5).read_bytes()
    b = export_coding_workbook(other, tmp_path / "b.xlsx", coder="c3", seed=5).read_bytes()
    assert a == b
    # while the open (not blind) workbook does show them
    c = export_coding_workbook(book, tmp_path / "c.xlsx", coder="c3", seed=5, blind=False)
    d = export_coding_workbook(other, tmp_path / "d.xlsx", coder="c3", seed=5, blind=False)
    assert c.read_bytes() != d.read_bytes()
    assert "changed" in _all_cells(d)


def test_hidden_subdimensions_are_not_on_the_evidence_sheets(
    tmp_path: Path, book: smartcase.CaseBook
) -> None:
    path = export_coding_workbook(book, tmp_path / "h.xlsx", coder="c3", hide_subdimension=True)
    fw = book.framework
    names = {*fw.subdimensions.index, *fw.subdimensions["label"], *fw.elements["label"]}
    names |= set(fw.elements.index)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if not ws.title.startswith("ev_"):
            continue
        head = [c.value for c in ws[1]]
        assert "subdimension_id" not in head and "element" not in head
        for row in ws.iter_rows(values_only=True):
            assert not names & {v for v in row if isinstance(v, str)}
            assert not any(isinstance(v, str) and v in set(book.evidence.index) for v in row)


def test_shuffle_is_seeded(tmp_path: Path, book: smartcase.CaseBook) -> None:
    def order(path: Path) -> list[str]:
        ws = openpyxl.load_workbook(path)["ev_busan"]
        return [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]

    a = export_coding_workbook(book, tmp_path / "a.xlsx", coder="c3", seed=1)
    b = export_coding_workbook(book, tmp_path / "b.xlsx", coder="c3", seed=1)
    c = export_coding_workbook(book, tmp_path / "c.xlsx", coder="c3", seed=2)
    plain = export_coding_workbook(book, tmp_path / "p.xlsx", coder="c3", shuffle=False)
    busan = list(book.evidence.index[book.evidence["case_id"] == "busan"])
    assert a.read_bytes() == b.read_bytes()
    assert order(a) != order(c) and sorted(order(a)) == sorted(busan)
    assert order(plain) == busan


# ------------------------------------------------------------------ bad input
def _edited(tmp_path: Path, mini: smartcase.CaseBook, edit) -> Path:
    path = export_coding_workbook(mini, tmp_path / "e.xlsx", coder="c3", overwrite=True)
    _fill(path, _ref(mini), edit=edit)
    return path


def _set(cell: str, value: object):
    def edit(ws) -> None:
        ws[cell] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _set("F2", 4),
            r"cell F2, field 'code': code outside the rubric \(expected 0, 1, 2 or 3, found 4\)",
        ),
        (_set("F3", 2.5), r"cell F3, field 'code': code outside the rubric"),
        (_set("F2", "high"), r"cell F2, field 'code': code is not a number"),
        (_set("F2", None), r"cell F2, field 'code': code not filled in"),
        (_set("G2", "sure"), r"cell G2, field 'confidence': confidence not one of the levels"),
        (
            _set("H2", "beta-e001"),
            r"cell H2, field 'evidence_ids': evidence id not listed for this case .*'beta-e001'",
        ),
        (_set("I4", " "), r"cell I4, field 'rationale': rationale missing"),
        (_set("C2", "nonsense"), r"cell C2, field 'construct_id': unknown case or construct"),
        (
            _set("C3", "ict_infrastructure"),
            r"cell C3, field 'construct_id': case and construct given twice",
        ),
        (_set("F2", "=1+1"), r"cell F2: formula cell"),
        (_set("F1", "level"), r"cell F1: changed header \(expected 'code', found 'level'\)"),
    ],
    ids=[
        "code-4",
        "code-2.5",
        "code-text",
        "code-blank",
        "confidence",
        "other-case",
        "no-rationale",
        "unknown-construct",
        "duplicate",
        "formula",
        "header",
    ],
)
def test_read_errors_name_sheet_cell_and_field(
    tmp_path: Path, mini: smartcase.CaseBook, edit, message: str
) -> None:
    path = _edited(tmp_path, mini, edit)
    with pytest.raises(WorkbookError, match=r"e\.xlsx, sheet 'coding', " + message):
        read_coding_workbook(path)


def test_nonzero_code_needs_evidence(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    def edit(ws) -> None:
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, COLUMN["evidence_ids"]).value is None:
                ws.cell(r, COLUMN["code"]).value = 2
                return

    with pytest.raises(
        WorkbookError, match=r"field 'evidence_ids': a non-zero code must cite evidence"
    ):
        read_coding_workbook(_edited(tmp_path, mini, edit))


def test_partial_and_deleted_rows(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    path = _edited(tmp_path, mini, _set("F2", None))
    back = read_coding_workbook(path, partial=True)
    assert len(back) == len(_ref(mini)) - 1

    def delete(ws) -> None:
        ws.delete_rows(5)

    with pytest.raises(WorkbookError, match="rows deleted from the coding sheet"):
        read_coding_workbook(_edited(tmp_path, mini, delete))


def test_not_a_coding_workbook(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    other = smartcase.export_workbook(mini, tmp_path / "cases.xlsx")
    with pytest.raises(WorkbookError, match="missing sheet"):
        read_coding_workbook(other)
    text = tmp_path / "x.xlsx"
    text.write_text("code,confidence\n")
    with pytest.raises(WorkbookError, match="not an xlsx workbook"):
        read_coding_workbook(text)
    path = export_coding_workbook(mini, tmp_path / "s.xlsx", coder="c3")
    wb = openpyxl.load_workbook(path)
    wb["settings"]["B1"] = "something else"
    wb.save(path)
    with pytest.raises(
        WorkbookError, match=r"sheet 'settings', cell B1: not a smartcase coding workbook"
    ):
        read_coding_workbook(path)


def test_export_arguments(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    target = tmp_path / "w.xlsx"
    with pytest.raises(
        ArgumentError, match=r"argument 'coder': expected a new coder id .*found 'ref'"
    ):
        export_coding_workbook(mini, target, coder="ref")
    with pytest.raises(ArgumentError, match="argument 'coder'"):
        export_coding_workbook(mini, target, coder="Second Coder")
    with pytest.raises(ArgumentError, match="argument 'cases'"):
        export_coding_workbook(mini, target, coder="c3", cases=["gamma"])
    with pytest.raises(ArgumentError, match="argument 'seed'"):
        export_coding_workbook(mini, target, coder="c3", seed=-1)
    with pytest.raises(ArgumentError, match="argument 'blind'"):
        export_coding_workbook(mini, target, coder="c3", blind="yes")  # type: ignore[arg-type]
    assert not target.exists()
    target.write_bytes(b"precious")
    with pytest.raises(OutputExistsError):
        export_coding_workbook(mini, target, coder="c3")
    assert target.read_bytes() == b"precious"
    one = export_coding_workbook(mini, tmp_path / "one.xlsx", coder="c3", cases=["beta"])
    ws = openpyxl.load_workbook(one)["coding"]
    assert {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)} == {"beta"}


# ------------------------------------------------------------------ adjudication
def test_adjudicate_the_bundled_disagreements(book: smartcase.CaseBook) -> None:
    res = smartcase.reliability(book, n_boot=0)
    d = res.disagreements
    decisions = pd.DataFrame(
        {
            "case": d["case_id"],
            "construct": d["construct_id"],
            "code": d["code_ref"].astype(int),
            "reason": "Kept the lower level: the anchor of the higher one is not documented.",
        }
    )
    out = adjudicate(book.codes, decisions)
    cons = out[out["coder_id"] == "consensus"].set_index(["case_id", "construct_id"])
    assert len(cons) == 115
    pd.testing.assert_frame_equal(out.iloc[: len(book.codes)], book.codes)
    ref = book.codes[book.codes.coder_id == "ref"].set_index(["case_id", "construct_id"])
    c2 = book.codes[book.codes.coder_id == "c2"].set_index(["case_id", "construct_id"])
    assert (cons["code"] == ref["code"]).all()
    for unit in zip(d["case_id"], d["construct_id"], strict=True):
        r = cons.at[unit, "rationale"]
        assert r.startswith("Decided: Kept the lower level")
        assert f"ref {ref.at[unit, 'code']}, c2 {c2.at[unit, 'code']}" in r
        assert f"ref: {ref.at[unit, 'rationale']}" in r and f"c2: {c2.at[unit, 'rationale']}" in r
    agreed = [
        u for u in cons.index if u not in set(zip(d["case_id"], d["construct_id"], strict=True))
    ]
    assert all(cons.at[u, "rationale"].startswith("Agreed (ref") for u in agreed)
    # evidence: every id either coder cited; confidence: the lower one
    unit = ("helsinki", "innovation")
    cited = set(ref.at[unit, "evidence_ids"].split(";")) | set(
        c2.at[unit, "evidence_ids"].split(";")
    )
    assert set(cons.at[unit, "evidence_ids"].split(";")) == cited
    rank = {"low": 0, "medium": 1, "high": 2}
    for u in cons.index:
        assert rank[cons.at[u, "confidence"]] == min(
            rank[ref.at[u, "confidence"]], rank[c2.at[u, "confidence"]]
        )
    # reliability still runs on the two codings alone
    assert smartcase.reliability(out, coders=["ref", "c2"], n_boot=0).alpha == pytest.approx(
        res.alpha
    )


def test_adjudicate_refuses_what_it_cannot_decide(book: smartcase.CaseBook) -> None:
    codes = book.codes
    dis = smartcase.reliability(codes, n_boot=0).disagreements
    first = f"{dis.iloc[0]['case_id']}/{dis.iloc[0]['construct_id']}"
    with pytest.raises(
        ArgumentError, match=rf"no decision for {len(dis)} disagreement\(s\): {first}"
    ):
        adjudicate(codes, pd.DataFrame(columns=["case_id", "construct_id", "code", "reason"]))
    one = pd.DataFrame(
        {"case_id": ["busan"], "construct_id": ["data_platform"], "code": [2], "reason": ["x"]}
    )
    with pytest.raises(ArgumentError, match="code 5"):
        adjudicate(codes, one.assign(code=5))
    with pytest.raises(ArgumentError, match="no reason"):
        adjudicate(codes, one.assign(reason=" "))
    with pytest.raises(ArgumentError, match="missing: reason"):
        adjudicate(codes, one.drop(columns="reason"))
    with pytest.raises(ArgumentError, match=r"case 'tokyo'"):
        adjudicate(codes, one.assign(case_id="tokyo"))
    with pytest.raises(ArgumentError, match="twice"):
        adjudicate(codes, pd.concat([one, one]))
    with pytest.raises(ArgumentError, match="at least two coders"):
        adjudicate(codes, one, coders=["ref"])
    done = adjudicate(codes, smartcase_decisions(book))
    with pytest.raises(ArgumentError, match="adjudicate once"):
        adjudicate(done, one)


def smartcase_decisions(book: smartcase.CaseBook) -> pd.DataFrame:
    d = smartcase.reliability(book, n_boot=0).disagreements
    return pd.DataFrame(
        {
            "case_id": d["case_id"],
            "construct_id": d["construct_id"],
            "code": d["code_c2"].astype(int),
            "reason": "Took the higher level.",
            "confidence": "low",
        }
    )


def test_decision_overrides_confidence_and_evidence(book: smartcase.CaseBook) -> None:
    decisions = smartcase_decisions(book)
    extra = pd.DataFrame(
        {
            "case_id": ["busan"],
            "construct_id": ["digital_twin"],
            "code": [1],
            "reason": ["A plan counts as emerging."],
            "confidence": ["low"],
            "evidence_ids": [None],
        }
    )
    agreed_zero = book.codes[
        (book.codes.case_id == "busan")
        & (book.codes.construct_id == "digital_twin")
        & (book.codes.coder_id == "ref")
    ]
    if agreed_zero["code"].iloc[0] == 0 and not isinstance(
        agreed_zero["evidence_ids"].iloc[0], str
    ):
        with pytest.raises(ArgumentError, match="without evidence"):
            adjudicate(book.codes, pd.concat([decisions, extra]))
    out = adjudicate(book.codes, decisions)
    cons = out[out.coder_id == "consensus"].set_index(["case_id", "construct_id"])
    assert cons.at[("busan", "data_platform"), "confidence"] == "low"
    assert cons.at[("busan", "data_platform"), "code"] == 2
