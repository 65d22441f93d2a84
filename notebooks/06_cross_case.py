# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 Cross-case comparison
#
# The report's central purpose is to compare the five cases on the three elements and to argue
# for a *combined approach*: a smart-city base of technology and institutions joined with
# innovative capacity and social innovation. This chapter sets the cases side by side: who they
# are and how their flagship programmes unfold in time (Table 2, Figure 2), the cross-case
# comparison matrix (Table 3, Figure 3), the framework matrix and the meta-matrix (Tables 4-5),
# Korea against Europe and the evidence behind each side (Tables 6-7, Figure 4), the combined
# approach (Table 8, Figure 5), the similarity of the case profiles and the three-element typology
# (Tables 9-10, Figures 6-7), the evidence base (Table 11, Figure 8) and the agreement of the two
# codings (Table 12).
#
# Under each table and figure, *What this shows* gives sentences computed from the results
# (`smartcase.findings`), so they stay true when the data change. All tables come from
# `smartcase.compare`, `smartcase.typology`, `smartcase.coding`, `smartcase.programmes`,
# `smartcase.contrast` and `smartcase.approach`; the codes are smartcase's reconstruction from
# public sources (reference year 2020), not the report's own tables.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import smartcase
from smartcase import charts, coding, compare, findings, publish, reliability, typology
from smartcase.approach import combined_approach, combined_approach_plot
from smartcase.contrast import contrast_evidence
from smartcase.programmes import programme_timeline, programme_timeline_plot

book = smartcase.load_cases()
NAMES = publish.display_names(book)  # city names, element and sub-dimension labels for the tables


def percent(share: pd.Series) -> pd.Series:
    """Shares (0-1) as whole percentages, for reader tables."""
    return (100 * share).round().astype("int64")


book

# %% [markdown]
# ## Table 2 and Figure 2: the cases and their flagship programmes

# %%
overview = compare.case_overview(book)
publish.table(overview, "table_02_case_overview")
display(overview.table)
findings.show(findings.overview_findings(book))

# %%
timeline = programme_timeline(book)
ax = programme_timeline_plot(timeline)
publish.figure(
    ax.figure,
    "fig_02_programme_timeline",
    caption="Flagship programmes of the five cities from their start to their end year, by the element their evidence speaks to",
    notes=[
        "Element of a programme: the element to which most evidence items from the programme's own sources are coded (smartcase.programmes); ties are shown as several elements.",
        "Bars run to the end year; programmes without an end year in the sources run open to the right; the part after the reference year 2020 is drawn lighter.",
    ],
)

# %%
programme_reading = findings.programme_findings(book)
findings.show(programme_reading[programme_reading["key"].isin(["count", "running", "elements"])])

# %%
publish.table(
    publish.readable(
        timeline.assign(
            element=timeline["element"].replace({"several": "Several (tie)"}),
            basis=timeline["basis"].str.capitalize(),
            evidence_ids=timeline["evidence_ids"].str.replace(";", ", "),
        ),
        NAMES,
        columns={
            "programme_id": "Id",
            "case": "City",
            "label": "Programme",
            "start_year": "Start",
            "end_year": "End",
            "open_ended": "No end year",
            "after_2020": "Runs past 2020",
            "element": "Element",
            "basis": "Basis",
            "evidence_ids": "Evidence from its sources (ids)",
        },
        drop=["case_id", "name"],
    ),
    "table_s04_programme_elements",
    caption="The flagship programmes of Figure 2 with their start and end years, the element assigned to each and the evidence the assignment rests on",
    notes=[
        "Basis 'evidence': the element most items from the programme's own sources are coded to; 'tie': two or more elements tie."
    ],
)
findings.show(programme_reading[programme_reading["key"] == "basis"])

# %% [markdown]
# ## Table 3 and Figure 3: the cross-case comparison matrix
#
# Sub-dimensions grouped by element (rows) by cases (columns), codes as Harvey balls (one symbol
# per code level, the same in the figure, the Markdown and the LaTeX table); element scores as
# numbers on the same 0-3 scale (mean code).

