"""`gridsim export` and synthetic defects: each schema's columns and values by hand for a few
issues (dates = start + minutes, patrol finds in, scheduled visits and latent problems out,
open at the horizon), a real run exported row for row, CSV and Parquet, the command's
located errors, and each defect counted and visible in the log."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gridsim import cli
from gridsim.fit.defects import add_defects
from gridsim.fit.export import export_log, log_frame, parse_dates, write_log
from gridsim.fit.runlog import run_orders
from gridsim.fit.schemas import SCHEMAS
from gridsim.scenario.loader import validate_data

ROOT = Path(__file__).resolve().parents[1]
BASE = str(ROOT / "scenarios" / "baseline.yaml")
NAN = math.nan

SCENARIO = validate_data(
    {
        "name": "export-by-hand",
        "community": {
            "grids": [
                {"name": "north", "households": 10, "x_km": 0, "y_km": 0},
                {"name": "east", "households": 10, "x_km": 1.0, "y_km": 2.0},
            ]
        },
        "calendar": {"start_date": "2026-03-02", "horizon_days": 2, "warmup_days": 0},
        "demand": {
            "kinds": {
                "repair": {"rate_per_household_year": 10, "handler": "repair",
                           "work": {"mean_min": 30}},
                "fire_hazard": {"rate_per_household_year": 1, "handler": "fire",
                                "work": {"mean_min": 30}},
            }
        },
    },
    "test",
)  # fmt: skip
"""Monday 2 March 2026, two days: the extract is 2026-03-04 00:00."""

ISSUES = pd.DataFrame(
    [  # id, kind, grid, household, channel, reports, found, reported, signed, on site,
       # resolved, closed (minutes from the start), level
        (11, "repair", "north", 7, "wechat", 3, NAN, 90.4, 95, 130.5, 200, 1500, "grid_worker"),
        (12, "fire_hazard", "east", 2, "patrol", 0, 600, NAN, NAN, 610, 700, NAN, "grid_worker"),
        (13, "repair", "north", 1, "schedule", 1, NAN, 800, NAN, 805, 830, NAN, "grid_worker"),
        (14, "repair", "north", 4, "door", 0, NAN, NAN, NAN, NAN, NAN, NAN, "grid_worker"),
        (15, "repair", "east", 9, "wechat", 1, NAN, 1000, 1010, NAN, NAN, NAN, "grid_leader"),
    ],
    columns=["issue_id", "kind", "grid", "household", "channel", "reports", "found_min",
             "reported_min", "signed_min", "on_site_min", "resolved_min", "closed_min", "level"],
).assign(variant="base", replication=0)  # fmt: skip
"""A resident's report closed the next day (3 residents reported it), a patrol find closed
when resolved (no work order), a scheduled visit and a latent problem (in no log), and an
order signed and escalated to the grid leader but still open at the horizon."""

EAST = (33.017966, 97.010711)
"""33 + 2 km / 111.32; 97 + 1 km / (111.32 x cos 33 deg) = 97 + 1 / 93.361."""


def by_hand(fmt: str, **kwargs) -> pd.DataFrame:
    return log_frame(run_orders(ISSUES, SCENARIO), SCENARIO, fmt, **kwargs)


def test_open311_by_hand() -> None:
    log = by_hand("open311")
    assert list(log["service_request_id"]) == ["11", "12", "15"]  # by report time
    assert list(log.columns) == [
        "service_request_id", "service_code", "requested_datetime", "updated_datetime",
        "status", "address", "lat", "long", "service_name", "description", "status_notes",
        "agency_responsible",
    ]  # fmt: skip
    assert log.iloc[0].to_dict() == {
        "service_request_id": "11", "service_code": "repair",
        "requested_datetime": "2026-03-02T01:30:24", "updated_datetime": "2026-03-03T01:00:00",
        "status": "closed", "address": "north #7", "lat": 33.0, "long": 97.0,
        "service_name": "repair", "description": "repair: reported by 3 residents",
        "status_notes": "", "agency_responsible": "repair",
    }  # fmt: skip
    patrol, still_open = log.iloc[1], log.iloc[2]
    assert patrol["requested_datetime"] == "2026-03-02T10:00:00"  # found by the patrol
    assert patrol["updated_datetime"] == "2026-03-02T11:40:00"  # resolved: no work order
    assert (patrol["service_name"], patrol["agency_responsible"]) == ("fire hazard", "fire")
    assert (patrol["lat"], patrol["long"]) == EAST
    assert still_open["status"] == "open"
    assert still_open["updated_datetime"] == "2026-03-04T00:00:00"  # the extract
    assert still_open["status_notes"] == "taken above the grid worker"


def test_nyc311_by_hand() -> None:
    log = by_hand("nyc311")
    assert log.iloc[1].to_dict() == {
        "Unique Key": "12", "Complaint Type": "fire_hazard",
        "Created Date": "03/02/2026 10:00:00 AM", "Closed Date": "03/02/2026 11:40:00 AM",
        "Status": "Closed", "Incident Address": "east #2", "Latitude": EAST[0],
        "Longitude": EAST[1], "Agency": "fire", "Descriptor": "fire hazard",
        "Community Board": "east",
    }  # fmt: skip
    last = log.iloc[2]
    assert (last["Created Date"], last["Status"]) == ("03/02/2026 04:40:00 PM", "Open")
    assert pd.isna(last["Closed Date"])


def test_columns_by_hand_keep_every_stage() -> None:
    log = by_hand("columns", origin=(0.0, 0.0))
    first, last = log.iloc[0], log.iloc[2]
    stages = ["reported", "signed", "on_site", "resolved", "closed"]
    assert list(first[stages]) == ["2026-03-02T01:30:24", "2026-03-02T01:35:00",
                                   "2026-03-02T02:10:30", "2026-03-02T03:20:00",
                                   "2026-03-03T01:00:00"]  # fmt: skip
    assert list(last[stages[:2]]) == ["2026-03-02T16:40:00", "2026-03-02T16:50:00"]
    assert last[stages[2:]].isna().all()
    assert (last["status"], last["grid"], bool(last["escalated"])) == ("open", "east", True)
    assert not bool(first["escalated"])
    assert (last["lat"], last["long"]) == (round(2 / 111.32, 6), round(1 / 111.32, 6))


# ------------------------------------------------------------------------------------------
# A real run, through the command
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baseline for ten days, two variants of two replications: patrol finds, scheduled
    visits, orders open at the horizon."""
    out = tmp_path_factory.mktemp("export") / "res"
    argv = ["run", BASE, "--out", str(out), "--variant", "base", "--variant",
            "one_more_repair_crew", "-r", "2", "--set", "calendar.horizon_days=10",
            "--no-report", "--quiet", "--executor", "serial"]  # fmt: skip
    assert cli.main(argv) == 0
    return out


