"""Tests of the computed findings: every number in a sentence is recorded and read from the data,
known answers on the five-case fixture, and sentences that follow a change in the data."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from casebooks import FIVE, load

from smartcase import findings as F
from smartcase import membership, scoring
from smartcase.approach import combined_approach
from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError
from smartcase.qca.minimization import minimize
from smartcase.qca.truthtable import truth_table
from smartcase.strategy import diagnose_stage

# a number in running text: not part of an id (busan-e012, s2) or a word (3D); negatives carry
# a minus sign (U+2212)
NUMBER = re.compile(r"(?<![\w.\-\u2020@])\u2212?\d+(?:\.\d+)?(?![\w@])")


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _shown_as(token: str, value: float) -> bool:
    """Whether ``token`` is ``value`` rounded to the token's decimals (or as a percentage)."""
    decimals = len(token.split(".")[1]) if "." in token else 0
    half = 0.5 * 10**-decimals + 1e-9
    t = float(token.replace("\u2212", "-"))
    return abs(t - value) <= half or abs(t - 100 * value) <= half


def check_numbers(df: pd.DataFrame) -> None:
    """Every number stated is recorded, and every recorded number is stated."""
    assert list(df.columns) == list(F.FINDING_COLUMNS)
    for rec in df.itertuples(index=False):
        tokens = NUMBER.findall(rec.sentence)
        values = list(rec.numbers.values())
        for t in tokens:
            assert any(_shown_as(t, v) for v in values), (t, rec.sentence, rec.numbers)
        for name, v in rec.numbers.items():
            assert any(_shown_as(t, v) for t in tokens), (name, v, rec.sentence)


def all_findings(book) -> list[pd.DataFrame]:
    names = book.cases["name"]
    out = [
        F.comparison_findings(book),
        F.comparison_findings(book, scale="0-3"),
        F.contrast_findings(book),
        F.evidence_quality_findings(book),
        F.typology_findings(book),
        F.evidence_findings(book),
        F.stage_findings(book),
        F.approach_findings(book),
        F.approach_findings(combined_approach(book, scale="0-3")),
    ]
    for case in book.case_ids:
        out += [F.case_findings(book, case), F.case_caveats(book, case)]
    fz = membership.case_memberships(book)
    tt = truth_table(fz, "innovation", ["technology", "capacity", "institutions"], incl_cut=0.8)
    sols = {"conservative": minimize(tt), "parsimonious": minimize(tt, include="?")}
    out.append(F.qca_findings(membership.solution_table(sols), names=names))
    robust = membership.calibration_robustness(
        book,
        {
            "fuzzy, crossover 1.5": ("fuzzy", membership.FUZZY_ANCHORS),
            "fuzzy, crossover 1.25": ("fuzzy", "e=0.5, c=1.25, i=2.5"),
            "crisp, threshold 2": ("crisp", 2.0),
        },
    )
    out += [F.robustness_findings(robust), F.robustness_findings(robust, solution="parsimonious")]
    scores = scoring.composite(book)
    unc = scoring.uncertainty(book, n=200, seed=1)
    out.append(F.score_findings(scores, unc.summary, names=names))
    out += new_findings(book)
    return out


