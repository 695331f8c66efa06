"""Reading work-order logs (`gridsim.fit.read`): each format into exact orders, bad rows
counted by reason, mapping errors located, orders placed in grids by name, polygon and
nearest centre, duplicate reports merged inside their window only."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from gridsim.fit import LogError, Orders, load_mapping, read_log
from gridsim.fit.dedupe import first_reports
from gridsim.fit.locate import grid_centres
from gridsim.fit.mapping import mapping_from
from gridsim.fit.schemas import KM_PER_DEGREE, ORIGIN
from gridsim.scenario import Scenario, ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
T = pd.Timestamp


def base(**grids: tuple[float, float]) -> Scenario:
    """Grids (default a at 0, 0 and b 1 km east) of 100 households; kinds repair, noise."""
    places = grids or {"a": (0.0, 0.0), "b": (1.0, 0.0)}
    kind = {"rate_per_household_year": 1.0, "handler": "repair", "work": {"mean_min": 30}}
    return Scenario.model_validate({
        "name": "read",
        "community": {"grids": [{"name": n, "households": 100, "x_km": x, "y_km": y}
                                for n, (x, y) in places.items()]},
        "demand": {"kinds": {"repair": kind, "noise": kind}},
        "staff": {"crews": {"repair": 1, "cleaning": 0, "patrol": 0, "fire": 0}},
    })  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def balanced(orders: Orders) -> bool:
    """Every row read is an order, a merged duplicate or a counted bad row."""
    return orders.rows == len(orders) + orders.duplicates + sum(orders.bad.values())


OPEN311 = """\
service_request_id,service_code,service_name,requested_datetime,updated_datetime,status,address,lat,long
s1,repair,Repair,2026-01-05T09:14:00+08:00,2026-01-05T11:30:00+08:00,closed,1 Main St,33.0,97.0
s2,noise,Noise,2026-01-06T22:00:00+08:00,2026-01-07T08:00:00+08:00,open,,33.0,97.0107
"""


def test_open311_an_open_and_a_closed_order(tmp_path: Path) -> None:
    """The update time closes only the closed order; the open one's update is the latest
    stamp, so the extract; the offset is dropped (wall time kept); grids by nearest centre
    (b is 1 km east: 0.0107 degrees of longitude at latitude 33)."""
    orders = read_log(write(tmp_path, OPEN311), "open311", base=base())
    t = orders.table
    assert list(t["order_id"]) == ["s1", "s2"]
    assert list(t["kind"]) == ["repair", "noise"]
    assert list(t["grid"]) == ["a", "b"]
    assert list(t["location"]) == ["1 Main St", "33.0000,97.0107"]
    assert list(t["reported"]) == [T("2026-01-05 09:14"), T("2026-01-06 22:00")]
    assert t["closed"][0] == T("2026-01-05 11:30") and pd.isna(t["closed"][1])
    assert list(t["open"]) == [False, True]
    assert t[["signed", "on_site", "resolved"]].isna().all().all()
    assert t["escalated"].isna().all() and list(t["reports"]) == [1, 1]
    assert orders.observed == ("reported", "closed")
    assert orders.extract == T("2026-01-07 08:00")
    assert (orders.start, orders.end) == (T("2026-01-05"), T("2026-01-07"))
    assert (orders.rows, orders.bad, orders.duplicates) == (2, {}, 0)
    assert str(t["reported"].dtype) == "datetime64[ns]" and t["open"].dtype == bool


def test_offsets_convert_to_the_mapping_time_zone(tmp_path: Path) -> None:
    text = OPEN311.replace("2026-01-05T09:14:00+08:00", "2026-01-05T01:14:00Z")
    mapping = mapping_from({"timezone": "Asia/Shanghai"})
    orders = read_log(write(tmp_path, text), "open311", base=base(), mapping=mapping)
    assert orders.table["reported"][0] == T("2026-01-05 09:14")
    assert orders.table["closed"][0] == T("2026-01-05 11:30")  # +08:00 in Shanghai: as is


NYC311 = """\
Unique Key,Created Date,Closed Date,Agency,Complaint Type,Descriptor,Status,\
Incident Address,Latitude,Longitude
101,01/05/2026 09:14:00 PM,01/06/2026 08:00:00 AM,HPD,repair,x,Closed,5 Side St,33.0,97.0
102,01/06/2026 12:30:00 AM,,NYPD,noise,y,Open,6 Side St,33.0,97.0107
"""


def test_nyc311_us_dates(tmp_path: Path) -> None:
    orders = read_log(write(tmp_path, NYC311), "nyc311", base=base())
    t = orders.table
    assert list(t["order_id"]) == ["101", "102"]
    assert list(t["reported"]) == [T("2026-01-05 21:14"), T("2026-01-06 00:30")]
    assert t["closed"][0] == T("2026-01-06 08:00") and pd.isna(t["closed"][1])
    assert list(t["open"]) == [False, True] and list(t["grid"]) == ["a", "b"]
    assert orders.observed == ("reported", "closed")
    assert orders.extract == T("2026-01-06 08:00") and orders.end == T("2026-01-07")


COLUMNS = """\
order_id,kind,grid,address,reported,signed,on_site,resolved,closed,status,escalated
c1,repair,a,1 Main St,2026-03-02 08:00,2026-03-02 08:10,2026-03-02 09:00,\
2026-03-02 10:00,2026-03-02 12:00,closed,false
c2,noise,b,2 Main St,2026-03-03 20:00,2026-03-03 20:30,,,,open,1
"""


def test_columns_every_stage(tmp_path: Path) -> None:
    orders = read_log(write(tmp_path, COLUMNS), "columns", base=base())
    t = orders.table
    assert orders.observed == ("reported", "signed", "on_site", "resolved", "closed")
    first = t.iloc[0]
    assert [first[s] for s in orders.observed] == [
        T("2026-03-02 08:00"), T("2026-03-02 08:10"), T("2026-03-02 09:00"),
        T("2026-03-02 10:00"), T("2026-03-02 12:00"),
    ]  # fmt: skip
    assert t.iloc[1]["signed"] == T("2026-03-03 20:30") and pd.isna(t.iloc[1]["on_site"])
    assert list(t["grid"]) == ["a", "b"] and list(t["open"]) == [False, True]
    assert list(t["escalated"]) == [False, True]
    assert orders.extract == T("2026-03-03 20:30")


def test_a_stage_the_file_lacks_is_not_observed(tmp_path: Path) -> None:
    """No closed column: the resolved time decides what is open; nothing is copied into
    closed."""
    text = COLUMNS.replace(",closed,status", ",status").replace(
        ",2026-03-02 12:00,closed", ",closed"
    )
    text = text.replace(",,,open", ",,open")
    orders = read_log(write(tmp_path, text), "columns", base=base())
    assert orders.observed == ("reported", "signed", "on_site", "resolved")
    assert orders.table["closed"].isna().all()
    assert list(orders.table["open"]) == [False, True]


def test_parquet_reads_as_the_csv(tmp_path: Path) -> None:
    for text, fmt in ((OPEN311, "open311"), (NYC311, "nyc311"), (COLUMNS, "columns")):
        csv = write(tmp_path, text, f"{fmt}.csv")
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        frame.to_parquet(tmp_path / f"{fmt}.parquet")
        a = read_log(csv, fmt, base=base())
        b = read_log(tmp_path / f"{fmt}.parquet", fmt, base=base())
        pd.testing.assert_frame_equal(a.table, b.table)
        assert (a.observed, a.extract, a.start, a.end, a.bad) == (
            b.observed, b.extract, b.start, b.end, b.bad)  # fmt: skip


def test_parquet_with_datetime_columns(tmp_path: Path) -> None:
    """A Parquet export may hold real time stamps (aware ones at their wall time)."""
    frame = pd.read_csv(write(tmp_path, COLUMNS), dtype=str, keep_default_na=False)
    for stage in ("reported", "signed", "on_site", "resolved", "closed"):
        frame[stage] = pd.to_datetime(frame[stage].replace("", None)).dt.tz_localize("Asia/Tokyo")
    frame.to_parquet(tmp_path / "t.parquet")
    orders = read_log(tmp_path / "t.parquet", "columns", base=base())
    csv = read_log(tmp_path / "log.csv", "columns", base=base())
    pd.testing.assert_frame_equal(orders.table, csv.table)


BAD = """\
order_id,kind,grid,address,reported,closed
ok1,repair,a,x,2026-03-02 08:00,2026-03-02 09:00
ok2,noise,b,y,2026-03-02 08:30,
,repair,a,x,2026-03-02 08:00,
r1,repair,a,x,,
r2,repair,a,x,2026-13-45 08:00,
r3,repair,a,x,2026-03-02 08:00,not a date
r4,graffiti,a,x,2026-03-02 08:00,
r5,graffiti,a,x,2026-03-02 08:00,
r6,pets,a,x,2026-03-02 08:00,
r7,,a,x,2026-03-02 08:00,
r8,repair,z,x,2026-03-02 08:00,
r9,repair,,x,2026-03-02 08:00,
r10,repair,a,x,2026-03-02 08:00,2026-03-01 08:00
r11,repair,a,x,2026-03-05 08:00,
ok1,repair,a,w,2026-03-02 08:00,
ok3,repair,a,x,2026-03-02 08:40,
r12,repair,a,x,2026-03-02 08:00,,an unquoted, comma
"""


def test_every_bad_row_is_counted_by_reason(tmp_path: Path) -> None:
    mapping = mapping_from({"extract": "2026-03-04 00:00"})
    orders = read_log(write(tmp_path, BAD), "columns", base=base(), mapping=mapping)
    assert orders.bad == {
        "category not mapped (graffiti, pets)": 3,
        "no order id": 1,
        "no reported date": 1,
        "unreadable reported date": 1,
        "unreadable closed date": 1,
        "no category": 1,
        "grid not known (z)": 1,
        "no grid": 1,
        "closed before reported": 1,
        "date after the extract": 1,
        "duplicate order id": 1,
        "malformed line (more fields than the header)": 1,
    }
    assert orders.rows == 17 and len(orders) == 2 and orders.duplicates == 1  # ok3 into ok1
    assert balanced(orders)
    assert list(orders.table["order_id"]) == ["ok1", "ok2"]
    assert orders.table["reports"].tolist() == [2, 1]
    assert orders.extract == T("2026-03-04") and orders.end == T("2026-03-03")


def test_many_unmapped_values_are_one_reason(tmp_path: Path) -> None:
    rows = "".join(f"u{i},cat{i % 5},a,,2026-03-02 08:00,\n" for i in range(10))
    text = "order_id,kind,grid,address,reported,closed\nk,repair,a,,2026-03-02 08:00,\n" + rows
    orders = read_log(write(tmp_path, text), "columns", base=base())
    (reason,) = orders.bad
    assert reason.startswith("category not mapped (cat") and reason.endswith("and 2 more)")
    assert orders.bad[reason] == 10 and balanced(orders)


def test_skip_and_mapped_categories(tmp_path: Path) -> None:
    text = BAD.split("\n", 1)[0] + "\n" + "\n".join(BAD.splitlines()[7:10]) + "\n"
    text += "k,repair,a,x,2026-03-02 08:00,\n"
    mapping = mapping_from({"kinds": {"graffiti": "skip", "pets": "noise"}})
    orders = read_log(write(tmp_path, text), "columns", base=base(), mapping=mapping)
    assert orders.bad == {"category skipped": 2}
    assert sorted(orders.table["kind"]) == ["noise", "repair"]


def test_closed_status_without_a_close_time_is_bad(tmp_path: Path) -> None:
    text = OPEN311 + "s3,repair,Repair,2026-01-06T09:00:00,,closed,,33.0,97.0\n"
    orders = read_log(write(tmp_path, text), "open311", base=base())
    assert orders.bad == {"closed without a close date": 1} and balanced(orders)


def test_mapped_column_names_and_date_format(tmp_path: Path) -> None:
    """The example mapping: a Chinese platform export onto the baseline's names."""
    mapping = load_mapping(ROOT / "docs" / "fit_mapping.example.yaml")
    text = ("工单编号,事项类别,上报时间,签收时间,到场时间,办结时间,网格,事发地址\n"
            "A1,水电维修,2026/01/05 09:14,2026/01/05 09:20,2026/01/05 10:00,"
            "2026/01/05 11:00,第一网格,一号楼\n"
            "A2,咨询,2026/01/05 10:00,,,,第二网格,\n"
            "A3,邻里纠纷,2026/01/06 18:00,,,,grid-05,二号楼\n")  # fmt: skip
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("gb18030"))  # the platform's encoding, not UTF-8
    baseline = load_scenario(ROOT / "gridsim" / "scenarios" / "baseline.yaml")
    orders = read_log(path, "columns", base=baseline, mapping=mapping)
    t = orders.table
    assert list(t["kind"]) == ["repair", "dispute"] and list(t["grid"]) == ["grid-01", "grid-05"]
    assert orders.observed == ("reported", "signed", "on_site", "closed")
    assert t["on_site"][0] == T("2026-01-05 10:00") and list(t["open"]) == [False, True]
    assert orders.bad == {"category skipped": 1}
    assert orders.extract == T("2026-06-30 23:59") and orders.end == T("2026-01-07")
    assert [h.name for h in mapping.holiday_list(baseline)] == ["Spring Festival", "Qingming"]
    assert mapping_from({}).holiday_list(baseline) == list(baseline.calendar.holidays)


