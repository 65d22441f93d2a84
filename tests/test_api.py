"""The public API: every exported name resolves, import stays light, docs follow conventions."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import smartcase


@pytest.mark.parametrize("name", sorted(set(smartcase.__all__) - {"__version__"}))
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(smartcase, name) is not None


def test_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, smartcase; "
        "print(','.join(m for m in ('pandas', 'matplotlib', 'scipy', 'seaborn', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        smartcase.nonsense  # noqa: B018


@pytest.mark.parametrize(
    "name",
    sorted(
        set(smartcase.__all__)
        - {"__version__", "qca", "scoring", "publish", "walkthrough", "charts"}
    ),
)
def test_public_functions_have_numpydoc_examples(name: str) -> None:
    obj = getattr(smartcase, name)
    if inspect.isclass(obj) and issubclass(obj, Exception):
        return
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    if inspect.isfunction(obj):
        assert "Examples" in doc, f"{name} has no Examples section"


def test_subpackages_expose_their_all() -> None:
    for sub in ("qca", "scoring"):
        mod = importlib.import_module(f"smartcase.{sub}")
        for name in mod.__all__:
            assert getattr(mod, name) is not None, f"smartcase.{sub}.{name}"


@pytest.mark.parametrize("package", ["smartcase", "smartcase.qca", "smartcase.scoring"])
def test_no_exported_function_shares_its_name_with_a_module(package: str) -> None:
    """Importing a submodule rebinds the package attribute of the same name to the module, so an
    exported function must never be called like a module of its package."""
    import pkgutil

    pkg = importlib.import_module(package)
    modules = {m.name for m in pkgutil.iter_modules(pkg.__path__)}
    exported = set(pkg.__all__) - {"qca", "scoring", "publish", "walkthrough", "charts"}
    assert exported & modules == set()
