# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
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
# # 01 Busan: case walkthrough
#
# One walkthrough per case: the case's profile, its evidence by element with sources, the codes and
# their rationale, an evidence timeline, a profile chart and what the case teaches. Every case
# notebook is made from one template by `smartcase.walkthrough.case_notebook` (the same function
# makes the walkthrough of a case you add); only the parameter cell and the title differ. Every
# table and sentence is generated from the case base by `smartcase.walkthrough`; the codes of the
# bundled cases are smartcase's reconstruction from public sources (reference year 2020), not the
# report's own tables.

# %% tags=["parameters"]
CASE = "busan"
DATA_DIR = None  # None: the bundled case base; else the folder of your own case base

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import smartcase
from smartcase import charts, coding, publish, walkthrough

book = smartcase.load_cases(DATA_DIR)
NAME = book.cases.at[CASE, "name"]
NUM = walkthrough.appendix_number(book, CASE)  # 'a1' ... 'a5': the case's appendix series
print(f"{NAME}: outputs numbered {NUM.upper()}a, {NUM.upper()}b, ...")

# %% [markdown]
# ## Profile: population, programmes, lead organisations

# %%
profile = walkthrough.case_profile(book, CASE)
publish.table(
    publish.readable(
        profile,
        columns={
            "attribute": "Attribute",
            "value": "Value",
            "year": "Year",
            "source_id": "Sources (ids)",
        },
    ),
    f"table_{NUM}a_{CASE}_profile",
    caption=f"{NAME}: case profile",
    notes=["Source ids refer to the sources table of the case (Table " + NUM.upper() + "e)."],
)
profile

# %%
programmes = walkthrough.case_programmes(book, CASE)
publish.table(
    publish.readable(
        programmes,
        columns={
            "programme": "Programme",
            "start": "Start",
            "end": "End",
            "lead_organisations": "Lead organisations",
            "description": "Description",
            "source_id": "Source (id)",
        },
        drop=["programme_id"],
    ),
    f"table_{NUM}b_{CASE}_programmes",
    caption=f"{NAME}: flagship programmes with start year and lead organisations",
    notes=[
        "An empty end year means the programme was running at the reference year or its end is not documented."
    ],
)
programmes

# %% [markdown]
# ## The codes and their rationale

# %%
codes = walkthrough.case_codes(book, CASE)
publish.table(
    publish.readable(
        codes,
        columns={
            "element": "Element",
            "construct": "Sub-dimension or outcome",
            "code": "Code",
            "level": "Level",
            "confidence": "Confidence",
            "rationale": "Rationale",
            "evidence_ids": "Evidence (ids)",
        },
    )[
        [
            "Element",
            "Sub-dimension or outcome",
            "Code",
            "Level",
            "Confidence",
            "Rationale",
            "Evidence (ids)",
        ]
    ],
    f"table_{NUM}c_{CASE}_codes",
    caption=f"{NAME}: codes of the sub-dimensions and the outcome with confidence, cited evidence and rationale",
    notes=[
        "Codes: 0 absent, 1 emerging, 2 developing, 3 established (rubric: Table S3). Confidence 'low' marks thin or indirect evidence."
    ],
)
codes[["element", "construct", "code", "level", "confidence"]]

# %% [markdown]
# ## Evidence by element, with sources

# %%
evidence = walkthrough.case_evidence(book, CASE)
publish.table(
    publish.readable(
        evidence,
        columns={
            "element": "Element",
            "subdimension": "Sub-dimension",
            "evidence_id": "Id",
            "year": "Year",
            "statement": "Statement",
            "strength": "Strength",
            "post_2020": "After 2020",
            "source": "Source",
            "source_id": "Source (id)",
        },
    )[
        [
            "Element",
            "Sub-dimension",
            "Year",
            "Statement",
            "Strength",
            "After 2020",
            "Source",
            "Id",
            "Source (id)",
        ]
    ],
    f"table_{NUM}d_{CASE}_evidence",
    caption=f"{NAME}: evidence items by element and sub-dimension",
    notes=[
        "Statements are smartcase's summaries of the cited source; 'After 2020' marks facts dated after the reference year 2020 (described, never used to raise a code)."
    ],
)
evidence.groupby("element", sort=False).size().rename("items")

# %%
for element_id in book.framework.element_ids:
    part = walkthrough.case_evidence(book, CASE, element=element_id)
    display(Markdown(f"### {book.framework.elements.at[element_id, 'label']} ({len(part)} items)"))
    display(part[["subdimension", "year", "statement", "strength", "source_id"]])

# %%
sources = walkthrough.case_sources(book, CASE)
publish.table(
    publish.readable(
        sources,
        columns={
            "source_id": "Id",
            "author": "Author or publisher",
            "year": "Year",
            "title": "Title",
            "url": "URL",
            "accessed": "Accessed",
            "language": "Language",
            "kind": "Kind",
        },
    ),
    f"table_{NUM}e_{CASE}_sources",
    caption=f"{NAME}: sources cited by the case's evidence, programmes and profile",
)
sources.head()

# %% [markdown]
# ## Profile chart

# %%
ax = charts.profile_plot(book, CASE)
publish.figure(
    ax.figure,
    f"fig_{NUM}a_{CASE}_profile",
    caption=f"{NAME}: codes by sub-dimension and the outcome, beside the range and median of the other cases",
    notes=["Hatched bars: codes given with low confidence."],
)

# %% [markdown]
# ## Evidence timeline

# %%
timeline = coding.evidence_timeline(book, case=CASE)
ax = coding.timeline_plot(book, case=CASE)
publish.figure(
    ax.figure,
    f"fig_{NUM}b_{CASE}_timeline",
    caption=f"{NAME}: evidence items by year and element",
    notes=[
        "Years after the reference year 2020 are shaded; those items are flagged and described, not used to raise codes above the 2020 state."
    ],
)
timeline

# %% [markdown]
# ## What the case teaches
#
# The sentences below are composed from the codes, the stage diagnosis and the evidence base;
# they state what the data hold and nothing more.

# %%
display(Markdown("\n".join(f"- {line}" for line in walkthrough.lessons(book, CASE))))
plt.close("all")