def new_findings(book) -> list[pd.DataFrame]:
    """The findings under the tables and figures of the notebooks (issue 11, phase 2)."""
    from smartcase import publish, walkthrough
    from smartcase.contrast import lessons
    from smartcase.strategy import load_strategies

    labels = {
        **publish.display_names(book),
        "codes": "weakly evidenced codes (±1)",
        "weights": "weights (±25 %)",
    }
    groups = list(dict.fromkeys(book.cases["group"]))
    fz = membership.case_memberships(book)
    tt = truth_table(fz, "innovation", ["technology", "capacity", "institutions"], incl_cut=0.8)
    nec = __import__("smartcase").qca.parameters_of_fit(
        fz[["technology", "capacity", "institutions"]], "innovation", fz, relation="necessity"
    )
    unc = scoring.uncertainty(book, n=200, seed=1)
    sens = scoring.sensitivity(book, n=64, seed=0)
    out = [
        F.framework_findings(book),
        F.overview_findings(book),
        F.programme_findings(book),
        F.meta_findings(book),
        F.timeline_findings(book),
        F.reliability_findings(__import__("smartcase").reliability(book, seed=0), book),
        F.calibration_findings(membership.calibration_table(book), names=labels),
        F.truth_table_findings(tt),
        F.necessity_findings(nec, outcome="innovation"),
        F.fit_findings(
            fz,
            "innovation",
            [("capacity*institutions", "sufficiency"), ("technology", "necessity")],
        ),
        F.interval_findings(unc.element_summary, names=labels, factor=3 / 100),
        F.rank_frequency_findings(unc.rank_share, names=labels),
        F.sensitivity_findings(sens.indices, names=labels),
        F.variant_findings(scoring.one_at_a_time(book), names=labels),
        F.coherence_findings(scoring.coherence(book, within=False).table, names=labels),
        F.stage_model_findings(book),
        F.strategy_findings(walkthrough.recommendations(book, n=3), book),
        F.lesson_findings(lessons(book, learn_from=groups[-1], learn_for=groups[0]), book),
        F.catalogue_findings(load_strategies(), book),
    ]
    for case in book.case_ids:
        out += [
            F.programme_findings(book, case),
            F.timeline_findings(book, case),
            F.case_profile_findings(book, case),
            F.code_evidence_findings(book, case),
            F.case_evidence_findings(book, case),
            F.source_findings(book, case),
            F.narrative_findings(book, case),
        ]
    return out


@pytest.mark.parametrize("name", ["five", "bundled"])
def test_every_number_in_every_sentence_is_recorded(name: str) -> None:
    for df in all_findings(load(name)):
        assert len(df) > 0
        check_numbers(df)


# ----------------------------------------------------------------------------- known answers
def test_comparison_known_answers() -> None:
    f = F.comparison_findings(load("five"), scale="0-1").set_index("subject")
    # technology: eastport 3,3,3,2,2,3,3 = 19; eastfield 2,2,1,1,0,2,1 = 9 (of 21)
    tech = f.loc["technology"]
    assert tech["numbers"]["highest"] == pytest.approx(19 / 21)
    assert tech["numbers"]["lowest"] == pytest.approx(9 / 21)
    assert tech["sentence"] == (
        "On technology, data and infrastructure Eastport scores highest (0.90) and Eastfield "
        "lowest (0.43), on a scale from 0 to 1 (mean code / 3)."
    )
    cap = f.loc["capacity"]
    assert (
        "Westholm and Westbury score highest (0.86) and Eastvale lowest (0.14)" in cap["sentence"]
    )
    varied = f[f["key"] == "most_varied"].iloc[0]
    assert (
        varied.name
        == "digital_twin;citizen_participation;co_creation;social_innovation;public_private_partnership"
    )
    assert "(codes from 0 to 3)" in varied["sentence"]


def test_contrast_known_answers() -> None:
    f = F.contrast_findings(load("five"))
    cap = f[(f["key"] == "element_gap") & (f["subject"] == "capacity")].iloc[0]
    # West: (18 + 18) / 14; East: (6 + 3 + 10) / 21
    assert cap["numbers"]["mean_West"] == pytest.approx(18 / 7)
    assert cap["numbers"]["mean_East"] == pytest.approx(19 / 21)
    assert cap["numbers"]["difference"] == pytest.approx(18 / 7 - 19 / 21)
    assert (
        "the West cases (n=2) average 2.57 against 0.90 for the East cases (n=3)" in cap["sentence"]
    )
    overall = f[f["key"] == "overall"].iloc[0]
    assert overall["sentence"].startswith("The West cases are ahead on 2 of 3 elements")
    small = f[f["key"] == "small_n"].iloc[0]
    assert small["sentence"].startswith("The groups hold 3 (East) and 2 (West) cases")


