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
# # 09 Stage diagnosis and prioritised strategies per city
#
# Kim & Lim (2020) end with policy directions, strategies for each element and priorities for
# different policy stages. Only the directions are public (the report's English abstract): the
# report's policy tables, its stage names and its number of stages are not. What this notebook
# shows is therefore **smartcase's synthesis**: a stage model of its own (`data/stages.csv`,
# conditions held as data), a catalogue of strategies grounded in the abstract's directions and in
# practices found in the cases (`data/strategies.csv`, each strategy citing case evidence), a
# rule-based diagnosis of each city's stage, and a ranking of the strategies that target the
# city's weakest sub-dimensions for its stage, each with a peer case that shows the practice
# working. See `smartcase.strategy` and `data/STRATEGIES.md` for the rules.

# %%
import matplotlib.pyplot as plt
from IPython.display import display

import smartcase
from smartcase import charts, publish, strategy, walkthrough

book = smartcase.load_cases()
NAMES = publish.display_names(book)
SYNTHESIS = "The stage model and the strategies are smartcase's synthesis; the report's own policy tables are not public."

# %% [markdown]
# ## Table S5: the smartcase stage model

# %%
stages = strategy.stages().reset_index()[["order", "label", "summary", "priorities", "basis"]]
publish.table(
    publish.readable(stages, columns={"order": "Stage", "label": "Name"}),
    "table_s05_stage_model",
    caption="The smartcase stage model: stages, what marks them and the policy priorities at each",
    notes=[
        SYNTHESIS,
        "Entry conditions of each stage are listed in data/stages.csv and applied by smartcase.strategy.diagnose_stage.",
    ],
)
stages

# %% [markdown]
# ## Table 22 and Figure 11: where each city stands

# %%
overview = walkthrough.stage_overview(book)
stage_names = {sid: f"stage {int(r.order)}" for sid, r in strategy.stages().iterrows()}
publish.table(
    publish.readable(
        overview.assign(
            next_stage=overview["next_stage"].str.replace(r"^s(\d+) ", r"Stage \1: ", regex=True)
        ),
        {**NAMES, **stage_names},
        columns={
            "case": "City",
            "stage": "Stage",
            "next_stage": "Next stage",
            "next_conditions_met": "Its conditions met",
            "unmet_conditions": "Conditions not met",
        },
        drop=["stage_id"],
        within_text=["unmet_conditions"],
    ),
    "table_22_stage_diagnosis",
    caption="Stage of each city in the smartcase stage model, with the conditions of the next stage it does not meet",
    notes=[SYNTHESIS],
)
overview

# %%
ax = charts.stage_plot(book)
publish.figure(
    ax.figure,
    "fig_11_stage_diagnosis",
    caption="Stage reached by each city in the smartcase stage model and the share of the next stage's conditions it meets",
    notes=[SYNTHESIS],
)

# %%
for case in book.case_ids:
    display(strategy.diagnose_stage(book, case))

# %% [markdown]
# ## Table 23: prioritised strategies per city
#
# The five highest-priority strategies for each city: they target the city's weakest
# sub-dimensions among those its stage calls for, each with the reason (the gap in codes) and a
# peer case whose codes and evidence show the practice working.

# %%
recs = walkthrough.recommendations(book, n=5)
reader_recs = recs.assign(
    ids=[
        f"{s}; peer evidence: {e.replace(';', ', ')}" if e else s
        for s, e in zip(recs["strategy_id"], recs["peer_evidence_ids"].fillna(""), strict=True)
    ]
)
publish.table(
    publish.readable(
        reader_recs,
        {**NAMES, **stage_names, "outcome": "Outcome", "cross": "Cross-cutting"},
        columns={
            "case": "City",
            "priority": "Priority",
            "element": "Element",
            "strategy": "Strategy",
            "reason": "Why for this city",
            "peer_case": "Peer city",
            "ids": "Strategy and evidence (ids)",
        },
        drop=["strategy_id", "peer_evidence_ids"],
        within_text=["reason"],
    ),
    "table_23_strategies",
    caption="Prioritised strategies for each city (five per city), with the reason and a peer city",
    notes=[
        SYNTHESIS,
        "Strategy ids refer to the strategy catalogue (Table S6), evidence ids to the evidence table.",
    ],
)
recs[["case", "priority", "element", "strategy_id", "peer_case"]]

# %% [markdown]
# ## Table S6: the strategy catalogue

# %%
catalogue = strategy.load_strategies().reset_index()
directions = {d: d.replace("_", " ").capitalize() for d in catalogue["direction"].dropna().unique()}
publish.table(
    publish.readable(
        catalogue.assign(
            stage_ids=catalogue["stage_ids"]
            .str.replace("s", "", regex=False)
            .str.replace(";", ", ")
        ),
        {**NAMES, **directions, "cross": "Cross-cutting", "outcome": "Outcome"},
        columns={
            "strategy_id": "Id",
            "element_id": "Element",
            "target_subdimensions": "Targets",
            "stage_ids": "Stages",
            "direction": "Policy direction",
            "exemplar_evidence_ids": "Exemplar evidence (ids)",
        },
    ),
    "table_s06_strategy_catalogue",
    caption="The strategy catalogue: strategies for each element and cross-cutting ones, the policy direction of the abstract each follows, and the case evidence that exemplifies it",
    notes=[SYNTHESIS],
)
catalogue.head()
plt.close("all")
