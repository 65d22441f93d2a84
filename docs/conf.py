"""Sphinx configuration of the smartcase companion site (``make docs``).

Sphinx + MyST-NB (Markdown pages and executed notebooks, not re-executed here) + the PyData
theme; autodoc with napoleon reads the numpydoc docstrings. ``docs/prepare.py`` writes
``generated/`` first. Nothing on any page is loaded from the network: no CDN, no web fonts, no
MathJax (math, if any, is rendered to SVG at build time by ``sphinx.ext.imgmath``), and
intersphinx is not used (it would fetch inventories).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

import smartcase  # noqa: E402

project = "smartcase"
author = "smartcase developers"
copyright = "2026, smartcase developers. Code: MIT; data: CC BY 4.0"
release = version = smartcase.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.imgmath",
]

exclude_patterns = [
    "_build",
    "generated/outputs",
    "generated/.jupyter_cache",
    "**.ipynb_checkpoints",
    "prepare.py",
    "README.md",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
language = "en"
today_fmt = ""  # no build date on the pages: two builds of the same inputs look the same
smartquotes = False  # show the text as written (data and captions are quoted exactly)

# -- MyST and MyST-NB -------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # generated/notebooks/ hold the outputs of smartcase.reproduce
nb_merge_streams = True

# -- autodoc / napoleon -----------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autosummary_generate = False
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True  # "Attributes" as fields: no duplicate object entries
napoleon_use_rtype = False

# -- math without a CDN -----------------------------------------------------------------------
imgmath_image_format = "svg"
imgmath_embed = True

# -- HTML -------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"smartcase {release}"
# A favicon of our own: without one a browser asks the server for /favicon.ico (a 404).
html_favicon = "_static/favicon.svg"
html_static_path = ["_static", "generated/_static"]
html_css_files = ["smartcase-explorer.css", "smartcase-site.css"]
html_js_files = ["smartcase-explorer.js"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 7,
    "icon_links": [],
    "use_edit_page_button": False,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
html_context = {"default_mode": "light"}


def _drop_type_docstrings(app, what, name, obj, options, lines):
    """A constant documented by autodata would otherwise show its type's docstring (``dict``'s,
    ``tuple``'s): keep only what the module says about it (``#:`` comments)."""
    if what == "data" and lines and type(obj).__doc__:
        own = [ln.strip() for ln in type(obj).__doc__.splitlines() if ln.strip()]
        if [ln.strip() for ln in lines if ln.strip()] == own:
            lines.clear()


def setup(app):
    app.connect("autodoc-process-docstring", _drop_type_docstrings)
