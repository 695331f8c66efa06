"""Chinese and English: every wrapped text has its Chinese, one English text is translated
one way, the domain's words are zh_terms', names may be Chinese, and figures draw Han
characters without a missing glyph."""

from __future__ import annotations

import ast
import importlib
import io
import pkgutil
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib import rc_context

import gridsim
import gridsim.i18n as i18n
from gridsim.cli import main
from gridsim.i18n import catalog, use
from gridsim.scenario import load_scenario
from gridsim.stats.summary import cost_line, headline_table, intervals, text_width
from gridsim.views import plots as P
from gridsim.views.plots.fonts import CJK_FAMILY, use_cjk_font

PACKAGE = Path(gridsim.__file__).parent
BASELINE = PACKAGE.parent / "scenarios" / "baseline.yaml"
CHINESE_GRIDS = ["网格一", "网格二", "网格三", "网格四", "网格五", "网格六", "网格七", "网格八",
                 "网格九", "网格十", "网格十一", "网格十二", "网格十三", "网格十四", "网格十五",
                 "网格十六"]  # fmt: skip


def wrapped_literals() -> list[tuple[str, int, str]]:
    """(file, line, text) of every `_("literal")` call in gridsim/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):  # fmt: skip
                found.append((str(path.relative_to(PACKAGE)), node.lineno, node.args[0].value))
    return found


def catalog_modules() -> dict[str, dict[str, str]]:
    """Each zh catalog module's own dictionary, by module name."""
    return {
        m.name: importlib.import_module(f"gridsim.i18n.{m.name}").ZH
        for m in pkgutil.iter_modules(i18n.__path__)
        if m.name.startswith("zh_")
    }


# --- the catalogs ------------------------------------------------------------------------------


def test_every_wrapped_text_has_its_chinese():
    texts = wrapped_literals()
    assert len(texts) > 50  # the scan finds the calls (console, figures, shared words)
    zh = catalog("zh")
    missing = [f"{file}:{line}: {text!r}" for file, line, text in texts if text not in zh]
    assert not missing, "no Chinese for:\n" + "\n".join(missing)


def test_no_english_text_is_translated_two_ways():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for module, entries in sorted(catalog_modules().items()):
        for english, chinese in entries.items():
            if english in seen and seen[english][1] != chinese:
                clashes.append(f"{english!r}: {seen[english]} and {(module, chinese)}")
            seen.setdefault(english, (module, chinese))
    assert not clashes, "\n".join(clashes)


def test_a_translation_keeps_the_placeholders_of_its_text():
    """A Chinese template must fill the same {fields}, or `.format` fails in zh only."""
    field = re.compile(r"\{(\w*)[^{}]*\}")
    wrong = [english for english, chinese in catalog("zh").items()
             if sorted(field.findall(english)) != sorted(field.findall(chinese))]  # fmt: skip
    assert not wrong


def test_catalog_text_without_chinese_falls_back_to_english():
    with use("zh"):
        assert i18n._("not a text of gridsim") == "not a text of gridsim"
        assert i18n._("grid worker") == "网格员"
    with use("en"):
        assert i18n._("grid worker") == "grid worker"


# --- the console -------------------------------------------------------------------------------


def cost_rows() -> list[dict]:
    return [{"variant": "base", "replication": r, "kpi": kpi, "scope": scope, "value": value}
            for r in range(2)
            for kpi, scope, value in (
                ("staff_cost_per_year", "community", 1.23e6),
                ("staff_cost_per_year", "staff:grid_worker", 0.8e6),
                ("staff_cost_per_year", "staff:grid_leader", 0.43e6),
                ("utilisation", "staff:grid_worker", 0.5),
                ("on_site_p90_min", "community", 634.0),
            )]  # fmt: skip


def test_the_console_speaks_chinese_in_the_domain_words():
    """Hand-made: 1.23 million CNY is 123.0万元 of which grid workers 80.0 and grid leaders
    43.0; 634 minutes is 10.6 hours; the staff are named as zh_terms names them."""
    with use("zh"):
        table = headline_table(cost_rows())
        line = cost_line(intervals(cost_rows()), "base")
    assert line == "人员成本：每年123.0万元（网格员 80.0，网格长 43.0）"
    assert "忙碌率，网格员" in table and "到场时间，90百分位" in table
    assert "10.6 小时  (2次运行结果相同)" in table
    assert table.splitlines()[0] == "base（2次重复运行；均值与95%置信区间）"
    with use("en"):
        table = headline_table(cost_rows())
    assert "utilisation, grid worker" in table and "10.6 h  (the same in all 2 runs)" in table
    assert not re.search(r"[\u4e00-\u9fff]", table)


def test_console_columns_line_up_in_chinese():
    """A Han character takes two terminal columns: every value starts in one column."""
    with use("zh"):
        lines = headline_table(cost_rows()).splitlines()[1:]
    columns = set()
    for line in lines:
        found = re.match(r"^(  .*?\S)(\s{2,})\S", line)
        if found:
            columns.add(text_width(found.group(1) + found.group(2)))
    assert len(lines) >= 4 and len(columns) == 1