# %%
matrix = compare.comparison_matrix(book)
publish.table(matrix, "table_03_comparison_matrix")
comparison_reading = findings.comparison_findings(book)
display(matrix.table)
findings.show(
    comparison_reading[comparison_reading["key"].isin(["element_range", "outcome_range"])]
)

# %%
ax = charts.harvey_chart(book)
publish.figure(
    ax.figure,
    "fig_03_comparison_matrix",
    caption="Cross-case comparison matrix: codes of the five cases on the sub-dimensions of the three elements and on the outcome",
    notes=[
        "Harvey balls as in Table 3: empty 0 absent, a quarter 1 emerging, three quarters 2 developing, full 3 established (a ball is filled to about the code's share of 3); † low confidence.",
        "The numbers on the element rows are the element scores: the mean code of the element's sub-dimensions (0-3).",
    ],
)

# %%
findings.show(comparison_reading[comparison_reading["key"].isin(["most_varied", "shared"])])

# %% [markdown]
# ## Table 4: the framework matrix
#
# Per case and element, a sentence composed from the codes and the cited evidence, with evidence ids.

# %%
fmatrix = compare.framework_matrix(book)
publish.table(fmatrix, "table_04_framework_matrix")
display(fmatrix.table)
strongest = pd.concat([findings.case_findings(book, c) for c in book.case_ids])
findings.show(strongest[strongest["key"] == "strongest"])

# %% [markdown]
# ## Table 5: the case-ordered meta-matrix (cases sorted by the outcome)

# %%
meta = compare.meta_matrix(book)
publish.table(meta, "table_05_meta_matrix")
display(meta.table)
findings.show(findings.meta_findings(book))

# %% [markdown]
# ## Tables 6-7 and Figure 4: Korea versus Europe, and the evidence behind each side
#
# Three Korean and two European cases: the differences describe these five cases only. Table 7
# shows what the codes of each side rest on, because a side documented by weaker sources can be
# coded lower for that reason alone.

# %%
contrast = compare.group_contrast(book)
publish.table(contrast, "table_06_group_contrast")
contrast_reading = findings.contrast_findings(book)
display(contrast.table)
findings.show(contrast_reading[contrast_reading["key"].isin(["element_gap", "overall"])])

# %%
ax = charts.group_profile_plot(book)
publish.figure(
    ax.figure,
    "fig_04_group_profiles",
    caption="Korea versus Europe: element scores (mean code, 0-3) and the outcome code by group (bars: group means), with every case as a point",
    notes=[
        "Three Korean and two European cases; each case makes up a third (Korea) or a half (Europe) of its group's mean, so the contrast describes these cases, not the two regions."
    ],
)

# %%
findings.show(contrast_reading[contrast_reading["key"].isin(["reversed", "small_n"])])

# %%
quality = contrast_evidence(book)
shares = ["strong_share", "official_share", "news_share", "case_strong_min", "case_strong_max"]
publish.table(
    publish.readable(
        quality.assign(**{c: percent(quality[c]) for c in shares}).rename(
            index={"all": "All elements"}, level="element"
        ),
        NAMES,
        columns={
            "group": "Group",
            "element": "Element",
            "cases": "Cases",
            "mean_code": "Mean code (0-3)",
            "codes": "Codes",
            "items": "Evidence items cited",
            "strong_share": "Strong (%)",
            "official_share": "Official or scholarly (%)",
            "news_share": "News (%)",
            "case_strong_min": "Strong, lowest case (%)",
            "case_strong_max": "Strong, highest case (%)",
            "news_or_weak_only": "Codes on news or weak items only",
            "single_source": "Codes on one source",
            "not_found_zero": "'Not found' zeros",
        },
        decimals={"mean_code": 2},
    ),
    "table_07_contrast_evidence",
    caption="The evidence behind the Korea-Europe contrast: for each group and element, the mean code and what the codes rest on (evidence items cited, their strength and source kinds, and codes on thin evidence)",
    notes=[
        "Items: distinct evidence items cited by the group's codes of the element; shares of those items. Strong by case: the lowest and highest share of strong items among the group's cases.",
        "'Not found' zero: a code of 0 citing no evidence (not found in the sources consulted, not a proven absence).",
    ],
)
display(quality.round(2))
findings.show(findings.evidence_quality_findings(book))

