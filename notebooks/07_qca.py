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
# # 07 Qualitative comparative analysis (QCA) of the five cases
#
# Which combinations of the three elements go with people-oriented smart-city innovation? This
# notebook calibrates the element codes and the outcome into fuzzy sets, builds the truth table,
# derives the conservative, parsimonious and intermediate solutions with their fit, tests
# necessity, draws XY plots, checks how the solutions change with the calibration anchors, runs
# the robustness test protocol and selects the cities for within-case study. It ends with what
# we found and how sure we are, including what five cases can and cannot show. Under each table
# and figure, *What this shows* gives sentences computed from the results (`smartcase.findings`,
# `smartcase.membership`). The calibration is the adapter
# `smartcase.membership` (anchors stated there); the analysis is `smartcase.qca`, which gives R
# QCA's answers. The codes are smartcase's reconstruction from public sources (reference year
# 2020), not the report's own tables.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import smartcase
from smartcase import charts, findings, membership, publish, qca
from smartcase.qca.minimization import minimize
from smartcase.qca.truthtable import truth_table

book = smartcase.load_cases()
SETS = publish.set_names(book)  # one-word set names for QCA notation: Technology, Capacity, ...
CITIES = book.cases["name"].to_dict()
NAMES = {**SETS, **CITIES}
CONDITIONS = [SETS[c] for c in ["technology", "capacity", "institutions"]]
OUTCOME = SETS["innovation"]
INCL_CUT = 0.8

# %% [markdown]
# ## Table 13: calibration
#
# Raw values on the rubric's 0-3 scale (element: the mean code of its sub-dimensions; outcome:
# its code) calibrated by the direct method with the logistic function: full non-membership at
# 0.5, crossover at 1.5, full membership at 2.5 (`smartcase.membership.FUZZY_ANCHORS`); the crisp
# version puts a case in a set when its raw value is at least 1.5.

# %%
calibration = membership.calibration_table(book)
publish.table(
    publish.readable(
        calibration,
        NAMES,
        columns={
            "case_id": "Case",
            "raw": "Raw value (0-3)",
            "fuzzy_anchors": "Fuzzy anchors",
            "fuzzy": "Fuzzy membership",
            "crisp_threshold": "Crisp threshold",
            "crisp": "Crisp membership",
        },
        decimals={"raw": 2, "fuzzy": 2},
        within_text=["crisp_threshold"],
    ),
    "table_13_calibration",
    caption="Calibration of the element scores and the outcome: raw values (0-3), fuzzy memberships (direct method, logistic; anchors e = 0.5, c = 1.5, i = 2.5) and crisp memberships (threshold 1.5)",
    notes=[
        "Anchors are smartcase's choice: 0.5 and 2.5 lie half-way between absent and emerging and between developing and established; 1.5 is the middle of the scale.",
        "Raw values of the elements are their element scores (mean code, 0-3); of the outcome, its code.",
    ],
)
# the memberships under display names: sets Technology, Capacity, ...; cases by city name
fz = membership.case_memberships(book).rename(columns=SETS, index=CITIES)
display(fz.round(3))
calibration_reading = findings.calibration_findings(calibration, names=NAMES)
findings.show(calibration_reading)

# %% [markdown]
# ## Table 14: the truth table
#
# Three conditions give 2³ = 8 logically possible configurations; the complete table shows them
# all, remainders (no case) included. Inclusion cut-off 0.8.

# %%
tt = truth_table(fz, OUTCOME, CONDITIONS, incl_cut=INCL_CUT, complete=True)
publish.table(
    publish.readable(
        tt.table,
        columns={
            "index": "Row",
            "OUT": "OUT",
            "n": "n",
            "incl": "incl",
            "PRI": "PRI",
            "cases": "Cases",
        },
        decimals=3,
        within_text=["cases"],
    ),
    "table_14_truth_table",
    caption=f"Truth table of people-oriented innovation on the three elements (fuzzy sets, inclusion cut-off {INCL_CUT}), all eight configurations",
    notes=[
        "OUT: 1 sufficient, 0 not sufficient, ? remainder (no case); n: number of cases; incl: consistency of sufficiency; PRI: proportional reduction in inconsistency.",
        "Sets: Technology = technology, data and infrastructure; Capacity = innovative capacity; Institutions = institutional setting; Innovation = people-oriented smart-city innovation.",
    ],
)
display(tt)
truth_reading = findings.truth_table_findings(tt)
findings.show(truth_reading[truth_reading["key"].isin(["diversity", "configuration"])])

