"""The demo's Chinese font for the browser: a subset holding the page's characters."""

from __future__ import annotations

import base64
import io
import re

import pytest

from gridsim.views.demo_font import han_font_face


@pytest.mark.slow  # reads the 16 MB font (about 4 s)
def test_the_subset_holds_the_catalogs_and_the_scenarios_characters() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    face = han_font_face("黄河路社区 网格一")
    if not face:
        pytest.skip("mplfonts' Noto Sans CJK SC is not installed")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", face)
    assert data is not None and 'font-family: "gridsim-han"' in face
    font = ttlib.TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    cmap = font.getBestCmap()
    for char in "黄河路网格一方案快修队万元：“":  # the scenario's, the catalogs', amounts'
        assert ord(char) in cmap, char
    assert ord("龘") not in cmap  # a subset, not the 16 MB font
    assert len(data.group(1)) < 1_000_000