def one_run(results: Path, variant: str, replication: int) -> pd.DataFrame:
    issues = pd.read_parquet(results / "issues.parquet")
    keep = (issues["variant"] == variant) & (issues["replication"] == replication)
    return issues[keep]


def test_the_command_writes_one_row_per_reported_issue(results: Path, tmp_path: Path,
                                                       capsys) -> None:  # fmt: skip
    out = tmp_path / "log.csv"
    code = cli.main(["export", str(results), "--format", "columns", "--out", str(out),
                     "--variant", "one_more_repair_crew", "--replication", "1"])  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert "from variant one_more_repair_crew, replication 1" in said
    assert "Taken at 2026-01-11 00:00" in said
    log = pd.read_csv(out, dtype={"order_id": str})
    issues = one_run(results, "one_more_repair_crew", 1).set_index("issue_id")
    reported = issues["reported_min"].fillna(issues["found_min"])
    logged = issues[reported.notna() & (issues["channel"] != "schedule")]
    assert (issues["channel"] == "schedule").any() and (logged["channel"] == "patrol").any()
    assert sorted(log["order_id"].astype(int)) == sorted(logged.index)
    rows = logged.loc[log["order_id"].astype(int)]
    start = pd.Timestamp("2026-01-01")
    when = start + pd.to_timedelta(reported.loc[rows.index].to_numpy(), unit="min")
    gap = (parse_dates(log["reported"], SCHEMAS["columns"]) - when).abs()
    assert gap.max() <= pd.Timedelta(seconds=0.5)  # rounded to the second
    order = rows["deadline_min"].notna()  # a work order is open until closed
    open_ = rows["closed_min"].where(order, rows["resolved_min"]).isna().to_numpy()
    assert open_.any() and list(log["status"] == "open") == list(open_)
    assert log.loc[open_, "closed"].isna().all() and log.loc[~open_, "closed"].notna().all()