# -- files that cannot be read: one located line -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("log.txt", "x", "log.txt: expected a file ending in .csv or .parquet, found '.txt'"),
        ("nope.csv", None, "nope.csv: expected a log file, found no such file"),
        ("empty.csv", "", "empty.csv: expected at least one order, found an empty log"),
        ("head.csv", "service_request_id,service_code,requested_datetime\n",
         "head.csv: expected at least one order, found an empty log"),
        ("cols.csv", "service_request_id,service_code\n1,repair\n",
         "cols.csv: requested_datetime: expected a column 'requested_datetime' (reported of "
         "the open311 format"),
        ("bad.parquet", "not parquet", "bad.parquet: expected a readable parquet file, found"),
    ],
)  # fmt: skip
def test_unreadable_logs(tmp_path: Path, name: str, content: str | None, expected: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(LogError) as err:
        read_log(path, "open311", base=base())
    text = str(err.value)
    assert text.startswith(str(tmp_path / expected.split(":")[0]) + ":")
    assert expected.split(":", 1)[1] in text and "\n" not in text


def test_no_usable_row_says_what_to_change(tmp_path: Path) -> None:
    text = "order_id,kind,reported\n1,graffiti,2026-01-01\n2,repair,\n"
    with pytest.raises(LogError) as err:
        read_log(write(tmp_path, text), "columns", base=base(only=(0.0, 0.0)))
    assert str(err.value).endswith(
        "found none of 2 rows (category not mapped (graffiti): 1; no reported date: 1; "
        "map categories to kinds with kinds: in the mapping)"
    )


def test_numbers_in_the_mapping_are_log_values(tmp_path: Path) -> None:
    """A service code 311 written unquoted in the mapping still matches the log's "311"."""
    text = "order_id,kind,reported\n1,311,2026-01-01\n"
    mapping = load_mapping(write(tmp_path, "kinds: {311: noise}\n", "map.yaml"))
    orders = read_log(write(tmp_path, text), "columns", base=base(only=(0.0, 0.0)), mapping=mapping)
    assert list(orders.table["kind"]) == ["noise"]


def test_unknown_format() -> None:
    with pytest.raises(LogError, match="--format: expected one of open311, nyc311, columns"):
        read_log("x.csv", "geojson", base=base())


# -- the mapping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("grids:\n  by: x\n",
         "map.yaml:2: grids.by: expected one of 'name', 'polygon' or 'nearest', found 'x'"),
        ("kinds: {a: repair}\ncolums: {}\n",
         "map.yaml:2: colums: unknown field; did you mean 'columns'?"),
        ("columns:\n  reportd: 时间\n", "map.yaml:2: columns.reportd: expected one of"),
        ("timezone: Mars/Olympus\n", "map.yaml:1: timezone: expected an IANA time zone"),
        ("grids: {by: polygon}\n", "map.yaml:1: grids: polygons: expected a polygon per grid"),
        ("grids:\n  by: polygon\n  polygons: {a: [[0, 0], [1, 1]]}\n",
         "map.yaml:3: grids.polygons: a: expected at least 3 corners, found 2"),
        ("duplicate_window_min: -1\n",
         "map.yaml:1: duplicate_window_min: expected a value >= 0.0, found -1"),
        ("origin: [91, 0]\n", "map.yaml:1: origin.0: expected a value <= 90.0, found 91"),
        ("- a\n", "map.yaml: expected a mapping of fields, found a list"),
    ],
)  # fmt: skip
def test_mapping_errors_are_located(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as err:
        load_mapping(write(tmp_path, text, "map.yaml"))
    assert str(err.value).startswith(str(tmp_path / expected.split(":")[0]))
    assert expected.split(":", 1)[1] in str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kinds:\n  噪音: nosie\n",
         "map.yaml:2: kinds.噪音: expected a kind of the base scenario (repair, noise) or skip, "
         "found 'nosie'; did you mean 'noise'?"),
        ("grids:\n  by: name\n  names: {一: a, 二: bb}\n",
         "map.yaml:3: grids.names.二: expected a grid of the base scenario (a, b), found 'bb'; "
         "did you mean 'b'?"),
    ],
)  # fmt: skip
def test_mapping_names_checked_against_the_base(tmp_path: Path, text: str, expected: str) -> None:
    mapping = load_mapping(write(tmp_path, text, "map.yaml"))
    with pytest.raises(ScenarioError) as err:
        read_log(write(tmp_path, COLUMNS), "columns", base=base(), mapping=mapping)
    assert str(err.value) == str(tmp_path / expected)