def test_case_findings_known_answers() -> None:
    f = F.case_findings(load("five"), "eastfield", scale="0-1")
    tech = f[(f["key"] == "element") & (f["subject"] == "technology")].iloc[0]
    # others: eastport 19, eastvale 17, westholm 14, westbury 13 (of 21): median 15.5 / 21
    assert tech["numbers"]["median"] == pytest.approx(15.5 / 21)
    assert tech["numbers"]["rank"] == 5
    assert "below the median of the other 4 cases (0.74); it ranks 5 of 5." in tech["sentence"]
    weakest = f[f["key"] == "weakest"].iloc[0]
    assert weakest["subject"] == "digital_twin;public_private_partnership;monitoring_evaluation"
    assert "not found in the sources consulted" in weakest["sentence"]


def test_case_caveats_counted_independently() -> None:
    book = load("five")
    evidence = {r["evidence_id"]: r for r in rows(FIVE, "evidence")}
    for case in book.case_ids:
        f = F.case_caveats(book, case).set_index("key")
        codes = [r for r in rows(FIVE, "codes") if r["case_id"] == case and r["coder_id"] == "ref"]
        single = [
            r["construct_id"]
            for r in codes
            if r["code"] != "0"
            and len({evidence[e]["source_id"] for e in r["evidence_ids"].split(";") if e}) == 1
        ]
        zeros = [r["construct_id"] for r in codes if r["code"] == "0" and not r["evidence_ids"]]
        low = [r["construct_id"] for r in codes if r["confidence"] == "low"]
        for key, ids in (
            ("single_source", single),
            ("not_found_zero", zeros),
            ("low_confidence", low),
        ):
            if ids:
                assert f.loc[key, "subject"] == ";".join(ids)
                assert f.loc[key, "numbers"]["codes"] == len(ids)
            else:
                assert key not in f.index
        mine = [e for e in evidence.values() if e["case_id"] == case]
        strong = sum(e["strength"] == "strong" for e in mine) / len(mine)
        assert f.loc["profile", "numbers"]["strong"] == pytest.approx(strong)


def test_stage_findings_state_the_unmet_conditions() -> None:
    book = load("five")
    f = F.stage_findings(book).set_index("subject")
    for case in book.case_ids:
        d = diagnose_stage(book, case)
        sentence = f.loc[case, "sentence"]
        assert f"is at stage {d.stage} ({d.label})" in sentence
        for cond in d.unmet["condition"]:
            # said with display labels: 'living_lab >= 3' -> 'living labs ≥ 3'
            shown = cond.replace(">=", "\u2265").replace("<=", "\u2264")
            for cid, label in [
                *book.framework.elements["label"].items(),
                *book.framework.codebook["label"].items(),
            ]:
                shown = re.sub(rf"(?<![\w-]){cid}(?![\w-])", label[0].lower() + label[1:], shown)
            assert shown in sentence


def test_approach_findings_read_the_table() -> None:
    book = load("five")
    t = combined_approach(book)
    f = F.approach_findings(t)
    summary = f.iloc[0]
    assert summary["sentence"].startswith("2 of 5 cases combine")
    assert summary["sentence"].endswith("Westholm and Westbury.")
    for rec in f[f["key"] == "position"].itertuples(index=False):
        assert rec.numbers["base"] == pytest.approx(t.at[rec.subject, "base"])
        assert rec.numbers["social"] == pytest.approx(t.at[rec.subject, "social"])
        assert rec.numbers["base_strong"] == pytest.approx(t.at[rec.subject, "base_strong_share"])
    westholm = f.set_index("subject").loc["westholm", "sentence"]
    assert "it lacks sensors and connected devices (1) and law and regulation (1)." in westholm