def test_csv_and_parquet_hold_the_same_log(results: Path, tmp_path: Path, capsys) -> None:
    for name in ("log.csv", "log.parquet"):
        assert cli.main(["export", str(results), "--out", str(tmp_path / name)]) == 0
    said = capsys.readouterr().out
    assert "from variant base, replication 0" in said  # the first, said
    assert "--variant and --replication choose another" in said
    csv = pd.read_csv(tmp_path / "log.csv", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(tmp_path / "log.parquet").astype(str).replace("None", "")
    assert len(csv) > 20 and list(csv.columns) == list(parquet.columns)
    assert csv.drop(columns=["lat", "long"]).equals(parquet.drop(columns=["lat", "long"]))
    expected = export_log(results, "open311")
    assert list(csv["service_request_id"]) == list(expected["service_request_id"])
    open_ = csv["status"] == "open"
    assert open_.any() and (csv.loc[open_, "updated_datetime"] == "2026-01-11T00:00:00").all()


def test_bad_input_is_one_located_line(results: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "log.csv"
    cases = {
        ("--variant", "bse"): "--variant: unknown variant 'bse'; did you mean 'base'?",
        ("--replication", "5"): "--replication: variant base has no replication 5 (it has 0, 1)",
        ("--out", str(tmp_path / "log.txt")): "--out: expected a file name ending in .csv",
        ("--origin", "91,0"): "--origin: expected LAT,LONG in degrees",
    }
    for (option, value), message in cases.items():
        argv = ["export", str(results), "--out", str(out), option, value]
        try:
            code = cli.main(argv)
        except SystemExit as e:  # argparse's own checks
            code = e.code
        err = capsys.readouterr().err.strip()
        assert code == 2 and len(err.splitlines()) == 1 and message in err, (argv, err)
    assert cli.main(["export", str(tmp_path / "missing"), "--out", str(out)]) == 2
    assert "missing: no such folder" in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_file_needs_force(results: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "log.csv"
    out.write_text("mine\n")
    assert cli.main(["export", str(results), "--out", str(out)]) == 2
    assert f"--out: {out} exists; --force replaces it" in capsys.readouterr().err
    assert out.read_text() == "mine\n"
    assert cli.main(["export", str(results), "--out", str(out), "--force"]) == 0
    assert out.read_text().startswith("service_request_id,")


def test_an_interrupted_write_leaves_nothing(results: Path, tmp_path: Path, monkeypatch) -> None:
    def half_then_interrupt(self, path, **kwargs) -> None:
        Path(path).write_text("service_request_id,serv")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_interrupt)
    out = tmp_path / "log.csv"
    assert cli.main(["export", str(results), "--out", str(out)]) == cli.EXIT_INTERRUPTED
    assert list(tmp_path.iterdir()) == []


def test_a_format_added_to_the_writers_is_a_choice_of_the_command(
    results: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Room for `--format events` (issue 18): one entry in WRITERS, nothing else."""
    from gridsim.fit import export

    def events(run: export.RunLog) -> pd.DataFrame:
        return pd.DataFrame({"case_id": run.orders.table["order_id"], "activity": "reported"})

    monkeypatch.setitem(export.WRITERS, "events", events)
    out = tmp_path / "events.csv"
    assert cli.main(["export", str(results), "--format", "events", "--out", str(out)]) == 0
    assert list(pd.read_csv(out).columns) == ["case_id", "activity"]
    assert "gridsim fit" not in capsys.readouterr().out  # fit reads the schemas only


def test_write_log_by_suffix(tmp_path: Path) -> None:
    log = by_hand("nyc311")
    write_log(log, tmp_path / "a.PARQUET")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.PARQUET"), log, check_dtype=False)


# ------------------------------------------------------------------------------------------
# Defects
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def logs(results: Path) -> dict[str, pd.DataFrame]:
    return {fmt: export_log(results, fmt) for fmt in SCHEMAS}


def times(log: pd.DataFrame, fmt: str, field: str) -> pd.Series:
    schema = SCHEMAS[fmt]
    return parse_dates(log[getattr(schema, field)], schema)


@pytest.mark.parametrize("fmt", list(SCHEMAS))
def test_duplicates_repeat_address_and_kind_minutes_later(logs, fmt: str) -> None:
    schema, log = SCHEMAS[fmt], logs[fmt]
    out, counts = add_defects(log, fmt, np.random.default_rng(5), duplicates=0.3)
    n = counts["duplicates"]
    assert 0 < n < len(log) and len(out) == len(log) + n
    assert sum(v for k, v in counts.items() if k != "duplicates") == 0
    new = out[~out[schema.order_id].isin(log[schema.order_id])]
    assert len(new) == n and out[schema.order_id].is_unique
    originals = log.assign(at=times(log, fmt, "reported"))
    for _, row in new.iterrows():
        same = originals[(originals[schema.address] == row[schema.address])
                         & (originals[schema.category] == row[schema.category])]  # fmt: skip
        later = parse_dates(pd.Series([row[schema.reported]]), schema)[0] - same["at"]
        minutes = later / pd.Timedelta(minutes=1)
        assert ((minutes >= 1) & (minutes <= 30)).any(), row.to_dict()
    closed = times(out, fmt, "closed")
    assert not (closed < times(out, fmt, "reported")).any()  # never closed before its report
    assert times(out, fmt, "reported").is_monotonic_increasing


def test_the_dip_keeps_a_share_of_its_days(logs) -> None:
    log = logs["columns"]
    reported = times(log, "columns", "reported")
    inside = (reported >= "2026-01-04") & (reported < "2026-01-07")
    out, counts = add_defects(log, "columns", np.random.default_rng(1),
                              dip=("2026-01-04", 3, 0.25))  # fmt: skip
    after = times(out, "columns", "reported")
    kept = ((after >= "2026-01-04") & (after < "2026-01-07")).sum()
    assert kept == inside.sum() - counts["dip"] and counts["dip"] > 0
    assert len(out) == len(log) - counts["dip"]
    assert (after < "2026-01-04").sum() == (reported < "2026-01-04").sum()  # outside: all kept
    none, counts = add_defects(log, "columns", np.random.default_rng(1),
                               dip=("2026-01-04", 3, 0.0))  # fmt: skip
    assert counts["dip"] == inside.sum() and len(none) == len(log) - inside.sum()


@pytest.mark.parametrize("fmt", ["open311", "nyc311"])
def test_bunched_closes_fall_in_the_last_half_hour_of_their_day(logs, fmt: str) -> None:
    log = logs[fmt]
    out, counts = add_defects(log, fmt, np.random.default_rng(2), bunched=0.8)
    before, after = times(log, fmt, "closed"), times(out, fmt, "closed")
    closed = log[SCHEMAS[fmt].status].str.lower() == "closed"
    clock = before - before.dt.normalize()
    weekday = closed & (before.dt.day_of_week < 5)
    candidates = weekday & (clock >= pd.Timedelta(hours=8)) & (clock < pd.Timedelta(hours=18))
    moved = before.ne(after) & closed
    assert (candidates | ~moved).all()  # only weekday closes in working hours move
    assert moved.sum() <= counts["bunched"] <= candidates.sum()  # some were at 17:30 already
    n = candidates.sum()
    assert abs(counts["bunched"] - 0.8 * n) <= 4 * math.sqrt(n * 0.8 * 0.2)  # binomial, 4 SE
    to = (after - after.dt.normalize())[moved]
    assert (to >= pd.Timedelta(hours=17.5)).all() and (to < pd.Timedelta(hours=18)).all()
    assert (after[moved].dt.normalize() == before[moved].dt.normalize()).all()  # same day
    assert (after[moved] >= before[moved]).all()  # later, so never before the report
    assert moved.sum() > 10


@pytest.mark.parametrize("fmt", list(SCHEMAS))
def test_bad_dates_cannot_be_read(logs, fmt: str) -> None:
    schema, log = SCHEMAS[fmt], logs[fmt]
    out, counts = add_defects(log, fmt, np.random.default_rng(3), bad_dates=0.2)
    unreadable = [pd.isna(pd.to_datetime(text, errors="coerce")) for text in out[schema.reported]]
    assert 0 < counts["bad_dates"] == sum(unreadable) and len(out) == len(log)
    assert times(out, fmt, "reported").isna().sum() == counts["bad_dates"]


@pytest.mark.parametrize("fmt", list(SCHEMAS))
def test_an_earlier_extract_drops_later_reports_and_opens_later_closes(logs, fmt: str) -> None:
    schema, log = SCHEMAS[fmt], logs[fmt]
    extract = pd.Timestamp("2026-01-07 12:00")
    out, counts = add_defects(log, fmt, np.random.default_rng(4), extract=extract)
    reported, closed = times(log, fmt, "reported"), times(log, fmt, "closed")
    status_closed = log[schema.status].str.lower() == "closed"
    assert counts["after_extract"] == (reported >= extract).sum() > 0
    opened = (reported < extract) & (closed >= extract) & status_closed
    assert counts["open_at_extract"] == opened.sum() > 0
    assert len(out) == len(log) - counts["after_extract"]
    assert (times(out, fmt, "reported") < extract).all()
    now_open = out[schema.status].str.lower() != "closed"
    assert now_open.sum() == (~status_closed & (reported < extract)).sum() + opened.sum()
    if schema.updated_is_closed:
        assert (times(out, fmt, "closed")[now_open] == extract).all()
    else:
        assert out.loc[now_open, schema.closed].isna().all()
    for stage in ("signed", "on_site", "resolved", "closed"):
        if getattr(schema, stage) is not None and not schema.updated_is_closed:
            assert not (times(out, fmt, stage) > extract).any()


def test_defects_are_deterministic_for_a_seed(logs) -> None:
    options = {"duplicates": 0.1, "dip": ("2026-01-04", 2, 0.5), "bunched": 0.3,
               "bad_dates": 0.05, "extract": "2026-01-09"}  # fmt: skip
    a = add_defects(logs["open311"], "open311", np.random.default_rng(9), **options)
    b = add_defects(logs["open311"], "open311", np.random.default_rng(9), **options)
    c = add_defects(logs["open311"], "open311", np.random.default_rng(10), **options)
    assert a[0].equals(b[0]) and a[1] == b[1]
    assert not a[0].equals(c[0])


# ------------------------------------------------------------------------------------------
# Read back (gridsim.fit.read): the orders of the run, and the defects as counted
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(SCHEMAS))
def test_the_reader_reads_back_the_runs_orders(results: Path, tmp_path: Path, fmt: str) -> None:
    from gridsim.fit.export import load_run
    from gridsim.fit.read import read_log

    run, _choice = load_run(results)
    path = tmp_path / "log.csv"
    write_log(log_frame(run.orders, run.scenario, fmt), path)
    back = read_log(path, fmt, base=run.scenario)
    truth = run.orders.table.set_index("order_id")
    table = back.table.set_index("order_id")
    assert (back.bad, back.duplicates) == ({}, 0) and sorted(table.index) == sorted(truth.index)
    truth = truth.loc[table.index]
    assert (table["kind"] == truth["kind"]).all() and (table["grid"] == truth["grid"]).all()
    assert (table["open"] == truth["open"]).all() and truth["open"].any()
    closed = truth["closed"].where(~truth["open"])
    for mine, true in ((table["reported"], truth["reported"]), (table["closed"], closed)):
        near = (mine - true).abs() <= pd.Timedelta(seconds=0.5)  # to the second
        assert (near | (mine.isna() & true.isna())).all()
    if fmt == "open311":  # the only schema that says when it was taken
        assert back.extract == run.orders.extract


@pytest.mark.parametrize("fmt", list(SCHEMAS))
def test_the_reader_counts_the_defects_made(logs, tmp_path: Path, fmt: str) -> None:
    from gridsim.fit.read import read_log
    from gridsim.scenario import load_scenario

    base = load_scenario(BASE)
    path = tmp_path / "log.csv"
    duplicated, counts = add_defects(logs[fmt], fmt, np.random.default_rng(6), duplicates=0.2)
    write_log(duplicated, path)
    back = read_log(path, fmt, base=base)
    assert back.duplicates == counts["duplicates"] > 0 and len(back) == len(logs[fmt])
    unreadable, counts = add_defects(logs[fmt], fmt, np.random.default_rng(7), bad_dates=0.2)
    write_log(unreadable, path)
    back = read_log(path, fmt, base=base)
    assert sum(back.bad.values()) == counts["bad_dates"] > 0
    assert len(back) == len(logs[fmt]) - counts["bad_dates"]
