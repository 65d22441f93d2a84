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
# nothing more. Under each table and figure, *What this shows* gives sentences computed from the
# results (`smartcase.findings`); the chapter ends with what we found and how sure we are. The codes are smartcase's reconstruction from public sources (reference year
# 2020), not the report's own tables.

# %%
import matplotlib.pyplot as plt
from IPython.display import display

import smartcase
from smartcase import findings, publish, scoring
from smartcase.style import SCORE_TICKS

book = smartcase.load_cases()
SEED = 0
# display names for figures: city names and element labels instead of ids
LABELS = {**publish.display_names(book), "index": "Overall index"}
# every figure and table shows element scores on one scale: the mean code (0-3); goalpost
# scores (0-100) are the same numbers times 100/3
TO_MEAN_CODE = 3 / 100

# %% [markdown]
# ## Table 18: element scores and the overall index (nominal choices)

# %%
scores = scoring.composite(book)
on_codes = scores.copy()
score_columns = [*book.framework.element_ids, "index"]
# rounded to 10 places so that 1.875 stays 1.875 and rounds like every other table (1.88)
on_codes[score_columns] = (on_codes[score_columns] * 3 / 100).round(10)
publish.table(
    publish.readable(
        on_codes,
        LABELS,
        columns={"case_id": "City", "rank": "Rank"},
        decimals=3,
    ),
    "table_18_composite_scores",
    caption="Element scores and overall index of each city on the 0-3 scale of mean codes, with rank: goalpost normalisation of the codes, equal weights, arithmetic aggregation",
    notes=[
        "With goalposts (code 0 = 0, code 3 = 100) an element score is the element's mean code times 100/3; it is shown here as the mean code, the scale of every table and figure.",
        "Rank 1 is the highest index; ties share the better rank. Three decimals, so that close indices of different rank are told apart.",
    ],
)
display(on_codes.round(2))
findings.show(findings.score_findings(scores, names=LABELS, scale=3))

# %% [markdown]
# ## Uncertainty analysis (Monte Carlo, 10,000 replications)

# %%
unc = scoring.uncertainty(book, n=10_000, seed=SEED)
unc

# %%
publish.table(
    publish.readable(
        unc.summary,
        LABELS,
        columns={
            "case_id": "City",
            "nominal_rank": "Nominal rank",
            "median_rank": "Median rank",
            "q05": "5th percentile",
            "q95": "95th percentile",
            "mean_rank": "Mean rank",
            "share_nominal": "Share at the nominal rank",
        },
        decimals=2,
    ),
    "table_19_rank_uncertainty",
    caption="Rank uncertainty of each city over 10,000 Monte Carlo replications (seed 0): nominal rank, median rank and the 5th-95th percentile interval",
    notes=[
        "Each replication draws a normalisation (goalposts, min-max, rank), an aggregation (arithmetic, geometric, Copeland), weights around the nominal ones and a change of ±1 in codes resting only on weak evidence or on none ('not found' zeros).",
    ],
)
display(unc.summary)
rank_reading = findings.score_findings(scores, unc.summary, names=LABELS, scale=3)
findings.show(rank_reading[rank_reading["key"].isin(["stable", "unstable"])])

# %% [markdown]
# Scores are only comparable on one scale: min-max and rank normalisation move every city's score
# (five cases always put one city at 0 and one at 100). The whiskers of Figure 11 therefore come
# from a second Monte Carlo that keeps the nominal scale (goalposts) and aggregation (arithmetic)
# and varies only the weights and the codes on weak or no evidence; the ranks above vary every choice.

# %%
unc_scores = scoring.uncertainty(
    book, n=10_000, seed=SEED, normalize="goalposts", aggregation="arithmetic"
)
ax = scoring.plot_element_scores(
    scores,
    unc_scores,
    labels=LABELS,
    scale=TO_MEAN_CODE,
    ylabel="Element score (mean code, 0-3)",
    levels=SCORE_TICKS,
)
publish.figure(
    ax.figure,
    "fig_11_element_scores",
    caption="Element scores and overall index of each city on the 0-3 scale of mean codes (goalpost normalisation, arithmetic aggregation), with whiskers from the 5th to the 95th percentile of each element score over 10,000 replications that vary the weights (±25 %) and the codes resting only on weak evidence or on none (±1)",
)

# %%
findings.show(
    findings.interval_findings(unc_scores.element_summary, names=LABELS, factor=TO_MEAN_CODE)
)

# %%
ax = scoring.plot_rank_frequency(unc, labels=LABELS)
publish.figure(
    ax.figure,
    "fig_12_rank_frequency",
    caption="Share of the 10,000 Monte Carlo replications that give each city each rank; squares mark the nominal rank",
)

# %%
frequency_reading = findings.rank_frequency_findings(unc.rank_share, names=LABELS)
findings.show(frequency_reading)

# %% [markdown]
# ## Table 20: sensitivity analysis (Sobol indices of each choice on each city's rank)