# --- names ---------------------------------------------------------------------------------------


@pytest.fixture
def chinese_scenario(tmp_path: Path) -> Path:
    """The baseline with its grids, grid leaders and a variant named in Chinese, over a week."""
    text = BASELINE.read_text(encoding="utf-8")
    for i, name in enumerate(CHINESE_GRIDS, start=1):
        text = re.sub(rf"\bgrid-{i:02d}\b", name, text)
    text = re.sub(r"\bleader-(\d)\b", r"网格长\1", text)
    text = text.replace("one_more_repair_crew:", "多一支维修快修队:")
    path = tmp_path / "黄河路社区.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_names_may_be_chinese_but_not_hold_spaces_or_slashes(chinese_scenario: Path):
    sc = load_scenario(chinese_scenario)
    assert [g.name for g in sc.community.grids] == CHINESE_GRIDS
    assert "多一支维修快修队" in sc.variants
    for bad in ("网格 一", "网格/一", "网格:一", "_网格"):
        with pytest.raises(Exception, match=r"community\.grids\.0\.name"):
            load_scenario(chinese_scenario, [f"community.grids.0.name={bad}"])


def test_a_run_with_chinese_names_prints_and_writes_them(chinese_scenario, tmp_path, capsys,
                                                         monkeypatch):  # fmt: skip
    """`gridsim run` in Chinese: the console names the staff in zh_terms' words and the
    slowest grid by its Chinese name; summary.csv holds the Chinese scopes and variant; the
    map draws them."""
    monkeypatch.setattr(i18n, "_PROCESS", [])  # main() sets the language for the process
    out = tmp_path / "out"
    code = main(["run", str(chinese_scenario), "--lang", "zh", "--out", str(out), "--quiet",
                 "--no-report", "--jobs", "1", "--variant", "base", "--variant", "多一支维修快修队",
                 "--set", "calendar.horizon_days=10", "--set", "calendar.warmup_days=1",
                 "--set", "replications=2"])  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "忙碌率，网格员" in printed.out and "grid worker" not in printed.out
    slowest = re.search(r"最慢的网格（到场时间90%分位数）\s*(\S+?):", printed.out)
    assert slowest and slowest.group(1) in CHINESE_GRIDS
    assert "2次重复" in printed.err and "结果：" in printed.out
    summary = pd.read_csv(out / "summary.csv")
    assert {f"grid:{g}" for g in CHINESE_GRIDS} <= set(summary["scope"])
    assert set(summary["variant"]) == {"base", "多一支维修快修队"}
    grids = load_scenario(chinese_scenario).community.grids
    with use("zh"):
        fig = P.community_map_figure(summary, grids, variant="多一支维修快修队")
    names = {t.get_text().split("\n")[0] for t in fig.axes[0].texts}
    assert names == set(CHINESE_GRIDS)


# --- figures -------------------------------------------------------------------------------------


def chinese_figures() -> list:
    """The per-grid map and the ECDF by grid, with grids named in Chinese."""
    grids = [{"name": n, "x_km": i % 4 * 0.25, "y_km": i // 4 * 0.25}
             for i, n in enumerate(CHINESE_GRIDS[:4])]  # fmt: skip
    rows = [("base", r, "on_site_p90_min", f"grid:{g['name']}", 10.0 * (i + 1) + r)
            for i, g in enumerate(grids) for r in range(2)]  # fmt: skip
    summary = pd.DataFrame(rows, columns=["variant", "replication", "kpi", "scope", "value"])
    issues = pd.DataFrame({
        "grid": [g["name"] for g in grids for _ in range(3)],
        "replication": [0, 0, 1] * len(grids),
        "reported_min": 100.0,
        "on_site_min": 100.0 + np.arange(3 * len(grids), dtype=float),
    })  # fmt: skip
    return [P.community_map_figure(summary, grids), P.ecdf_figure(issues, by="grid")]


def draw(fig) -> None:
    """Render as PNG and SVG (text as paths), where a missing glyph is warned about."""
    for fmt in ("png", "svg"):
        fig.savefig(io.BytesIO(), format=fmt)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_names_draw_without_a_missing_glyph(lang: str):
    with use(lang), warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph ... missing from font(s)" warning fails
        for fig in chinese_figures():
            draw(fig)
            texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
            assert any("网格一" in t for t in texts)


def test_without_the_cjk_font_the_same_figures_warn():
    """The check above can fail: with DejaVu Sans alone, Han characters are missing."""
    with (
        rc_context({"font.family": ["DejaVu Sans"]}),
        use("zh"),
        pytest.warns(UserWarning, match="Glyph .* missing"),
    ):
        draw(chinese_figures()[0])


def test_the_cjk_font_is_registered_after_the_latin_one():
    assert use_cjk_font() == CJK_FAMILY
    from matplotlib import rcParams

    assert rcParams["font.family"][-1] == CJK_FAMILY