# %% [markdown]
# ## Table 15: solutions and their fit
#
# Conservative (no remainders), parsimonious (remainders as simplifying assumptions) and
# intermediate (only remainders consistent with the directional expectation that each element
# contributes when present).

# %%
tt_obs = truth_table(fz, OUTCOME, CONDITIONS, incl_cut=INCL_CUT)
solutions = {
    "conservative": minimize(tt_obs),
    "parsimonious": minimize(tt_obs, include="?"),
    "intermediate": minimize(tt_obs, include="?", dir_exp=", ".join(CONDITIONS)),
}
sol_table = membership.solution_table(solutions)
publish.table(
    publish.readable(
        sol_table,
        {
            "conservative": "Conservative",
            "parsimonious": "Parsimonious",
            "intermediate": "Intermediate",
        },
        columns={"inclS": "inclS", "PRI": "PRI", "covS": "covS", "covU": "covU"},
        decimals=3,
    ),
    "table_15_solutions",
    caption="Conservative, parsimonious and intermediate solutions for people-oriented innovation, with consistency (inclS), PRI, raw coverage (covS) and unique coverage (covU) of each term and model",
    notes=[
        "Directional expectations of the intermediate solution: technology, capacity and institutions contribute when present."
    ],
)
for label, sol in solutions.items():
    display(Markdown(f"**{label}**"))
    display(sol)
solution_reading = findings.qca_findings(sol_table, outcome=OUTCOME)
findings.show(solution_reading)

# %% [markdown]
# ## Table 16: necessity

# %%
necessity = qca.parameters_of_fit(fz[CONDITIONS], OUTCOME, fz, relation="necessity")
publish.table(
    publish.readable(
        necessity,
        columns={"index": "Condition", "inclN": "inclN", "RoN": "RoN", "covN": "covN"},
        decimals=3,
    ),
    "table_16_necessity",
    caption="Necessity of each element for people-oriented innovation: consistency (inclN), relevance (RoN) and coverage (covN)",
    notes=[
        "A condition is usually called necessary when inclN is at least 0.9 and RoN is not low; with five cases such figures describe these cases only."
    ],
)
display(necessity.round(3))
necessity_reading = findings.necessity_findings(necessity, outcome=OUTCOME)
findings.show(necessity_reading)

# %% [markdown]
# ## Figure 9: XY plots

# %%
PANELS = [
    ("Capacity*Institutions", "sufficiency"),
    ("Capacity", "sufficiency"),
    ("Institutions", "necessity"),
    ("Technology", "necessity"),
]
fig = charts.xy_panels(fz, OUTCOME, PANELS)
publish.figure(
    fig,
    "fig_09_xy_plots",
    caption="XY plots of the five cases: sufficiency of Capacity*Institutions (a) and of Capacity (b) for Innovation, necessity of Institutions (c) and of Technology (d), with their fit",
    notes=[
        "Cases above the diagonal are consistent with sufficiency, cases below it with necessity; lines at 0.5 mark the crossover.",
        "Sets: Technology = technology, data and infrastructure; Capacity = innovative capacity; Institutions = institutional setting; Innovation = people-oriented smart-city innovation.",
    ],
)

# %% [markdown]
#
# %%
findings.show(findings.fit_findings(fz, OUTCOME, PANELS))

# %% [markdown]
# ## Figure 10: the truth table as a Venn diagram

# %%
ax = qca.venn_plot(tt)
publish.figure(
    ax.figure,
    "fig_10_truth_table_venn",
    caption="The eight configurations of the three elements: outcome code of each and the number of cases in it; most configurations are remainders",
    notes=["The legend counts the cases of each outcome code, like the numbers in the regions."],
)

# %%
findings.show(truth_reading[truth_reading["key"].isin(["diversity", "reading"])])

# %% [markdown]
# ## Table 17: robustness to the calibration
#
# The same truth table and minimisation under other anchors and thresholds: does the solution
# hold when the calibration moves?

