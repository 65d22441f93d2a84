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
# # 04 Helsinki: case walkthrough
#
# One chapter per case: the question it answers, the case's story from its sourced narrative,
# its programmes, every code beside the evidence behind it, the case against its peers, and what
# we found and how sure we are. Every case notebook is made from one template by
# `smartcase.walkthrough.case_notebook` (the same function makes the chapter of a case you add);
# only the parameter cell and the title differ. Every table, figure and finding is computed from
# the case base (`smartcase.walkthrough`, `smartcase.findings`), so the text stays true when the
# data change; the codes of the bundled cases are smartcase's reconstruction from public sources
# (reference year 2020), not the report's own tables.

# %% tags=["parameters"]
CASE = "helsinki"
DATA_DIR = None  # None: the bundled case base; else the folder of your own case base

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import smartcase
from smartcase import charts, coding, findings, publish, walkthrough
from smartcase.approach import combined_approach

book = smartcase.load_cases(DATA_DIR)
NAME = book.cases.at[CASE, "name"]
NUM = walkthrough.appendix_number(book, CASE)  # 'a1' ... 'a5': the case's appendix series
display(Markdown(walkthrough.case_question(book, CASE)))
print(f"{NAME}: outputs numbered {NUM.upper()}a, {NUM.upper()}b, ...")

# %% [markdown]
# ## The case in its setting: the sourced narrative
#
# The narrative is data (`data/narratives/<case>.md`): the national and local context, the
# flagship programmes in time order and what the case shows on each element. Every paragraph
# cites the evidence items it rests on in square brackets (their statements and sources are in
# the tables below); a dagger (†) marks an item dated after the reference year 2020, which is
# described but never raises a code. A case without a narrative gets a note saying so.

# %%
display(Markdown(smartcase.narrative_markdown(book, CASE, heading_level=3)))
findings.show(findings.narrative_findings(book, CASE), heading="What the narrative rests on")

# %% [markdown]
# ## Profile and programmes

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
display(profile)
findings.show(findings.case_profile_findings(book, CASE))

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
display(programmes[["programme", "start", "end", "lead_organisations"]])
findings.show(findings.programme_findings(book, CASE))

# %% [markdown]
# ## Every code beside its evidence
#
# Each sub-dimension and the outcome with its code (0 absent, 1 emerging, 2 developing,
# 3 established; rubric: Table S3), the confidence and the coder's rationale, followed by every
# evidence item the code cites: id, year, strength, smartcase's summary of the source and the
# source itself.

# %%
code_table = walkthrough.code_evidence(book, CASE, repeat=False)
publish.table(
    publish.readable(
        code_table,
        columns={
            "element": "Element",
            "construct": "Sub-dimension or outcome",
            "code": "Code",
            "level": "Level",
            "confidence": "Confidence",
            "rationale": "Rationale",
            "evidence_id": "Evidence (id)",
            "year": "Year",
            "strength": "Strength",
            "statement": "Statement",
            "source_id": "Source (id)",
        },
        drop=["construct_id", "source"],
    ),
    f"table_{NUM}c_{CASE}_codes",
    caption=f"{NAME}: every code of the sub-dimensions and the outcome with its confidence and rationale, beside the evidence items it cites",
    notes=[
        "One row per cited evidence item; a code's level, confidence and rationale stand on the first row of its items. A code citing no evidence has one row without an item ('not found' zero).",
        f"Statements are smartcase's summaries of the cited source; source ids refer to the sources table of the case (Table {NUM.upper()}e). Confidence 'low' marks thin or indirect evidence.",
    ],
)
findings.show(findings.code_evidence_findings(book, CASE))

# %%
for element_id in [*book.framework.element_ids, "outcome"]:
    display(Markdown(walkthrough.code_evidence_markdown(book, CASE, element=element_id)))

# %% [markdown]
# ## The evidence and its sources

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
display(evidence.groupby("element", sort=False).size().rename("items"))
findings.show(findings.case_evidence_findings(book, CASE))

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
display(sources[["source_id", "author", "year", "kind"]].head())
findings.show(findings.source_findings(book, CASE))

# %% [markdown]
# ## The case against its peers
#
# On each element score (mean code, 0-3), sub-dimension and the outcome: the case's value
# beside the lowest, median and highest of the other cases, and its rank among all cases.

# %%
peers = walkthrough.case_peers(book, CASE)
publish.table(
    publish.readable(
        peers.assign(kind=peers["kind"].str.capitalize()),
        columns={
            "kind": "Kind",
            "element": "Element",
            "construct": "Element, sub-dimension or outcome",
            "value": NAME,
            "peers_min": "Others: lowest",
            "peers_median": "Others: median",
            "peers_max": "Others: highest",
            "rank": "Rank",
            "position": "Position",
        },
        drop=["construct_id"],
        decimals=2,
    ),
    f"table_{NUM}f_{CASE}_peers",
    caption=f"{NAME} against the other cases: element scores (mean code, 0-3), sub-dimension codes and the outcome code, with the lowest, median and highest value of the others and the rank",
    notes=["Rank 1 is the highest; tied cases share the better rank."],
)
case_reading = findings.case_findings(book, CASE)
findings.show(case_reading[case_reading["key"].isin(["element", "unique", "no_peers"])])

# %%
ax = charts.profile_plot(book, CASE)
publish.figure(
    ax.figure,
    f"fig_{NUM}a_{CASE}_profile",
    caption=f"{NAME}: codes by sub-dimension and the outcome, beside the range and median of the other cases",
    notes=[
        "Hatched bars: codes given with low confidence. Open circles at 0: code 0, not found in the sources consulted (hatched when of low confidence)."
    ],
)

# %%
findings.show(case_reading[case_reading["key"].isin(["strongest", "weakest", "outcome"])])

# %% [markdown]
# ## Evidence over time

# %%
ax = coding.timeline_plot(book, case=CASE)
publish.figure(
    ax.figure,
    f"fig_{NUM}b_{CASE}_timeline",
    caption=f"{NAME}: evidence items by year and element",
    notes=[
        "Years after the reference year 2020 are shaded; those items are flagged and described, not used to raise codes above the 2020 state."
    ],
)

# %%
findings.show(findings.timeline_findings(book, CASE))

# %% [markdown]
# ## What we found
#
# Where the case stands on the report's central argument, the combined approach of a smart-city
# base (technology and institutions) with innovative capacity and social innovation; its stage in
# smartcase's stage model; its outcome; and what its programmes lean to.

# %%
position = findings.approach_findings(combined_approach(book))
programme_reading = findings.programme_findings(book, CASE)
findings.show(
    position[position["subject"] == CASE],
    findings.stage_findings(book, cases=[CASE]),
    case_reading[case_reading["key"] == "outcome"],
    programme_reading[programme_reading["key"] == "elements"],
    heading=None,
)

# %% [markdown]
# ## How sure we are
#
# The caveats that apply to this case's codes, computed from what each code rests on: codes on
# a single source, on news or weak items only, on evidence whose year is inferred, zeros that
# mean "not found in the sources consulted", and codes given with low confidence.

# %%
plt.close("all")
findings.show(findings.case_caveats(book, CASE), heading=None)