def test_a_missing_mapping_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"nope\.yaml: file not found"):
        load_mapping(tmp_path / "nope.yaml")


# -- grids --------------------------------------------------------------------------------------


def coordinates_log(tmp_path: Path, points: list[tuple[float, float]]) -> Path:
    rows = "".join(f"p{i},repair,Repair,2026-01-05T0{i}:00:00,,open,,{lat},{long}\n"
                   for i, (lat, long) in enumerate(points))  # fmt: skip
    header = OPEN311.splitlines()[0] + "\n"
    return write(tmp_path, header + rows)


def test_polygons(tmp_path: Path) -> None:
    """a: a unit square; b: overlapping it from long 0.5 to 2 (where they overlap, the first
    listed wins). A point in each, one in both, one in neither, one without coordinates."""
    squares = {"a": [[0, 0], [0, 1], [1, 1], [1, 0]], "b": [[0, 0.5], [0, 2], [1, 2], [1, 0.5]]}
    mapping = mapping_from({"grids": {"by": "polygon", "polygons": squares}})
    points = [(0.5, 0.25), (0.5, 1.5), (0.5, 0.75), (2.0, 0.5), (float("nan"), 1.0)]
    orders = read_log(coordinates_log(tmp_path, points), "open311", base=base(), mapping=mapping)
    assert dict(zip(orders.table["order_id"], orders.table["grid"], strict=True)) == {
        "p0": "a", "p1": "b", "p2": "a"}  # fmt: skip
    assert orders.bad == {"outside every grid": 1, "no coordinates": 1}