def test_qca_and_robustness_findings() -> None:
    table = pd.DataFrame(
        {
            "solution": ["conservative", "conservative"],
            "model": ["M1", "M1"],
            "term": ["C*I", "(model)"],
            "inclS": [0.9, 0.9],
            "PRI": [0.8, 0.8],
            "covS": [0.75, 0.75],
            "covU": [None, None],
            "cases": ["a; b,c", "C*I"],
        }
    )
    f = F.qca_findings(table, names={"a": "Alpha", "b": "Beta"})
    assert f["sentence"].iloc[0] == (
        "The conservative solution for innovation is C*I (consistency 0.900, coverage 0.750), "
        "covering Alpha, Beta and c."
    )
    robust = pd.DataFrame(
        {
            "variant": ["nominal", "crossover 1.25", "crisp 2"],
            "conservative": ["C*I", "T*C*I", "C*I"],
        }
    )
    r = F.robustness_findings(robust)
    assert r["sentence"].tolist() == [
        "The conservative solution changes with the calibration: 2 different solutions under 3 variants.",
        "The solution C*I appears under 2 of 3 variants (nominal; crisp 2).",
        "The solution T*C*I appears under 1 of 3 variants (crossover 1.25).",
    ]
    same = F.robustness_findings(robust.assign(conservative="C*I"))
    assert same["sentence"].tolist() == [
        "The conservative solution is C*I under all 3 calibrations."
    ]
    with pytest.raises(ArgumentError, match="solution"):
        F.robustness_findings(robust, solution="intermediate")
    with pytest.raises(ArgumentError, match="solutions"):
        F.qca_findings(robust)


def test_score_findings_known_answers() -> None:
    scores = pd.DataFrame({"index": [70.0, 55.5, 55.5], "rank": [1, 2, 2]}, index=["a", "b", "c"])
    summary = pd.DataFrame(
        {
            "nominal_rank": [1, 2, 2],
            "q05": [1, 2, 2],
            "q95": [1, 3, 3],
            "share_nominal": [0.97, 0.5, 0.45],
        },
        index=["a", "b", "c"],
    )
    f = F.score_findings(scores, summary, names={"a": "Alpha"})
    assert f["sentence"].tolist() == [
        "Alpha has the highest index (70.0 of 100, rank 1).",
        "b and c have the lowest index (55.5, rank 2).",
        "The rank of Alpha (rank 1, 97 % of replications at the nominal rank) holds between the "
        "5th and 95th percentile of the replications.",
        "b's rank moves between 2 and 3 (5th-95th percentile); it keeps its nominal rank 2 in 50 % "
        "of the replications.",
        "c's rank moves between 2 and 3 (5th-95th percentile); it keeps its nominal rank 2 in 45 % "
        "of the replications.",
    ]
    with pytest.raises(ArgumentError, match="uncertainty"):
        F.score_findings(scores, scores)


# ----------------------------------------------------------------------------- the data moves
def test_sentences_follow_a_change_in_the_data(tmp_path: Path) -> None:
    folder = tmp_path / "five"
    shutil.copytree(FIVE, folder)
    codes = folder / "codes.csv"
    text = codes.read_text(encoding="utf-8")
    old = next(ln for ln in text.splitlines() if ln.startswith("westbury,living_lab,ref,3,"))
    codes.write_text(text.replace(old, old.replace(",ref,3,", ",ref,1,")), encoding="utf-8")
    before, after = load("five"), load_cases(folder)

    def sentence(df: pd.DataFrame, key: str, subject: str) -> str:
        return df[(df["key"] == key) & (df["subject"] == subject)]["sentence"].iloc[0]

    cmp_before = sentence(F.comparison_findings(before, scale="0-1"), "element_range", "capacity")
    cmp_after = sentence(F.comparison_findings(after, scale="0-1"), "element_range", "capacity")
    assert "Westholm and Westbury score highest (0.86)" in cmp_before
    assert "Westholm scores highest (0.86)" in cmp_after  # westbury now 16 / 21
    con_after = sentence(F.contrast_findings(after), "element_gap", "capacity")
    # West (18 + 16) / 14 against East 19 / 21
    assert f"a difference of {(34 / 14 - 19 / 21):.2f}" in con_after
    case_after = F.case_findings(after, "westbury", scale="0-1")
    assert "0.76" in sentence(case_after, "element", "capacity")  # 16 / 21
    check_numbers(case_after)


