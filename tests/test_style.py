"""The publication style: column sizes, palette, no global side effects."""

from __future__ import annotations

import matplotlib as mpl
import pytest

from smartcase.errors import ArgumentError
from smartcase.style import PALETTE, figsize, publication_style


def test_column_widths_in_mm() -> None:
    assert figsize("single")[0] * 25.4 == pytest.approx(85)
    assert figsize("double")[0] * 25.4 == pytest.approx(175)
    assert figsize(120, aspect=0.5) == pytest.approx((120 / 25.4, 60 / 25.4))
    with pytest.raises(ArgumentError):
        figsize("triple")  # type: ignore[arg-type]


def test_style_is_scoped_and_embeds_fonts() -> None:
    before = dict(mpl.rcParams)
    with publication_style():
        assert mpl.rcParams["pdf.fonttype"] == 42
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == PALETTE[0]
    assert dict(mpl.rcParams) == before


def test_palette_is_distinct_in_greyscale() -> None:
    """Neighbouring palette colours differ in luminance, so they read in greyscale."""

    def lum(hex_: str) -> float:
        r, g, b = (int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lums = [lum(c) for c in PALETTE]
    diffs = [abs(a - b) for a, b in zip(lums, lums[1:], strict=False)]
    assert min(diffs) > 0.15


def test_interactive_mode_switched_on_inside_the_style_survives_it() -> None:
    # Jupyter's inline backend switches interactive mode on when pyplot first loads it, which can
    # happen inside publication_style; reverting that hid every later figure (issue 10).
    before = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with publication_style():
            mpl.interactive(True)
            assert mpl.rcParams["font.size"] == 7.0
        assert mpl.is_interactive()
        assert mpl.rcParams["font.size"] != 7.0 or mpl.rcParamsDefault["font.size"] == 7.0
    finally:
        mpl.interactive(before)