def test_nearest_centre_within_max_km(tmp_path: Path) -> None:
    """Centres from x_km, y_km at ORIGIN: a at (0, 0), b 1 km east. 0.4 km east is a's,
    0.6 km east is b's, 1.5 km north of a is a's within 2 km, 2.5 km north is outside."""
    lat0, long0 = ORIGIN
    per_long = KM_PER_DEGREE * math.cos(math.radians(lat0))
    points = [(lat0, long0 + 0.4 / per_long), (lat0, long0 + 0.6 / per_long),
              (lat0 + 1.5 / KM_PER_DEGREE, long0), (lat0 + 2.5 / KM_PER_DEGREE, long0)]  # fmt: skip
    orders = read_log(coordinates_log(tmp_path, points), "open311", base=base())
    assert list(orders.table["grid"]) == ["a", "b", "a"]
    assert orders.bad == {"outside every grid": 1}
    assert grid_centres(base())["b"] == pytest.approx((lat0, long0 + 1 / per_long))


def test_nearest_given_points_and_origin(tmp_path: Path) -> None:
    points = {"a": [10.0, 20.0], "b": [10.0, 20.01]}
    grids = {"by": "nearest", "points": points, "max_km": 0.5}
    mapping = mapping_from({"origin": [10.0, 20.0], "grids": grids})
    path = coordinates_log(tmp_path, [(10.0, 20.009), (10.0, 20.001), (10.0, 20.5)])
    orders = read_log(path, "open311", base=base(), mapping=mapping)
    assert list(orders.table["grid"]) == ["b", "a"] and orders.bad == {"outside every grid": 1}