# %% [markdown]
# ## Table 8 and Figure 5: the combined approach
#
# The report argues that smart-city technology and institutions must be combined with innovative
# capacity and social innovation. smartcase places each city on two axes built from its codes:
# the smart-city base (mean of the element scores of technology, data and infrastructure and of
# the institutional setting) against innovative capacity and social innovation (the element
# score of innovative capacity), with the strength of the evidence behind each position. The
# axes are smartcase's operationalisation of the report's argument (`smartcase.approach`).

# %%
approach = combined_approach(book)
axis_shares = [f"{a}_{s}_share" for a in ("base", "social") for s in ("strong", "official", "news")]
lacks = approach["lacks"].str.replace(
    r"([a-z_]+)=(\d)", lambda m: f"{NAMES[m.group(1)]} ({m.group(2)})", regex=True
)
publish.table(
    publish.readable(
        approach.assign(
            lacks=lacks.str.replace(";", ",", regex=False),
            position=approach["position"].str.capitalize(),
            weaker_axis=approach["weaker_axis"].map(
                {"base": "Smart-city base", "social": "Capacity and social innovation"}
            ),
            **{c: percent(approach[c]) for c in axis_shares},
        ),
        NAMES,
        columns={
            "case_id": "City",
            "group": "Group",
            "base": "Smart-city base (0-3)",
            "social": "Capacity and social innovation (0-3)",
            "position": "Position",
            "weaker_axis": "Weaker side",
            "lacks": "What it lacks (codes 0-1)",
            "base_items": "Base: items",
            "base_strong_share": "Base: strong (%)",
            "base_official_share": "Base: official or scholarly (%)",
            "base_news_share": "Base: news (%)",
            "social_items": "Social: items",
            "social_strong_share": "Social: strong (%)",
            "social_official_share": "Social: official or scholarly (%)",
            "social_news_share": "Social: news (%)",
        },
        drop=["name"],
        decimals=2,
    ),
    "table_08_combined_approach",
    caption="The combined approach: each city's smart-city base (technology and institutions) against its innovative capacity and social innovation (mean codes, 0-3), its position, what its weaker side lacks, and the evidence behind each side",
    notes=[
        "Position: each side counts as present at 1.5 (half-way between emerging and developing) or above. What it lacks: sub-dimensions of the weaker side coded 0 or 1, with the code.",
        "Items: distinct evidence items cited by the codes of each side; shares of those items. The axes are smartcase's operationalisation of the report's argument; Kim & Lim (2020) draw no such figure.",
    ],
)
approach_reading = findings.approach_findings(approach)
display(approach[["name", "base", "social", "position", "lacks"]].round(2))
findings.show(approach_reading[approach_reading["key"].isin(["summary", "margin"])])

# %%
ax = combined_approach_plot(approach)
publish.figure(
    ax.figure,
    "fig_05_combined_approach",
    caption="The combined approach: each city's smart-city base (technology and institutions) against its innovative capacity and social innovation (a), and the share of strong evidence behind each side (b)",
    notes=[
        "Dashed lines at 1.5, the midpoint of the 0-3 scale of mean codes. The axes are smartcase's operationalisation of the report's argument; Kim & Lim (2020) draw no such figure."
    ],
)

# %%
findings.show(approach_reading[approach_reading["key"] == "position"])

# %% [markdown]
# ## Table 9 and Figure 6: similarity of the case profiles