# %%
variants = {
    "fuzzy, crossover 1.5 (nominal)": ("fuzzy", membership.FUZZY_ANCHORS),
    "fuzzy, crossover 1.25": ("fuzzy", "e=0.5, c=1.25, i=2.5"),
    "fuzzy, crossover 1.75": ("fuzzy", "e=0.5, c=1.75, i=2.5"),
    "fuzzy, anchors 1, 1.5, 2": ("fuzzy", "e=1, c=1.5, i=2"),
    "crisp, threshold 1.5": ("crisp", 1.5),
    "crisp, threshold 2": ("crisp", 2.0),
}
robust = membership.calibration_robustness(book, variants, incl_cut=INCL_CUT)
publish.table(
    publish.readable(
        robust,
        SETS,
        columns={
            "conservative_inclS": "Conservative: inclS",
            "conservative_covS": "Conservative: covS",
            "parsimonious_inclS": "Parsimonious: inclS",
            "parsimonious_covS": "Parsimonious: covS",
            "observed": "Configurations observed",
            "positive": "Positive configurations",
        },
        decimals=3,
        within_text=["anchors", "conservative", "parsimonious"],
    ),
    "table_17_calibration_robustness",
    caption=f"Conservative and parsimonious solutions under other calibration anchors and thresholds (inclusion cut-off {INCL_CUT})",
    notes=[
        "'none (...)': the QCA engine finds nothing to minimise, with its reason (e.g. all cases in one configuration)."
    ],
)
display(robust)
robust_reading = pd.concat(
    [
        findings.robustness_findings(robust),
        findings.robustness_findings(robust, solution="parsimonious"),
    ],
    ignore_index=True,
)
findings.show(robust_reading)

# %% [markdown]
# ## Tables S6 and S7: the robustness protocol
#
# Oana and Schneider's (2021) robustness test protocol re-derives the intermediate solution under
# plausible other choices and compares each test solution with the initial one: other anchors
# (`membership.ROBUSTNESS_ANCHORS`: the crossover a quarter of a code step lower or higher, the
# outer anchors nearer the crossover), other inclusion cut-offs (0.75, 0.85), a frequency cut-off
# of two cases, and the data without each city in turn. The *robust core* is the part of the
# initial solution that every test solution shares. The sensitivity ranges show how far each
# anchor and cut-off can move before the solution changes (`smartcase.qca.rob_calibrange`,
# `rob_inclrange`, `rob_ncutrange`; steps of 0.05 on the 0-3 scale and of 0.01). The text under
# the tables is computed from the results.

# %%
protocol = membership.qca_robustness(book, incl_cut=INCL_CUT)
ranges = membership.calibration_ranges(book, incl_cut=INCL_CUT)
tests_table = membership.robustness_tests_table(protocol, book)
publish.table(
    publish.readable(
        tests_table,
        NAMES,
        columns={"same as initial": "Same as initial", "SC": "SC", "RCC_Rank": "RCC_Rank"},
        within_text=["test", "solution"],
    ),
    "table_s06_qca_robustness_tests",
    caption=f"Robustness tests of the intermediate solution for people-oriented innovation (inclusion cut-off {INCL_CUT}): the solution under other anchors, cut-offs and without each city",
    notes=[
        "SC: similarity of the test solution with the initial one (sum of minima over sum of maxima of the memberships); RCC_Rank: 1 no shaky and no possible cases, 4 both (Oana and Schneider 2021).",
        "'none': the QCA engine finds nothing to minimise under that choice, with its reason.",
    ],
)
publish.table(
    publish.readable(
        ranges,
        NAMES,
        columns={"lower_note": "Lower bound: note", "upper_note": "Upper bound: note"},
    ),
    "table_s07_qca_robustness_ranges",
    caption="Sensitivity ranges: how far each calibration anchor of each element, the inclusion cut-off and the frequency cut-off can move without changing the intermediate solution",
    notes=[
        "Anchors on the 0-3 code scale, moved in steps of 0.05 (at most 0.5 from the nominal value); the inclusion cut-off in steps of 0.01. NaN: no change within that distance."
    ],
)
display(tests_table)
display(ranges)
findings.show(membership.robustness_conclusions(protocol, ranges, book))