def test_markdown_and_arguments() -> None:
    book = load("five")
    md = F.findings_markdown(F.contrast_findings(book), heading="What we found")
    assert md.startswith("**What we found**\n\n- On technology")
    with pytest.raises(ArgumentError, match="findings"):
        F.findings_markdown(book.cases)
    with pytest.raises(ArgumentError, match="scale"):
        F.comparison_findings(book, scale="0-100")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="case"):
        F.case_findings(book, "nowhere")
    with pytest.raises(ArgumentError, match="table"):
        F.approach_findings(book.cases)


def test_numbers_are_those_of_the_underlying_results() -> None:
    from smartcase.contrast import ALL_ELEMENTS, contrast_evidence
    from smartcase.provenance import source_profile
    from smartcase.typology import cluster_cases

    book = load("bundled")
    prof = source_profile(book)
    ev = F.evidence_findings(book).set_index(["key", "subject"])
    for group, members in book.cases.groupby("group").groups.items():
        nums = ev.loc[("strength", group), "numbers"]
        shares = prof.loc[list(members), "strong_share"]
        assert nums.get("low", nums.get("share")) == pytest.approx(
            shares.min() if "low" in nums else shares.max()
        )
        assert nums.get("high", nums.get("share")) == pytest.approx(shares.max())
    assert ev.loc[("size", ""), "numbers"]["items"] == len(book.evidence)

    ce = contrast_evidence(book)
    q = F.evidence_quality_findings(book).set_index(["key", "subject"])
    for group in ("Korea", "Europe"):
        nums = q.loc[("strength", group), "numbers"]
        assert nums["strong_share"] == pytest.approx(ce.loc[(group, ALL_ELEMENTS), "strong_share"])
        assert nums["items"] == ce.loc[(group, ALL_ELEMENTS), "items"]

    typ = cluster_cases(book)
    t = F.typology_findings(book).set_index("key")
    a, b = t.loc["closest_pair", "subject"].split(";")
    assert t.loc["closest_pair", "numbers"]["distance"] == pytest.approx(typ.distances.at[a, b])
    off_diagonal = typ.distances.where(
        ~pd.DataFrame(
            [[i == j for j in typ.distances.columns] for i in typ.distances.index],
            index=typ.distances.index,
            columns=typ.distances.columns,
        )
    )
    assert typ.distances.at[a, b] == pytest.approx(off_diagonal.min().min())
    assert t.loc["fit", "numbers"]["cophenetic"] == pytest.approx(typ.cophenetic)

    scores = scoring.composite(book)
    s = F.score_findings(scores).set_index("key")
    assert s.loc["top", "numbers"]["index"] == pytest.approx(scores["index"].max())
    assert s.loc["bottom", "numbers"]["index"] == pytest.approx(scores["index"].min())

    fz = membership.case_memberships(book)
    tt = truth_table(fz, "innovation", ["technology", "capacity", "institutions"], incl_cut=0.8)
    table = membership.solution_table({"conservative": minimize(tt)})
    qf = F.qca_findings(table, names=book.cases["name"]).iloc[0]
    model = table[table["term"] == "(model)"].iloc[0]
    assert qf["numbers"] == {"inclS": model["inclS"], "covS": model["covS"]}
    assert str(model["cases"]) in qf["sentence"]


# ----------------------------------------------------------------------------- phase 2
def test_show_marks_the_findings_and_renders_them_as_a_list() -> None:
    book = load("five")
    f = F.contrast_findings(book)
    shown = F.show(f, "Computed text from a library function.")
    md = shown._repr_markdown_()
    assert md.startswith(F.FINDING_MARKER + "\n\n**What this shows**\n\n")
    assert [ln[2:] for ln in str(shown).splitlines() if ln.startswith("- ")] == f[
        "sentence"
    ].tolist()
    assert "Computed text from a library function." in str(shown)
    assert F.FINDING_MARKER not in str(shown) and not str(F.show(f, heading=None)).startswith("**")
    with pytest.raises(ArgumentError, match="parts"):
        F.show()
    with pytest.raises(ArgumentError, match=r"parts\[0\]"):
        F.show(book.cases)
    with pytest.raises(ArgumentError, match=r"parts\[0\]"):
        F.show(42)  # type: ignore[arg-type]


