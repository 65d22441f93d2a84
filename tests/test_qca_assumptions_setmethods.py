"""find_rows, esa, lr_intersect and minimize(exclude=) against R QCA 3.25 / SetMethods 4.0.

Known answers from the setmethods reference (``tests/data/setmethods``): ``findRows`` of all
types on LF, LC and SCHF, ``esa`` on SCHF (the package example) and LF, the enhanced
parsimonious solution of SCHF, and ``LR.intersect`` on SCHF and LF.
"""

from __future__ import annotations

import pandas as pd
import pytest
from qca_setmethods_reference import SCHF_CONDITIONS, entry, frame, load

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca import esa, find_rows, lr_intersect, minimize, truth_table
from smartcase.qca.expression import parse_expression


@pytest.fixture(scope="module")
def tt_lf():
    return truth_table(load("LF"), "SURV", incl_cut=0.8)


@pytest.fixture(scope="module")
def tt_schf():
    return truth_table(load("SCHF"), "EXPORT", SCHF_CONDITIONS, incl_cut=0.9)


def _rows(entry_id: str) -> list[int]:
    return [int(r) for r in entry("findRows", entry_id)["result"]]


def test_setmethods_find_rows_lf(tt_lf) -> None:
    assert find_rows(tt_lf, "DEV*~IND*STB").index.tolist() == _rows("findRows_LF_type1")
    got = find_rows(tt_lf, "DEV*~IND*STB", observed=True).index.tolist()
    assert got == _rows("findRows_LF_type1_observed")
    assert find_rows(tt_lf, type=2).index.tolist() == _rows("findRows_LF_type2")
    cut = find_rows(tt_lf, type=2, incl_cut=0.9, pri_cut=0.7)
    assert cut.index.tolist() == _rows("findRows_LF_type2_cut")
    assert find_rows(tt_lf, type=3).empty and _rows("findRows_LF_type3") == []
    low = truth_table(load("LF"), "SURV", incl_cut=0.5)
    assert find_rows(low, type=3).index.tolist() == _rows("findRows_LF_type3_lowcut")
    every = find_rows(tt_lf, "DEV*~IND*STB", type=0)
    assert every.index.tolist() == _rows("findRows_LF_type0")
    assert every.loc[18, "type"] == "1" and every.loc[10, "type"] == "2"
    assert (every["OUT"] == "?").all()


def test_setmethods_find_rows_lc_and_schf(tt_schf) -> None:
    lc = truth_table(load("LC"), "SURV")
    assert find_rows(lc, "DEV*~IND*STB").index.tolist() == _rows("findRows_LC_type1")
    assert find_rows(tt_schf, type=2).index.tolist() == _rows("findRows_SCHF_type2")


@pytest.mark.parametrize(
    ("entry_id", "kwargs"),
    [
        (
            "esa_SCHF",
            {
                "nec_cond": ["STOCK+MA", "EMP"],
                "untenable_lr": "BARGAIN*~OCCUP",
                "contrad_rows": ["19", "14", "46", "51"],
            },
        ),
        ("esa_LF", {"nec_cond": "STB", "untenable_lr": "~DEV*IND"}),
    ],
)
def test_setmethods_esa(entry_id, kwargs, tt_lf, tt_schf) -> None:
    tt = tt_schf if entry_id == "esa_SCHF" else tt_lf
    ref = entry("esa", entry_id)
    new = esa(tt, **kwargs)
    expected = frame(ref["result"])["OUT"]
    got = new.rows["OUT"].reindex([int(r) for r in expected.index]).fillna("?")
    assert got.tolist() == expected.tolist()
    before = tt.rows["OUT"].reindex(range(1, tt.n_rows + 1)).fillna("?")
    after = new.rows["OUT"].reindex(range(1, tt.n_rows + 1)).fillna("?")
    changed = before.index[(before != after).to_numpy()].tolist()
    assert changed == [int(r) for r in ref["rows_set_to_0"]]
    pd.testing.assert_frame_equal(tt.rows, tt.rows.copy())  # the input is unchanged