# %%
distances = typology.case_distances(book)
publish.table(
    publish.readable(distances, NAMES, columns={"case_id": "Case"}, decimals=2),
    "table_09_case_distances",
    caption="Gower distances between the cases' sub-dimension code profiles (0 identical, 1 maximally different)",
)
clusters = typology.cluster_cases(book)
typology_reading = findings.typology_findings(book)
display(distances.round(2))
findings.show(typology_reading[typology_reading["key"] == "closest_pair"])

# %%
ax = typology.dendrogram_plot(book)
publish.figure(
    ax.figure,
    "fig_06_dendrogram",
    caption="Hierarchical clustering (average linkage) of the cases' sub-dimension code profiles, Gower distance",
    notes=[
        f"Cophenetic correlation {clusters.cophenetic:.3f}; leaves coloured by group (Korea, Europe)."
    ],
)

# %%
findings.show(typology_reading[typology_reading["key"].isin(["clusters", "fit", "groups"])])

# %% [markdown]
# ## Table 10 and Figure 7: the three-element typology
#
# Which of the three ideal-typical elements each case has *reached*: element score (mean code)
# at least 1.5, half-way up the rubric (threshold rule of `smartcase.typology.element_profile`,
# whose columns call such an element 'established'; the rubric's level 3 'established' is a
# different, higher bar), and the region of a three-set diagram each case falls in.

# %%
profile = typology.element_profile(book)
shown = profile.copy()
for e in book.framework.element_ids:
    shown[f"{e}_score"] = shown[f"{e}_score"] * 3  # the 0-3 scale of every table
publish.table(
    publish.readable(
        shown,
        NAMES,
        columns={
            "case_id": "Case",
            **{f"{e}_score": f"{NAMES[e]}: score" for e in book.framework.element_ids},
            **{e: f"{NAMES[e]}: reached" for e in book.framework.element_ids},
            "n_established": "Elements reached",
            "established": "Which",
        },
        decimals=2,
    ),
    "table_10_element_profile",
    caption="Element scores of each case (mean code, 0-3) and the elements counted as reached: score at least 1.5 (half-way up the rubric, not its level 3), the threshold rule of smartcase.typology",
)
display(profile)
findings.show(typology_reading[typology_reading["key"] == "established"])

# %%
ax = typology.three_set_plot(book)
publish.figure(
    ax.figure,
    "fig_07_three_set_typology",
    caption="Three-set typology: each case placed in the region of the elements it has reached (element score, the mean code on the 0-3 scale, at least 1.5; half-way up the rubric, not its level 3)",
)

# %%
findings.show(typology_reading[typology_reading["key"] == "regions"])

# %% [markdown]
# ## Table 11 and Figure 8: the evidence behind the codes

# %%
counts = coding.evidence_counts(book)
publish.table(
    publish.readable(counts, NAMES, columns={"case_id": "Case", "element_id": "Element"}),
    "table_11_evidence_counts",
    caption="Evidence items per case and element by strength of evidence",
    notes=[
        "Items dated after 2020 are included and flagged in the evidence table; they do not raise codes."
    ],
)
display(counts)
findings.show(findings.evidence_findings(book))

# %%
ax = coding.timeline_plot(book)
publish.figure(
    ax.figure,
    "fig_08_evidence_timeline",
    caption="Evidence items of all five cases by year and element",
    notes=["Years after the reference year 2020 are shaded."],
)

# %%
findings.show(findings.timeline_findings(book))

# %% [markdown]
# ## Table 12: agreement of the two codings (when the case base holds more than one coder)
#
# The bundled case base holds smartcase's reference coding (`ref`) and a second coding (`c2`)
# made by the same team, after the reference coding, from the evidence the reference coders had
# already selected and filed under sub-dimensions. It is **not an independent coding**: its
# agreement with `ref` measures agreement on levels given that evidence. The disagreements are
# listed for discussion, not resolved here (`data/README.md`).