def test_framework_findings_count_the_framework_and_the_codes() -> None:
    book = load("bundled")
    root = Path(__file__).resolve().parents[1] / "data"
    codebook = rows(root / "framework", "codebook")
    f = F.framework_findings(book).set_index("key")
    for element in ("technology", "capacity", "institutions"):
        n = sum(r["element_id"] == element and r["kind"] == "subdimension" for r in codebook)
        assert f.loc["elements", "numbers"][f"n_{element}"] == n
    codes = [r for r in rows(root, "codes") if r["coder_id"] == "ref"]
    usage = f.loc["usage", "numbers"]
    assert usage["codes"] == len(codes)
    for level in range(4):
        assert usage[f"level_{level}"] == sum(int(r["code"]) == level for r in codes)
    assert usage["not_found"] == sum(r["code"] == "0" and not r["evidence_ids"] for r in codes)


def test_programme_findings_known_answers() -> None:
    book = load("five")
    progs = rows(FIVE, "programmes")
    f = F.programme_findings(book).set_index("key")
    assert f.loc["count", "numbers"]["programmes"] == len(progs)
    assert f.loc["count", "numbers"]["first"] == min(int(r["start_year"]) for r in progs)
    running = [r for r in progs if not r["end_year"] or int(r["end_year"]) > 2020]
    assert f.loc["running", "numbers"]["running"] == len(running)
    mine = F.programme_findings(book, "eastport").set_index("key")
    assert mine.loc["count", "numbers"]["programmes"] == sum(
        r["case_id"] == "eastport" for r in progs
    )
    assert mine.loc["count", "sentence"].startswith("Eastport lists ")


def test_truth_table_and_necessity_findings() -> None:
    book = load("bundled")
    fz = membership.case_memberships(book)
    conditions = ["technology", "capacity", "institutions"]
    tt = truth_table(fz, "innovation", conditions, incl_cut=0.8)
    f = F.truth_table_findings(tt).set_index("key")
    # configurations counted independently: each case's corner of the property space
    corners = {tuple(int(fz.at[c, k] > 0.5) for k in conditions) for c in fz.index}
    assert f.loc["diversity", "numbers"]["observed"] == len(corners)
    assert f.loc["diversity", "numbers"]["remainders"] == 8 - len(corners)
    table = pd.DataFrame(
        {"inclN": [0.97, 0.93, 0.76], "RoN": [0.41, 0.7, 0.66], "covN": [0.7, 0.8, 0.71]},
        index=["I", "C", "T"],
    )
    n = F.necessity_findings(table, outcome="Y")["sentence"].tolist()
    assert n[0].startswith("I passes as necessary for Y (inclN 0.970, at least 0.90), but its")
    assert (
        n[1]
        == "C passes as necessary for Y (inclN 0.930, at least 0.90), with relevance RoN 0.700."
    )
    assert n[2] == "T falls short of necessity (inclN 0.760, below 0.90)."
    assert n[3] == "C is a candidate necessary condition for Y in these cases."


def test_fit_findings_name_the_cases_against_the_relation() -> None:
    data = pd.DataFrame({"A": [0.9, 0.2, 0.7], "Y": [0.3, 0.2, 0.72]}, index=["p", "q", "r"])
    f = F.fit_findings(data, "Y", [("A", "sufficiency"), ("A", "necessity")])
    assert "p lies below the diagonal" in f["sentence"].iloc[0]
    assert "no case lies clearly on the wrong side" in f["sentence"].iloc[1]
    with pytest.raises(ArgumentError, match="panels"):
        F.fit_findings(data, "Y", [("A", "both")])