# %% [markdown]
# ## Table S8 and Figure S1: which cities to study next
#
# Set-theoretic multi-method research (Schneider and Rohlfing 2013; Schneider 2021) chooses cases
# for within-case study from the solution: *typical* cases (in the solution and in the outcome,
# consistent in degree) to trace the mechanism, *deviant* cases to find what the solution misses,
# and *individually irrelevant* cases as contrasts. `smartcase.qca.smmr` ranks them with
# SetMethods' scores; the table adds each city's type from the robustness protocol (robust: also
# typical for the robust core). The conclusions are computed from the table.

# %%
selection = membership.case_selection_table(protocol.initial, protocol, book)
publish.table(
    publish.readable(
        selection,
        NAMES,
        columns={"case": "City", "Best": "Best", "pair": "Best matched comparison"},
        drop=["case_id"],
    ),
    "table_s08_qca_case_selection",
    caption="Case selection for within-case study: each city's membership in the intermediate solution and the outcome, its case type, typicality score (Best, lower is more typical), robustness type and best matched comparison",
    notes=[
        "Types: typical (S > 0.5, Y > 0.5, S <= Y), deviant in degree (S > Y > 0.5), deviant consistency (S > 0.5, Y < 0.5), deviant coverage (S < 0.5, Y > 0.5), individually irrelevant (both below 0.5).",
        "Robustness: the case types of the robustness protocol (Table S6), in kind only: robust typical when above 0.5 in the robust core and the outcome, shaky typical when in the initial solution but not in the robust core.",
    ],
)
display(selection)
findings.show(membership.case_selection_conclusions(selection))

# %%
ax = qca.xy_plot_case_types(protocol.initial)
charts.merge_coincident_labels(ax)
charts.rename_labels(ax, NAMES)  # display names, as in Figure 9
publish.figure(
    ax.figure,
    "fig_s01_qca_case_types",
    caption="XY plot of the intermediate solution and people-oriented innovation, each city coloured by its case type for within-case study",
    notes=[
        "Cases above the diagonal are consistent with sufficiency; lines at 0.5 mark the crossover."
    ],
)

# %%
intermediate = str(sol_table.loc[sol_table["solution"] == "intermediate", "cases"].iloc[-1])
findings.show(findings.fit_findings(fz, OUTCOME, [(intermediate, "sufficiency")]))

# %% [markdown]
# ## What we found
#
# The solutions with their fit, what is necessary, and whether the solutions hold when the
# calibration moves; all computed from the tables above.

# %%
findings.show(
    solution_reading[solution_reading["key"] == "model"],
    necessity_reading[necessity_reading["key"] == "reading"],
    robust_reading[robust_reading["key"] == "stable"],
    heading=None,
)

# %% [markdown]
# ## How sure we are: what five cases can and cannot show
#
# - **Limited diversity.** Three conditions make eight configurations; five cases can fill at most
#   five, and the sentences below say how many they fill. Every other configuration is a logical
#   remainder: the parsimonious solution rests on assumptions about configurations no case shows,
#   so it is only as good as those assumptions (the intermediate solution keeps only the easy
#   ones).
# - **No generalisation.** The cases were chosen as known smart-city examples, not sampled; the
#   solutions describe set relations among these five cities, not a law for smart cities. One case
#   coded differently can change a solution (Table 17, the robustness tests of Tables S6 and S7,
#   and the disagreements of the two codings in notebook 06).
# - **Fit figures are descriptive.** Consistency and coverage over five cases carry no sampling
#   error estimate; a term covering two cases is a pattern worth examining in the case
#   chapters, not evidence of causation.
# - **What it can show.** Whether the cases are consistent with a set relation the framework
#   suggests (for example, that innovative capacity together with the institutional setting goes
#   with people-oriented innovation), which configurations the cases occupy, and which cases
#   deviate; these point to where the qualitative evidence should be read closely.

# %%
plt.close("all")
findings.show(
    truth_reading[truth_reading["key"].isin(["diversity", "reading"])],
    calibration_reading[calibration_reading["key"] == "crossover"],
    robust_reading[robust_reading["key"] == "variant"],
    heading=None,
)