def test_grid_by_name_with_names(tmp_path: Path) -> None:
    text = "order_id,kind,reported,网格\n1,repair,2026-01-05,一\n2,repair,2026-01-05,b\n"
    mapping = mapping_from({"columns": {"grid": "网格"},
                            "grids": {"by": "name", "names": {"一": "a"}}})  # fmt: skip
    orders = read_log(write(tmp_path, text), "columns", base=base(), mapping=mapping)
    assert list(orders.table["grid"]) == ["a", "b"]
    assert orders.observed == ("reported",) and orders.table["open"].all()


def test_one_grid_needs_no_location(tmp_path: Path) -> None:
    text = "order_id,kind,reported\n1,repair,2026-01-05\n"
    orders = read_log(write(tmp_path, text), "columns", base=base(only=(0.0, 0.0)))
    assert list(orders.table["grid"]) == ["only"]
    with pytest.raises(LogError, match="expected a grid column or coordinates"):
        read_log(tmp_path / "log.csv", "columns", base=base())


# -- duplicates ---------------------------------------------------------------------------------


def test_first_reports_anchor_on_the_first_of_a_group() -> None:
    """Window 60: 0, 30, 60 are one group; 61 starts the next (though 1 after 60), whose
    window takes 100; another code starts its own group at once."""
    codes = np.array([0, 0, 0, 0, 0, 1])
    minutes = np.array([0, 30, 60, 61, 100, 101], dtype=float)
    assert first_reports(codes, minutes * 60, 3600).tolist() == [1, 0, 0, 1, 0, 1]