def test_reliability_findings_never_call_the_second_coding_independent() -> None:
    import smartcase

    book = load("bundled")
    rel = smartcase.reliability(book, seed=0)
    f = F.reliability_findings(rel, book).set_index("key")
    root = Path(__file__).resolve().parents[1] / "data"
    codes = rows(root, "codes")
    ref = {(r["case_id"], r["construct_id"]): r["code"] for r in codes if r["coder_id"] == "ref"}
    c2 = {(r["case_id"], r["construct_id"]): r["code"] for r in codes if r["coder_id"] == "c2"}
    agree = sum(ref[k] == c2[k] for k in ref if k in c2)
    assert f.loc["agreement", "numbers"]["agree"] == agree
    assert f.loc["direction", "numbers"]["second_higher"] == sum(
        int(c2[k]) > int(ref[k]) for k in ref if k in c2
    )
    assert "is not an independent coding" in f.loc["reading", "sentence"]
    assert not any("blind" in s for s in f["sentence"])
    independent = F.reliability_findings(rel, book, independent=True).set_index("key")
    assert "made independently" in independent.loc["reading", "sentence"]
    with pytest.raises(ArgumentError, match="result"):
        F.reliability_findings(book.codes)


def test_lesson_findings_count_the_thin_gaps() -> None:
    from smartcase.contrast import lessons

    book = load("bundled")
    les = lessons(book)
    f = F.lesson_findings(les, book).set_index("key")
    codes = {
        (r["case_id"], r["construct_id"]): r
        for r in rows(Path(__file__).resolve().parents[1] / "data", "codes")
        if r["coder_id"] == "ref"
    }
    pairs = [
        (p.split("=")[0], sub)
        for sub, cell in zip(les["subdimension"], les["gap_codes"], strict=True)
        for p in cell.split("; ")
    ]
    nums = f.loc["firmness", "numbers"]
    assert nums["gap_codes"] == len(pairs)
    assert nums["not_found"] == sum(
        codes[k]["code"] == "0" and not codes[k]["evidence_ids"] for k in pairs
    )
    assert nums["low"] == sum(codes[k]["confidence"] == "low" for k in pairs)
    assert f.loc["count", "numbers"]["lessons"] == len(les)


def test_case_level_findings_read_the_case() -> None:
    from smartcase import walkthrough

    book = load("five")
    ev = [r for r in rows(FIVE, "evidence") if r["case_id"] == "westholm"]
    e = F.case_evidence_findings(book, "westholm").set_index("key")
    assert e.loc["elements", "numbers"]["items"] == len(ev)
    assert e.loc["strength", "numbers"]["strong"] == sum(r["strength"] == "strong" for r in ev)
    s = F.source_findings(book, "westholm").set_index("key")
    assert s.loc["kinds", "numbers"]["sources"] == len(walkthrough.case_sources(book, "westholm"))
    # the fixture has no narratives: reported, not an error
    n = F.narrative_findings(book, "westholm")
    assert n["key"].tolist() == ["missing"]
    assert n["sentence"].iloc[0].startswith("Westholm has no narrative yet")
    alone = F.case_findings(book.subset(["westholm"]), "westholm")
    assert alone["key"].tolist() == ["no_peers"]


def test_negative_numbers_carry_a_minus_sign() -> None:
    table = pd.DataFrame(
        {
            "a": ["x", "technology"],
            "b": ["technology", "index"],
            "kind": ["subdimension-element", "element-index"],
            "n": [5, 5],
            "spearman": [-0.7071, 0.9],
            "spearman_p": [0.4, 0.03],
        }
    )
    f = F.coherence_findings(table, names={"x": "Living labs"}).set_index("key")
    assert "living labs with technology (\u22120.71)" in f.loc["negative", "sentence"]
    assert f.loc["negative", "numbers"]["rho_0"] == pytest.approx(-0.7071)
    assert f.loc["reading", "sentence"].startswith("1 of the 2 correlations reaches p")
    check_numbers(f.reset_index()[list(F.FINDING_COLUMNS)])