# %%
sens = scoring.sensitivity(book, n=1024, seed=SEED)
CHOICES = {
    "normalize": "Normalisation",
    "aggregation": "Aggregation",
    "weights": "Weights",
    "codes": "Codes on weak or no evidence (±1)",
}
sobol = sens.indices.reset_index(drop=sens.indices.index.name is None)
sobol_table = publish.readable(
    sobol.assign(
        S1=publish.with_interval(sobol["S1"], sobol["S1_conf"]),
        ST=publish.with_interval(sobol["ST"], sobol["ST_conf"]),
    ),
    {**LABELS, **CHOICES},
    columns={
        "case_id": "City",
        "input": "Choice",
        "S1": "First-order index S1 (95% CI)",
        "ST": "Total index ST (95% CI)",
    },
    drop=["S1_conf", "ST_conf"],
)
publish.table(
    sobol_table,
    "table_20_sensitivity",
    caption="First-order (S1) and total (ST) Sobol indices of the analyst's choices on each city's rank, with 95% bootstrap confidence intervals",
    notes=[
        sens.note,
        "A first-order index is a share of variance and cannot be below 0: a negative estimate is the sampling error of the estimator around a true value near 0 (the choice alone hardly moves that city's rank)"
        + (
            "; every negative estimate here has 0 inside its interval."
            if ((sobol["S1"] >= 0) | (sobol["S1"] + sobol["S1_conf"] >= 0)).all()
            else "."
        ),
    ],
)
display(sobol_table)
sensitivity_reading = findings.sensitivity_findings(sens.indices, names={**LABELS, **CHOICES})
findings.show(sensitivity_reading)

# %% [markdown]
# ## Table 21: one-at-a-time variants

# %%
oat = scoring.one_at_a_time(book)
publish.table(
    publish.readable(
        oat,
        LABELS,
        columns={
            "variant": "Variant",
            "kind": "Kind",
            "mean_abs_rank_shift": "Mean rank shift",
            "max_abs_rank_shift": "Largest rank shift",
        },
        decimals=1,
        within_text=["variant"],
    ),
    "table_21_variants",
    caption="Ranks of the cities when one choice of the nominal composite is changed at a time (normalisation, aggregation, or an element or sub-dimension left out), with the rank shifts",
)
display(oat.head(10))
findings.show(findings.variant_findings(oat, names=LABELS))

# %% [markdown]
# ## Table 22: coherence of the structure

# %%
coh = scoring.coherence(book, within=False)
publish.table(
    publish.readable(
        coh.table,
        LABELS,
        columns={
            "a": "Score",
            "b": "Compared with",
            "kind": "Kind",
            "spearman": "Spearman rho",
            "spearman_p": "p (Spearman)",
            "spearman_method": "p-value method",
            "kendall": "Kendall tau",
            "kendall_p": "p (Kendall)",
            "note": "Note",
        },
        decimals=2,
    ),
    "table_22_coherence",
    caption="Rank correlations (Spearman, Kendall) between sub-dimension scores, element scores and the index",
    notes=[coh.note],
)
display(coh.table.head())
coherence_reading = findings.coherence_findings(coh.table, names=LABELS)
findings.show(coherence_reading)

# %% [markdown]
# ## Table 23 and Table S9: external assessments beside smartcase's ranks

# %%
external = scoring.load_external_assessments()
val = scoring.external_validation(scores, external)
ext_table = val.table.copy()
ext_table["note"] = val.city_notes.str.replace("rebased_", "rebased ", regex=False)
publish.table(
    publish.readable(
        ext_table, LABELS, columns={"case_id": "City", "smartcase_rank": "smartcase rank"}
    ),
    "table_23_external_validation",
    caption="smartcase's rank of each city beside its ranks in external assessments (edition and method version), with a note where a city has none",
    notes=[
        "External ranks are as published by the assessing bodies (see the sources of data/external_assessments.csv); ranks of different editions and method versions are not comparable with each other."
    ],
)
display(val)
external_reading = findings.external_findings(val, names=LABELS)
findings.show(external_reading[external_reading["key"].isin(["coverage", "pairs"])])

# %%
publish.table(
    publish.readable(
        val.correlations,
        columns={
            "external": "External ranking",
            "n_cases": "Cities ranked",
            "spearman": "Spearman rho",
            "spearman_p": "p",
        },
        decimals=2,
    ),
    "table_s09_external_correlations",
    caption="Spearman rank correlation between smartcase's ranks and each external ranking, where at least three cities have a rank",
)
display(val.correlations)
findings.show(external_reading[external_reading["key"].isin(["correlation", "reading"])])

# %% [markdown]
# ## What we found
#
# Where the cities stand on the composite and which of the analyst's choices move them.

# %%
findings.show(
    rank_reading[rank_reading["key"].isin(["top", "bottom", "stable"])],
    sensitivity_reading[sensitivity_reading["key"] == "overall"],
    heading=None,
)

# %% [markdown]
# ## How sure we are
#
# A composite of five cases rests on the analyst's choices and on codes of uneven evidence; the
# sentences below say how far the ranks depend on them and what the checks can and cannot show.

# %%
plt.close("all")
findings.show(
    frequency_reading[frequency_reading["key"] == "open"],
    sensitivity_reading[sensitivity_reading["key"] == "interactions"],
    coherence_reading[coherence_reading["key"] == "reading"],
    external_reading[external_reading["key"].isin(["pairs", "reading"])],
    heading=None,
)
