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
# Sub-dimensions grouped by element (rows) by cases (columns), codes as Harvey balls.

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
        "A ball is filled to the code's share of the maximum: empty 0 absent, one third 1 emerging, two thirds 2 developing, full 3 established; † low confidence."
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
    caption="Korea versus Europe: mean code of each element and of the outcome by group (bars), with every case as a point",
    notes=[
        "Three Korean and two European cases; a single case can move a group mean by a whole level, so the contrast describes these cases, not the two regions."
    ],
)

# %% [markdown]
# ## Table 7 and Figure 4: similarity of the case profiles

# %%
distances = typology.case_distances(book)
publish.table(
    distances.round(3),
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
publish.table(
    profile,
    "table_08_element_profile",
    caption="Element scores of each case and the elements counted as established by the threshold rule of smartcase.typology",
)
profile

# %%
ax = typology.three_set_plot(book)
publish.figure(
    ax.figure,
    "fig_05_three_set_typology",
    caption="Three-set typology: each case placed in the region of the elements established in it",
)

# %% [markdown]
# ## Table 9 and Figure 6: the evidence behind the codes

# %%
counts = coding.evidence_counts(book)
publish.table(
    counts,
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
    publish.table(
        rel.to_frame(),
        "table_10_reliability",
        caption=f"Agreement between the coders {', '.join(book.coder_ids)}: Krippendorff's alpha (ordinal) with a bootstrap interval, Cohen's kappa (unweighted and weighted) and percent agreement",
        notes=["Units are (case, construct) pairs coded by at least two coders."],
    )
    publish.table(
        rel.disagreements,
        "table_s04_disagreements",
        caption="Codes on which the coders disagree, largest differences first, with each coder's rationale",
    )
    display(rel)
else:
    print(f"One coder ({book.coder_ids[0]!r}): no reliability to report.")
plt.close("all")