def test_setmethods_enhanced_parsimonious_solution(tt_schf) -> None:
    new = esa(
        tt_schf,
        nec_cond=["STOCK+MA", "EMP"],
        untenable_lr="BARGAIN*~OCCUP",
        contrad_rows=[19, 14, 46, 51],
    )
    sol = minimize(new, include="?")
    ref = entry("minimize", "minimize_esa_SCHF")["result"]
    assert sol.models == (parse_expression(" + ".join(ref["solution"][0])),)
    assert sol.simplifying_assumptions["M1"].index.tolist() == [int(r) for r in ref["SA"]["M1"]]


def test_setmethods_lr_intersect(tt_schf, tt_lf) -> None:
    yp = minimize(tt_schf, include="?")
    nyp = minimize(truth_table(load("SCHF"), "~EXPORT", SCHF_CONDITIONS, incl_cut=0.9), include="?")
    expected = [int(r) for r in entry("LR.intersect", "LR.intersect_SCHF")["result"]]
    assert lr_intersect(yp, nyp).index.tolist() == expected
    # the second model of ~EXPORT adds rows 7 and 23 (find_rows type 2 uses every model)
    assert set(lr_intersect(yp, nyp, model2=1).index) - set(expected) == {7, 23}
    ps = minimize(tt_lf, include="?")
    nps = minimize(truth_table(load("LF"), "~SURV", incl_cut=0.8), include="?")
    expected = [int(r) for r in entry("LR.intersect", "LR.intersect_LF")["result"]]
    assert lr_intersect(ps, nps).index.tolist() == expected


def test_minimize_exclude_forms_agree(tt_lf) -> None:
    impossible = find_rows(tt_lf, "DEV*~IND*STB")
    by_frame = minimize(tt_lf, include="?", exclude=impossible)
    by_expr = minimize(tt_lf, include="?", exclude="DEV*~IND*STB")
    by_rows = minimize(tt_lf, include="?", exclude=[18, 26, 30])
    assert by_frame.models == by_expr.models == by_rows.models
    # rows 18, 26, 30 were simplifying assumptions of DEV*~IND; without them the term must
    # keep ~STB out: by hand, DEV*~IND covers 17, 18, 21, 22, 25, 26, 29, 30, and only the
    # remainders 17, 21, 25, 29 stay available, so DEV*~IND is no longer an implicant
    assert parse_expression("DEV*~IND") not in {t for m in by_rows.models for t in m.terms}
    for r in (18, 26, 30):
        assert by_rows.simplifying_assumptions["M1"].index.isin([r]).sum() == 0
    # observed rows keep their OUT (R): excluding row 22 (OUT = 1) changes nothing
    assert minimize(tt_lf, include="?", exclude=[22]).models == minimize(tt_lf, include="?").models


def test_bad_input(tt_lf) -> None:
    with pytest.raises(QCAError, match="argument 'exclude'.*unknown condition 'GDP'"):
        minimize(tt_lf, include="?", exclude="GDP*DEV")
    with pytest.raises(ArgumentError, match="argument 'exclude'"):
        minimize(tt_lf, include="?", exclude=[0, 40])
    with pytest.raises(QCAError, match="argument 'nec_cond'.*unknown condition"):
        esa(tt_lf, nec_cond="XX")
    with pytest.raises(QCAError, match="argument 'untenable_lr'"):
        esa(tt_lf, untenable_lr="DEV*(")
    with pytest.raises(ArgumentError, match="expression"):
        find_rows(tt_lf)
    with pytest.raises(ArgumentError, match="type"):
        find_rows(tt_lf, "DEV", type=4)
    with pytest.raises(ArgumentError, match="tt"):
        find_rows("LF", "DEV")
    cons = minimize(tt_lf)
    with pytest.raises(ArgumentError, match="conservative"):
        lr_intersect(cons, cons)
    lc = minimize(truth_table(load("LC"), "SURV", ["DEV", "URB", "LIT", "IND"]), include="?")
    with pytest.raises(ArgumentError, match="same conditions"):
        lr_intersect(minimize(tt_lf, include="?"), lc)