# %%
if len(book.coder_ids) > 1:
    rel = reliability(book, seed=0)
    statistics = {
        "units": "Units coded by two coders",
        "coders": "Coders",
        "percent_agreement": "Exact agreement (share)",
        "alpha_ordinal": "Krippendorff's alpha (ordinal)",
        "alpha_ci_low": "Alpha, 95% interval: low",
        "alpha_ci_high": "Alpha, 95% interval: high",
        "kappa": "Cohen's kappa",
        "kappa_linear": "Weighted kappa (linear)",
        "kappa_quadratic": "Weighted kappa (quadratic)",
        "disagreements": "Disagreements",
        "units_with_evidence": "Units with a non-zero code or evidence",
        "alpha_ordinal_with_evidence": "Alpha (ordinal) on those units",
        **{f"{c}_higher": f"Units on which {c} codes higher" for c in book.coder_ids},
        "same_evidence": "Units on which both cite the same evidence",
    }
    rel_table = rel.to_frame()
    rel_table["value"] = [
        v if isinstance(v, str) or float(v).is_integer() else f"{float(v):.2f}"
        for v in rel_table["value"]
    ]
    publish.table(
        publish.readable(rel_table, statistics, columns={"value": "Value"}),
        "table_12_reliability",
        caption=f"Agreement between the codings {', '.join(book.coder_ids)}: Krippendorff's alpha (ordinal) with a bootstrap interval, Cohen's kappa (unweighted and weighted) and exact agreement",
        notes=[
            "Units are (case, construct) pairs coded by at least two coders.",
            "The second coding c2 was made by the same team from the evidence already selected and filed by the reference coders: not an independent coding (data/README.md).",
            "The reference coding was revised on new evidence after c2 was made, so these figures mix the agreement of the two passes with those revisions: they are not a reliability estimate of either pass. The figures as c2 was made (on the v0.1 codes) are in data/README.md.",
        ],
    )
    publish.table(
        publish.readable(
            rel.disagreements,
            NAMES,
            columns={
                "case_id": "Case",
                "construct_id": "Sub-dimension or outcome",
                "code_ref": "Reference code",
                "code_c2": "Second code",
                "rationale_ref": "Reference rationale",
                "rationale_c2": "Second rationale",
            },
        ),
        "table_s05_disagreements",
        caption="Codes on which the two codings disagree, largest differences first, with each coder's rationale",
        notes=[
            "Reference: smartcase's reference coding (ref); second: the second coding by the same team from the pre-sorted evidence (c2), not an independent coding."
        ],
    )
    display(rel)
    reliability_reading = findings.reliability_findings(rel, book)
    display(findings.show(reliability_reading))
else:
    reliability_reading = None
    print(f"One coder ({book.coder_ids[0]!r}): no reliability to report.")
plt.close("all")

# %% [markdown]
# ## What we found
#
# The comparison in a few computed sentences: where the cases differ, how Korea and Europe
# compare, and where each city stands on the combined approach.

# %%
findings.show(
    comparison_reading[comparison_reading["key"] == "element_range"],
    contrast_reading[contrast_reading["key"] == "overall"],
    approach_reading[approach_reading["key"] == "summary"],
    typology_reading[typology_reading["key"] == "groups"],
    heading=None,
)

# %% [markdown]
# ## How sure we are
#
# Five cases, codes resting on evidence of uneven strength, and a second coding that is not an
# independent coding: the comparison describes these cities as documented. The sentences below
# say whether the Korea-Europe gap may partly be a gap in documentation.

# %%
quality_reading = findings.evidence_quality_findings(book)
findings.show(
    contrast_reading[contrast_reading["key"] == "small_n"],
    quality_reading[quality_reading["key"] == "reading"],
    approach_reading[approach_reading["key"] == "margin"],
    *(
        [reliability_reading[reliability_reading["key"] == "reading"]]
        if reliability_reading is not None
        else []
    ),
    heading=None,
)