def test_duplicates_merged_inside_the_window_only(tmp_path: Path) -> None:
    rows = [
        ("d1", "repair", "1 Main St", "08:00"), ("d2", "repair", "1 Main St", "08:59"),
        ("d3", "repair", "1 Main St", "09:01"),  # past 60 min of d1: a new order
        ("d4", "noise", "1 Main St", "08:10"),  # another kind
        ("d5", "repair", "2 Main St", "08:05"),  # another place
        ("d6", "repair", "", "08:00"), ("d7", "repair", "", "08:01"),  # no location
    ]  # fmt: skip
    text = "order_id,kind,grid,address,reported\n" + "".join(
        f"{i},{k},a,{a},2026-01-05 {t}\n" for i, k, a, t in rows)  # fmt: skip
    orders = read_log(write(tmp_path, text), "columns", base=base())
    reports = dict(zip(orders.table["order_id"], orders.table["reports"], strict=True))
    assert reports == {"d1": 2, "d3": 1, "d4": 1, "d5": 1, "d6": 1, "d7": 1}
    assert orders.duplicates == 1 and orders.duplicate_share == pytest.approx(1 / 7)
    assert balanced(orders)
    narrow = read_log(tmp_path / "log.csv", "columns", base=base(),
                      mapping=mapping_from({"duplicate_window_min": 30}))  # fmt: skip
    assert narrow.duplicates == 1  # d1 alone; d3 2 minutes after d2
    assert narrow.table.set_index("order_id")["reports"][["d1", "d2"]].tolist() == [1, 2]


