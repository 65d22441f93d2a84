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
# The report's central purpose is to compare the five cases on the three elements. This notebook
# writes the case overview (Table 2), the cross-case comparison matrix (Table 3 and Figure 2), the
# framework matrix, the case-ordered meta-matrix, the Korea-versus-Europe contrast, the similarity
# of the case profiles with a clustering, the three-set typology and the evidence base behind the
# codes. All tables come from `smartcase.compare`, `smartcase.typology` and `smartcase.coding`;
# the codes are smartcase's reconstruction from public sources (reference year 2020), not the
# report's own tables.

# %%
import matplotlib.pyplot as plt
from IPython.display import display

import smartcase
from smartcase import charts, coding, compare, publish, reliability, typology

book = smartcase.load_cases()
NAMES = publish.display_names(book)  # city names, element and sub-dimension labels for the tables
book

# %% [markdown]
# ## Table 2: the cases

# %%
overview = compare.case_overview(book)
publish.table(overview, "table_02_case_overview")
overview.table

# %% [markdown]
# ## Table 3 and Figure 2: the cross-case comparison matrix
#
# Sub-dimensions grouped by element (rows) by cases (columns), codes as Harvey balls (one symbol
# per code level, the same in the figure, the Markdown and the LaTeX table); element scores as
# numbers on the same 0-3 scale (mean code).

# %%
matrix = compare.comparison_matrix(book)
publish.table(matrix, "table_03_comparison_matrix")
matrix.table

# %%
ax = charts.harvey_chart(book)
publish.figure(
    ax.figure,
    "fig_02_comparison_matrix",
    caption="Cross-case comparison matrix: codes of the five cases on the sub-dimensions of the three elements and on the outcome",
    notes=[
        "Harvey balls as in Table 3: empty 0 absent, a quarter 1 emerging, three quarters 2 developing, full 3 established (a ball is filled to about the code's share of 3); † low confidence.",
        "The numbers on the element rows are the element scores: the mean code of the element's sub-dimensions (0-3).",
    ],
)

# %% [markdown]
# ## Table 4: the framework matrix
#
# Per case and element, a sentence composed from the codes and the cited evidence, with evidence ids.

# %%
fmatrix = compare.framework_matrix(book)
publish.table(fmatrix, "table_04_framework_matrix")
fmatrix.table

# %% [markdown]
# ## Table 5: the case-ordered meta-matrix (cases sorted by the outcome)

# %%
meta = compare.meta_matrix(book)
publish.table(meta, "table_05_meta_matrix")
meta.table

# %% [markdown]
# ## Table 6 and Figure 3: Korea versus Europe
#
# Three Korean and two European cases: the differences describe these five cases only.

# %%
contrast = compare.group_contrast(book)
publish.table(contrast, "table_06_group_contrast")
contrast.table

# %%
ax = charts.group_profile_plot(book)
publish.figure(
    ax.figure,
    "fig_03_group_profiles",
    caption="Korea versus Europe: element scores (mean code, 0-3) and the outcome code by group (bars: group means), with every case as a point",
    notes=[
        "Three Korean and two European cases; a single case can move a group mean by a whole level, so the contrast describes these cases, not the two regions."
    ],
)

# %% [markdown]
# ## Table 7 and Figure 4: similarity of the case profiles

# %%
distances = typology.case_distances(book)
publish.table(
    publish.readable(distances, NAMES, columns={"case_id": "Case"}, decimals=2),
    "table_07_case_distances",
    caption="Gower distances between the cases' sub-dimension code profiles (0 identical, 1 maximally different)",
)
clusters = typology.cluster_cases(book)
clusters

# %%
ax = typology.dendrogram_plot(book)
publish.figure(
    ax.figure,
    "fig_04_dendrogram",
    caption="Hierarchical clustering (average linkage) of the cases' sub-dimension code profiles, Gower distance",
    notes=[
        f"Cophenetic correlation {clusters.cophenetic:.3f}; leaves coloured by group (Korea, Europe)."
    ],
)

# %% [markdown]
# ## Table 8 and Figure 5: the three-element typology
#
# Which of the three ideal-typical elements is established in each case (threshold rule of
# `smartcase.typology.element_profile`), and the region of a three-set diagram each case falls in.

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
            **{e: f"{NAMES[e]}: established" for e in book.framework.element_ids},
            "n_established": "Elements established",
            "established": "Which",
        },
        decimals=2,
    ),
    "table_08_element_profile",
    caption="Element scores of each case (mean code, 0-3) and the elements counted as established: score at least 1.5, the threshold rule of smartcase.typology",
)
profile

# %%
ax = typology.three_set_plot(book)
publish.figure(
    ax.figure,
    "fig_05_three_set_typology",
    caption="Three-set typology: each case placed in the region of the elements established in it (element score, the mean code on the 0-3 scale, at least 1.5)",
)

# %% [markdown]
# ## Table 9 and Figure 6: the evidence behind the codes

# %%
counts = coding.evidence_counts(book)
publish.table(
    publish.readable(counts, NAMES, columns={"case_id": "Case", "element_id": "Element"}),
    "table_09_evidence_counts",
    caption="Evidence items per case and element by strength of evidence",
    notes=[
        "Items dated after 2020 are included and flagged in the evidence table; they do not raise codes."
    ],
)
counts

# %%
ax = coding.timeline_plot(book)
publish.figure(
    ax.figure,
    "fig_06_evidence_timeline",
    caption="Evidence items of all five cases by year and element",
    notes=["Years after the reference year 2020 are shaded."],
)

# %% [markdown]
# ## Table 10: inter-coder reliability (when the case base holds more than one coder)
#
# The bundled case base holds smartcase's reference coding (`ref`) and, where present, blind second
# codings; the disagreements are listed for discussion, not resolved here.

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
    }
    rel_table = rel.to_frame()
    rel_table["value"] = [
        v if isinstance(v, str) or float(v).is_integer() else f"{float(v):.2f}"
        for v in rel_table["value"]
    ]
    publish.table(
        publish.readable(rel_table, statistics, columns={"value": "Value"}),
        "table_10_reliability",
        caption=f"Agreement between the coders {', '.join(book.coder_ids)}: Krippendorff's alpha (ordinal) with a bootstrap interval, Cohen's kappa (unweighted and weighted) and exact agreement",
        notes=["Units are (case, construct) pairs coded by at least two coders."],
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
        "table_s04_disagreements",
        caption="Codes on which the coders disagree, largest differences first, with each coder's rationale",
        notes=[
            "Reference: smartcase's reference coding (ref); second: the blind second coding (c2)."
        ],
    )
    display(rel)
else:
    print(f"One coder ({book.coder_ids[0]!r}): no reliability to report.")
plt.close("all")
