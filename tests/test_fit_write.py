"""The fitted scenario's file: it loads back to the base with every estimate applied, each
fitted number has its comment, and bootstrap draws become variants beside the base's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gridsim.fit.estimate import Estimate
from gridsim.fit.write import fitted_text, rounded, scalar
from gridsim.scenario.loader import load_scenario, load_scenario_text
from gridsim.scenario.overrides import variant_scenarios

BASE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"
PERIOD = "2025-01-01 to 2025-12-31"
ESTIMATES = [
    Estimate("demand.kinds.repair.rate_per_household_year", 2.3456789, 2.1, 2.6, 1234, PERIOD,
             "Poisson GLM"),
    Estimate("demand.hourly.7", 0.5, 0.4, 0.6, 1000, PERIOD),
    Estimate("demand.kinds.repair.seasonal.0", 1.25, 1.0, 1.4, 99, PERIOD),
    Estimate("demand.weekly.6", 0.75, 0.7, 0.8, 1000, PERIOD),
    Estimate("community.grids.2.rate_factor", 1.1, 0.9, 1.3, 10, PERIOD),
    Estimate("demand.kinds.repair.work.distribution", "gamma", None, None, 500, PERIOD, "AIC"),
    Estimate("demand.kinds.repair.work.mean_min", 42.5, 40.0, 45.0, 500, PERIOD),
]  # fmt: skip


def test_extending_file_loads_back_with_every_estimate(tmp_path: Path) -> None:
    base = load_scenario(BASE)
    out = tmp_path / "sub" / "fitted.yaml"
    out.parent.mkdir()
    text = fitted_text(ESTIMATES, base, header=["fitted"], base_path=BASE, out=out)
    out.write_text(text)
    sc = load_scenario(out)
    repair = sc.demand.kinds["repair"]
    assert repair.rate_per_household_year == pytest.approx(2.34568)  # 6 digits
    assert sc.demand.hourly[7] == 0.5 and sc.demand.hourly[8] == base.demand.hourly[8]
    assert repair.seasonal is not None and repair.seasonal[0] == 1.25
    assert repair.seasonal[1:] == base.demand.seasonal[1:]  # the profile it had
    assert sc.demand.weekly == [1.0] * 6 + [0.75]
    assert sc.community.grids[2].rate_factor == 1.1
    assert repair.work.distribution == "gamma" and repair.work.mean_min == 42.5
    assert sc.staff == base.staff and list(sc.variants) == list(base.variants)
    # Everything else is the base's: the file extends it.
    assert (out.parent / yaml.safe_load(text)["extends"]).resolve() == BASE.resolve()


def test_every_fitted_number_has_its_comment() -> None:
    base = load_scenario(BASE)
    text = fitted_text(ESTIMATES, base, header=["fitted"], base_path=BASE, out=BASE)
    lines = text.splitlines()
    fitted = [ln for ln in lines if "# fitted:" in ln]
    assert len(fitted) == len(ESTIMATES)
    rate = next(ln for ln in lines if "rate_per_household_year" in ln)
    assert "95% CI 2.1 to 2.6; 1,234 rows, 2025-01-01 to 2025-12-31; Poisson GLM" in rate
    assert "chosen; 500 rows" in next(ln for ln in lines if "work.distribution" in ln)
    unfitted = [ln for ln in lines if "from the base: not fitted" in ln]
    assert len(unfitted) == (24 - 1) + (12 - 1) + (7 - 1)


def test_bootstrap_draws_are_variants_beside_the_base_ones(tmp_path: Path) -> None:
    base = load_scenario(BASE)
    draws = {
        "boot-01": {"demand.hourly.7": 0.45, "demand.kinds.repair.work.mean_min": 41.0},
        "boot-02": {"demand.hourly.7": 0.55, "demand.kinds.repair.work.mean_min": 44.0},
    }
    out = tmp_path / "fitted.yaml"
    text = fitted_text(ESTIMATES, base, header=[], base_path=BASE, out=out, variants=draws)
    sc = load_scenario_text(text, str(out))
    assert list(sc.variants) == [*base.variants, "boot-01", "boot-02"]
    variants = variant_scenarios(sc, ["boot-02"])
    assert variants["boot-02"].demand.hourly[7] == 0.55
    assert variants["boot-02"].demand.kinds["repair"].work.mean_min == 44.0
    assert variants["boot-02"].demand.kinds["repair"].work.distribution == "gamma"


def test_without_a_base_file_the_effective_scenario_is_written_whole() -> None:
    base = load_scenario(BASE)
    sc = load_scenario_text(fitted_text(ESTIMATES, base, header=["x"]), "mem")
    assert sc.name == f"{base.name}-fitted"
    assert sc.demand.hourly[7] == 0.5
    assert sc.community.grids == [
        g if i != 2 else g.model_copy(update={"rate_factor": 1.1})
        for i, g in enumerate(base.community.grids)
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1234567891, "0.123457"), (1e-7, "1.0e-07"), ("yes", "'yes'"), ("gamma", "gamma"),
     (3, "3"), (0.0, "0.0")],
)  # fmt: skip
def test_scalars_read_back_as_written(value: object, text: str) -> None:
    assert scalar(value) == text
    assert yaml.safe_load(text) == rounded(value)
