"""Shared test configuration: a non-interactive Matplotlib backend and data paths."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib

matplotlib.use("Agg")

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = ROOT / "data"
TEST_DATA = TESTS / "data"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def test_data() -> Path:
    return TEST_DATA


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test opened, so that they do not pile up over the run."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