def test_coordinates_rounded_to_ten_metres_are_one_place(tmp_path: Path) -> None:
    text = (OPEN311.splitlines()[0] + "\n"
            "p1,repair,Repair,2026-01-05T08:00:00,,open,,33.00001,97.00001\n"
            "p2,repair,Repair,2026-01-05T08:20:00,,open,,33.00002,97.00002\n"
            "p3,repair,Repair,2026-01-05T08:30:00,,open,,33.001,97.0\n")  # fmt: skip
    orders = read_log(write(tmp_path, text), "open311", base=base())
    assert orders.duplicates == 1 and list(orders.table["order_id"]) == ["p1", "p3"]


# -- size ---------------------------------------------------------------------------------------


def synthetic(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` Open311 rows over a year: 2 kinds, 200 addresses in grids a and b, 5% open,
    one in 50 with a bad date."""
    reported = T("2026-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 365 * 1440, n)), "min")
    closed = reported + pd.to_timedelta(rng.exponential(600, n), "min")
    place = rng.integers(0, 200, n)
    text: dict[str, Any] = {
        "service_request_id": [f"r{i}" for i in range(n)],
        "service_code": np.where(rng.random(n) < 0.5, "repair", "noise"),
        "requested_datetime": reported.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
        "updated_datetime": closed.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
        "status": np.where(rng.random(n) < 0.05, "open", "closed"),
        "address": [f"{p} Main St" for p in place],
        "lat": np.full(n, ORIGIN[0]),
        "long": ORIGIN[1] + np.where(place < 100, 0.0, 0.0107),
    }
    frame = pd.DataFrame(text)
    frame.loc[rng.random(n) < 0.02, "requested_datetime"] = "2026-02-30 25:00"
    return frame


@pytest.mark.slow
def test_a_hundred_thousand_rows(tmp_path: Path) -> None:
    """Read, placed and deduplicated whole (about 2 s here: slow only for the suite)."""
    frame = synthetic(100_000, np.random.default_rng(17))
    frame.to_csv(tmp_path / "big.csv", index=False)
    began = time.perf_counter()
    orders = read_log(tmp_path / "big.csv", "open311", base=base())
    seconds = time.perf_counter() - began
    print(f"read, located and deduplicated 100,000 rows in {seconds:.2f} s")
    assert orders.rows == 100_000 and balanced(orders)
    assert set(orders.bad) == {"unreadable reported date"}
    assert (
        orders.bad["unreadable reported date"]
        == (frame["requested_datetime"] == "2026-02-30 25:00").sum()
    )
    assert set(orders.table["grid"]) == {"a", "b"} and 0 < orders.duplicates < 100_000
