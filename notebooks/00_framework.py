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
# # 00 The framework: three elements, their sub-dimensions and the outcome
#
# Kim & Lim (2020) name three ideal-typical elements of smart-city innovation: *technology, data
# and infrastructure*, *innovative capacity* and the *institutional setting*. Their public English
# abstract defines the elements; the report's own sub-elements and tables are not public.
# smartcase operationalises each element by sub-dimensions with a codebook entry (MacQueen form)
# and a four-level rubric (0 absent, 1 emerging, 2 developing, 3 established), and defines the
# outcome *people-oriented smart-city innovation* with its own rubric. The sub-dimensions, the
# codebook and the rubric are smartcase's, not the report's.
#
# This notebook writes Table 1 (the framework), Figure 1 (the framework diagram) and the
# supplementary tables S1-S3 (element definitions, codebook, rubric). Under each table and
# figure, the findings are sentences computed from the framework and the codes
# (`smartcase.findings`), so they stay true when the data change. Run
# `python -m smartcase reproduce` to regenerate every output.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import smartcase
from smartcase import charts, findings, publish

book = smartcase.load_cases()
fw = book.framework
reading = findings.framework_findings(book)  # the computed findings of this notebook
fw

# %% [markdown]
# ## Table 1: elements and sub-dimensions

# %%
table1 = fw.table().drop(columns="construct_id")
table1.columns = ["Element", "Sub-dimension", "Short definition"]
publish.table(
    table1,
    "table_01_framework",
    caption="The smartcase framework: the three elements of Kim & Lim (2020) with smartcase's sub-dimensions, and the outcome",
    notes=[
        charts.FRAMEWORK_ATTRIBUTION,
        "Each sub-dimension and the outcome are coded 0 absent, 1 emerging, 2 developing, 3 established (Table S3).",
    ],
)
display(table1)
findings.show(reading[reading["key"].isin(["elements", "weights"])])

# %% [markdown]
# ## Figure 1: the framework diagram

# %%
ax = charts.framework_diagram(fw)
publish.figure(
    ax.figure,
    "fig_01_framework",
    caption="The three elements of smart-city innovation and the outcome they are expected to support",
    notes=[charts.FRAMEWORK_ATTRIBUTION],
)

# %%
findings.show(reading[reading["key"] == "elements"])

# %% [markdown]
# ## Table S1: element definitions and their basis in the abstract

# %%
elements = fw.elements.reset_index()[["label", "definition", "basis"]]
elements.columns = ["Element", "Definition (smartcase's wording)", "Basis"]
publish.table(
    elements,
    "table_s01_elements",
    caption="Definitions of the three elements, in smartcase's words, with their basis in the report's English abstract",
)
display(elements)
findings.show(reading[reading["key"] == "basis"])

# %% [markdown]
# ## Table S2: the codebook

# %%
names = {**fw.elements["label"].to_dict(), "subdimension": "Sub-dimension", "outcome": "Outcome"}
codebook = publish.readable(
    fw.codebook.reset_index()[
        [
            "kind",
            "element_id",
            "label",
            "short_definition",
            "full_definition",
            "when_to_use",
            "when_not_to_use",
            "example",
        ]
    ],
    names,
    columns={"element_id": "Element", "kind": "Kind"},
)
publish.table(
    codebook,
    "table_s02_codebook",
    caption="Codebook of the sub-dimensions and the outcome (MacQueen et al. 1998 form)",
    notes=[
        "The sub-dimensions and their definitions are smartcase's operationalisation; the report's own sub-elements are not public."
    ],
)
display(codebook.head())
findings.show(reading[reading["key"] == "codebook"])

# %% [markdown]
# ## Table S3: the rubric (anchor of each level for each sub-dimension and the outcome)

# %%
rubric = fw.rubric.pivot(index="construct_id", columns="level", values="anchor").reindex(
    fw.codebook.index
)
rubric.columns = [
    f"{lvl} {fw.rubric.loc[fw.rubric['level'] == lvl, 'level_label'].iloc[0]}"
    for lvl in rubric.columns
]
rubric.insert(0, "Sub-dimension or outcome", fw.codebook["label"])
rubric = rubric.reset_index(drop=True)
publish.table(
    rubric,
    "table_s03_rubric",
    caption="Rubric: what each level means for each sub-dimension and for the outcome (reference point: end of 2020)",
)
display(rubric.head())
findings.show(reading[reading["key"].isin(["rubric", "usage"])])

# %% [markdown]
# ## What we found
#
# What the framework is and how it has been used on the five cases, in numbers.

# %%
findings.show(reading[reading["key"].isin(["elements", "rubric", "usage"])], heading=None)

# %% [markdown]
# ## How sure we are
#
# The elements are the report's; everything below them is smartcase's operationalisation, and
# a zero may mean "not found" rather than "absent".

# %%
findings.show(reading[reading["key"].isin(["basis", "weights", "usage"])], heading=None)

# %%
plt.close("all")
pd.DataFrame([r.to_dict() for r in publish.registry()])[["kind", "name", "number"]]
