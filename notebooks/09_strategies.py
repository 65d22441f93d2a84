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
# working. See `smartcase.strategy` and `data/STRATEGIES.md` for the rules. The chapter ends with
# the lessons the Korean local governments can take from the European cases (Table 26): each
# names the European practice, the evidence behind it, the Korean gap and the strategy of the
# catalogue that addresses it. Under each table and figure, *What this shows* gives sentences
# computed from the results (`smartcase.findings`).

# %%
import matplotlib.pyplot as plt
from IPython.display import display

import smartcase
from smartcase import charts, findings, publish, strategy, walkthrough
from smartcase.contrast import lessons

book = smartcase.load_cases()
NAMES = publish.display_names(book)
SYNTHESIS = "The stage model and the strategies are smartcase's synthesis; the report's own policy tables are not public."

# %% [markdown]
# ## Table S10: the smartcase stage model

# %%
stages = strategy.stages().reset_index()[["order", "label", "summary", "priorities", "basis"]]
publish.table(
    publish.readable(stages, columns={"order": "Stage", "label": "Name"}),
    "table_s10_stage_model",
    caption="The smartcase stage model: stages, what marks them and the policy priorities at each",
    notes=[
        SYNTHESIS,
        "Entry conditions of each stage are listed in data/stages.csv and applied by smartcase.strategy.diagnose_stage.",
    ],
)
display(stages)
findings.show(findings.stage_model_findings(book)[lambda f: f["key"] == "stages"])

# %% [markdown]
# ## Table 24 and Figure 13: where each city stands

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
    "table_24_stage_diagnosis",
    caption="Stage of each city in the smartcase stage model, with the conditions of the next stage it does not meet",
    notes=[SYNTHESIS],
)
display(overview)
stage_reading = findings.stage_findings(book)
findings.show(stage_reading)

# %%
ax = charts.stage_plot(book)
publish.figure(
    ax.figure,
    "fig_13_stage_diagnosis",
    caption="Stage reached by each city in the smartcase stage model and the share of the next stage's conditions it meets",
    notes=[SYNTHESIS],
)

# %%
findings.show(findings.stage_model_findings(book)[lambda f: f["key"] == "reached"])

# %%
for case in book.case_ids:
    display(strategy.diagnose_stage(book, case))

# %% [markdown]
# ## Table 25: prioritised strategies per city
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
    "table_25_strategies",
    caption="Prioritised strategies for each city (five per city), with the reason and a peer city",
    notes=[
        SYNTHESIS,
        "Strategy ids refer to the strategy catalogue (Table S11), evidence ids to the evidence table.",
    ],
)
display(recs[["case", "priority", "element", "strategy_id", "peer_case"]])
strategy_reading = findings.strategy_findings(recs, book)
findings.show(strategy_reading)

# %% [markdown]
# ## Table 26: lessons for Korean local governments from the European cases
#
# Every sub-dimension on which a European case shows a practice (code 2 or 3) that at least one
# Korean case lacks (a code at least one level lower): the practice with the evidence behind it,
# the Korean cases with the gap and what their codes cite, and the strategy of the catalogue that
# targets the gap (`smartcase.contrast.lessons`). A gap resting on a "not found" zero or a
# low-confidence code may be a gap in the documentation; the finding below counts them.

# %%
lesson_table = lessons(book)
publish.table(
    publish.readable(
        lesson_table.assign(
            gap_codes=lesson_table["gap_codes"].str.replace("=", ": ", regex=False),
            gap_size=lesson_table["gap_size"].round(2),
            practice_evidence_ids=lesson_table["practice_evidence_ids"].str.replace(";", ", "),
            gap_evidence_ids=lesson_table["gap_evidence_ids"].str.replace(";", ", "),
        ),
        {**NAMES, "cross": "Cross-cutting", "outcome": "Outcome"},
        columns={
            "element": "Element",
            "label": "Sub-dimension",
            "practice": "European practice",
            "practice_code": "Its code",
            "practice_evidence_ids": "Evidence of the practice (ids)",
            "gap": "Korean cases with the gap",
            "gap_codes": "Their codes",
            "gap_evidence_ids": "Evidence of the gap (ids)",
            "gap_size": "Gap (levels)",
            "strategy_id": "Strategy (id)",
            "strategy": "Strategy that addresses it",
        },
        drop=["lesson", "subdimension", "other_strategy_ids"],
        within_text=["gap_codes"],
        decimals={"gap_size": 2},
    ),
    "table_26_lessons",
    caption="Lessons for Korean local governments from the European cases: the practice, the evidence behind it, the Korean cases' gap and the strategy of the catalogue that addresses it, largest gap first",
    notes=[
        SYNTHESIS,
        "Gap: the practice's code minus the mean code of the Korean cases with the gap. Their codes: 0 with no evidence cited is 'not found' in the sources consulted, not a proven absence.",
    ],
)
display(lesson_table[["label", "practice", "gap", "gap_size", "strategy_id"]])
lesson_reading = findings.lesson_findings(lesson_table, book)
findings.show(lesson_reading)

# %% [markdown]
# ## Table S11: the strategy catalogue

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
    "table_s11_strategy_catalogue",
    caption="The strategy catalogue: strategies for each element and cross-cutting ones, the policy direction of the abstract each follows, and the case evidence that exemplifies it",
    notes=[SYNTHESIS],
)
display(catalogue.head())
findings.show(findings.catalogue_findings(catalogue, book))

# %% [markdown]
# ## What we found
#
# Where each city stands in smartcase's stage model, what comes first for it, and what the
# Korean cases can take from the European ones.

# %%
findings.show(
    stage_reading,
    strategy_reading[strategy_reading["key"] == "first"],
    lesson_reading[lesson_reading["key"].isin(["count", "largest"])],
    heading=None,
)

# %% [markdown]
# ## How sure we are
#
# The stage model, the catalogue and the ranking rules are smartcase's synthesis, not the
# report's; the recommendations and lessons inherit every caveat of the codes they read.

# %%
plt.close("all")
findings.show(
    lesson_reading[lesson_reading["key"] == "firmness"],
    strategy_reading[strategy_reading["key"] == "peers"],
    heading=None,
)