def test_variant_findings_known_answers() -> None:
    oat = pd.DataFrame(
        {
            "kind": ["nominal", "normalize", "drop element"],
            "a": [1, 2, 1],
            "b": [2, 1, 2],
            "c": [3, 3, 3],
            "mean_abs_rank_shift": [0.0, 0.67, 0.0],
            "max_abs_rank_shift": [0, 1, 0],
        },
        index=["nominal", "normalize=minmax", "drop element capacity"],
    )
    f = F.variant_findings(oat, names={"capacity": "Innovative capacity"})["sentence"].tolist()
    assert f == [
        "1 of the 2 variants change no city's rank.",
        "The largest mean rank shift (0.7) comes from min-max normalisation, which moves a city by up to 1 ranks.",
        "c keeps its rank under every variant; the other cities trade places.",
    ]


def test_robustness_findings_say_when_a_variant_has_no_solution():
    """A variant without a solution reads as 'No solution (reason)', not as a solution named 'none'."""
    t = pd.DataFrame(
        {
            "variant": ["nominal", "low crossover"],
            "parsimonious": [
                "capacity",
                "none (every configuration passes the cut-off; nothing is left to contrast)",
            ],
        }
    )
    sentences = F.robustness_findings(t, solution="parsimonious")["sentence"].tolist()
    assert (
        "No solution (every configuration passes the cut-off; nothing is left to contrast) "
        "under 1 of 2 variants (low crossover)." in sentences
    )
    assert not any("solution none" in x for x in sentences)


def test_approach_findings_flag_positions_within_one_code_step_of_the_midpoint():
    """Innovative capacity has 7 sub-dimensions: one code step moves it by 1/7 on the 0-3 scale."""
    book = load_cases()
    t = combined_approach(book)
    margin = F.approach_findings(t).query("key == 'margin'")["sentence"].iloc[0]
    expected = [
        str(n)
        for n, v in zip(t["name"], t["social"], strict=True)
        if abs(float(v) - 1.5) < 1 / 7 - 1e-12
    ]
    assert expected  # the bundled cases have at least one such position (Bucheon, 11/7)
    for n in expected:
        assert f"{n}'s innovative capacity and social innovation" in margin
    far = [str(n) for n, v in zip(t["name"], t["social"], strict=True) if abs(v - 1.5) > 0.5]
    assert far and not any(f"{n}'s innovative capacity" in margin for n in far)


def test_stage_findings_flag_an_unmet_condition_that_rests_on_a_not_found_zero():
    book = load_cases()
    sentences = F.stage_findings(book).set_index("subject")["sentence"]
    for case in book.case_ids:
        unmet = diagnose_stage(book, case).unmet
        zero = unmet[
            (unmet["evidence_ids"].astype(str).str.strip() == "")
            & unmet["codes"].astype(str).str.fullmatch(r"[a-z_]+=0(; [a-z_]+=0)*")
        ]
        assert ("'not found' zero" in sentences[case]) == (not zero.empty), case
    assert "'not found' zero" in sentences["helsinki"]  # smart governance, coded 0 on no evidence


def test_external_findings_compare_the_rankings_pair_by_pair():
    """Known answer from data/external_assessments.csv: four rankings rank both Helsinki and
    Barcelona (IMD 2020, 2021, 2023; Eden 2018) and all four put Helsinki higher."""
    book = load_cases()
    val = scoring.external_validation(scoring.composite(book), scoring.load_external_assessments())
    names = {c: str(book.cases.at[c, "name"]) for c in book.case_ids}
    pairs = F.external_findings(val, names=names).query("key == 'pairs'")["sentence"].iloc[0]
    table = val.table.drop(columns="smartcase_rank")
    both = table.loc[["helsinki", "barcelona"]].dropna(axis=1)
    helsinki_higher = int((both.loc["helsinki"] < both.loc["barcelona"]).sum())
    assert helsinki_higher == both.shape[1] == 4
    own = val.table["smartcase_rank"]
    if own["barcelona"] < own["helsinki"]:
        assert (
            "4 of the 4 rankings that rank both Helsinki and Barcelona put Helsinki higher" in pairs
        )
