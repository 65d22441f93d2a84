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
# # 08 Composite scores with uncertainty and sensitivity analysis
#
# How do the cities stand on each element and overall, and how much does that depend on the
# analyst's choices? Following the OECD/JRC *Handbook on Constructing Composite Indicators* (2008)
# and R's COINr, `smartcase.scoring` normalises the sub-dimension codes (fixed goalposts: code 0
# is 0, code 3 is 100), weights them equally within each element and the elements equally in the
# index, and aggregates arithmetically (the nominal choices). A Monte Carlo then varies the
# normalisation, the aggregation, the weights and the codes that rest only on weak evidence;
# Sobol indices say which of these choices moves each city's rank; one-at-a-time variants and
# rank correlations check the structure; external assessments are set beside the ranks.
#
# Five cases give little statistical power: ranks and correlations describe these five cases,
# nothing more. The codes are smartcase's reconstruction from public sources (reference year
# 2020), not the report's own tables.

# %%
import smartcase
from smartcase import publish, scoring

book = smartcase.load_cases()
SEED = 0
# display names for figures: city names and element labels instead of ids
LABELS = {
    **book.cases["name"].to_dict(),
    **book.framework.elements["label"].to_dict(),
    "index": "Overall index",
}

# %% [markdown]
# ## Table 16: element scores and the overall index (nominal choices)

# %%
scores = scoring.composite(book)
publish.table(
    scores.round(1),
    "table_16_composite_scores",
    caption="Element scores and overall index of each city (0-100) with rank: goalpost normalisation of the codes (0 = 0, 3 = 100), equal weights, arithmetic aggregation",
    notes=["Rank 1 is the highest index; ties share the better rank."],
)
scores.round(1)

# %% [markdown]
# ## Uncertainty analysis (Monte Carlo, 10,000 replications)

# %%
unc = scoring.uncertainty(book, n=10_000, seed=SEED)
unc

# %%
publish.table(
    unc.summary,
    "table_17_rank_uncertainty",
    caption="Rank uncertainty of each city over 10,000 Monte Carlo replications (seed 0): nominal rank, median rank and the 5th-95th percentile interval",
    notes=[
        "Each replication draws a normalisation (goalposts, min-max, rank), an aggregation (arithmetic, geometric, Copeland), weights around the nominal ones and a change of ±1 in codes resting only on weak evidence.",
        "share_nominal: share of replications at the nominal rank.",
    ],
)
unc.summary

# %% [markdown]
# Scores are only comparable on one scale: min-max and rank normalisation move every city's score
# (five cases always put one city at 0 and one at 100). The whiskers of Figure 9 therefore come
# from a second Monte Carlo that keeps the nominal scale (goalposts) and aggregation (arithmetic)
# and varies only the weights and the weakly evidenced codes; the ranks above vary every choice.

# %%
unc_scores = scoring.uncertainty(
    book, n=10_000, seed=SEED, normalize="goalposts", aggregation="arithmetic"
)
ax = scoring.plot_element_scores(scores, unc_scores, labels=LABELS)
publish.figure(
    ax.figure,
    "fig_09_element_scores",
    caption="Element scores and overall index of each city (0-100, goalpost normalisation, arithmetic aggregation), with whiskers from the 5th to the 95th percentile of each element score over 10,000 replications that vary the weights (±25 %) and the codes resting only on weak evidence (±1)",
)

# %%
ax = scoring.plot_rank_frequency(unc, labels=LABELS)
publish.figure(
    ax.figure,
    "fig_10_rank_frequency",
    caption="Share of the 10,000 Monte Carlo replications that give each city each rank; squares mark the nominal rank",
)

# %% [markdown]
# ## Table 18: sensitivity analysis (Sobol indices of each choice on each city's rank)

# %%
sens = scoring.sensitivity(book, n=1024, seed=SEED)
publish.table(
    sens.indices.round(3),
    "table_18_sensitivity",
    caption="First-order (S1) and total (ST) Sobol indices of the analyst's choices on each city's rank, with half-widths of 95% bootstrap intervals",
    notes=[sens.note],
)
sens.indices.round(3)

# %% [markdown]
# ## Table 19: one-at-a-time variants

# %%
oat = scoring.one_at_a_time(book)
publish.table(
    oat,
    "table_19_variants",
    caption="Ranks of the cities when one choice of the nominal composite is changed at a time (normalisation, aggregation, or an element or sub-dimension left out), with the rank shifts",
)
oat.head(10)

# %% [markdown]
# ## Table 20: coherence of the structure

# %%
coh = scoring.coherence(book, within=False)
publish.table(
    coh.table,
    "table_20_coherence",
    caption="Rank correlations (Spearman, Kendall) between sub-dimension scores, element scores and the index",
    notes=[coh.note],
)
coh.table.head()

# %% [markdown]
# ## Table 21 and Figure 11: external assessments beside smartcase's ranks

# %%
external = scoring.load_external_assessments()
val = scoring.external_validation(scores, external)
ext_table = val.table.copy()
ext_table["note"] = val.city_notes
publish.table(
    ext_table,
    "table_21_external_validation",
    caption="smartcase's rank of each city beside its ranks in external assessments (edition and method version), with a note where a city has none",
    notes=[
        "External ranks are as published by the assessing bodies (see the sources of data/external_assessments.csv); ranks of different editions and method versions are not comparable with each other."
    ],
)
publish.table(
    val.correlations,
    "table_s07_external_correlations",
    caption="Spearman rank correlation between smartcase's ranks and each external ranking, where at least three cities have a rank",
)
val

# %%
ax = scoring.plot_radar(scores, labels=LABELS)
publish.figure(
    ax.figure,
    "fig_11_radar",
    caption="Element scores (0-100) of the five cities on the three elements",
)
