"""Chunks of demand in the model, and the rows of settled issues that leave it.

The model holds only the issues of the chunks it has reached that are not yet settled:
each chunk of demand (`demand.DemandStream`) stays until every one of its issues has left as
a row of the log, shrinking to the rows still to go once most have left. Rows leave in
batches, so a long run streams its log to disk instead of holding it, and memory does not
grow with the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from gridsim.model.demand import Issues, empty_columns
from gridsim.model.rungs import Rung

ATTRIBUTES = ("created", "kind", "handler", "grid", "household", "vulnerable", "severity",
              "reports", "latent", "work", "fate")  # fmt: skip
"""Columns of a row that the demand fixed; `reported` and `channel` are the resident's."""

TIMES = ("found", "reported", "queued", "dispatched", "on_site", "plan", "resolved", "closed",
         "supervised")  # fmt: skip
"""Minutes of what happened to an issue; NaN where it never got that far (`closed`: a work
order closed after its check; `supervised`: first supervised as overdue; `gridsim.model.orders`)."""

DEADLINES = ("deadline", "sign_off_deadline")
"""Minutes a work order's deadlines fall due (NaN: not an order); kept past the horizon."""

FLOATS = (*TIMES, *DEADLINES)

COUNTS = {"channel": -1, "level": -1, "sessions": 0, "crew": -1, "reopened": 0,
          "satisfied": -1, "bypassed": 0}  # fmt: skip
"""What happened to an issue, as integers, with the value of an issue it never happened to
(`satisfied`: -1 no call-back, 0 no, 1 yes)."""


class Facts(NamedTuple):
    """What the demand fixed about an issue, as the model reads it while the issue is open."""

    grid: int
    handler: int
    severity: int
    vulnerable: bool
    urgent: bool  # calls out the night crew
    work: float  # on-site minutes of the first response
    needs: int  # rung its nature needs
    town_u: float  # uniform fixing the town's delay
    implementation_u: float  # uniform fixing the plan's implementation time
    latent: bool  # no resident reports it


@dataclass
class Chunk:
    """One chunk of demand while any of its issues is still in the model."""

    issues: Issues
    needs: np.ndarray  # rung each issue's nature needs
    left: int  # issues not yet gone as rows
    emitted: np.ndarray  # bool per issue: gone as a row
    hot: dict[str, list] | None = field(default=None)  # columns as lists, while admitting
    to_admit: int = 0
    ids: np.ndarray | None = None  # once compacted, the ids of its rows (else consecutive)

    @property
    def first_id(self) -> int:
        return self.issues.first_id

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Row of each of ``ids`` in this chunk."""
        return ids - self.first_id if self.ids is None else np.searchsorted(self.ids, ids)

    def remaining(self) -> np.ndarray:
        """Ids of the issues not yet gone as rows, in order."""
        rows = np.flatnonzero(~self.emitted)
        return self.first_id + rows if self.ids is None else self.ids[rows]

    def compact(self) -> None:
        """Keep only the rows still to go, so a few long-open issues do not hold a whole
        chunk (only once every issue has entered: `hot` rows are numbered in full)."""
        keep = ~self.emitted
        self.ids = self.remaining()
        iss = self.issues
        arrays = {name: getattr(iss, name)[keep] for name in (*ATTRIBUTES, "reported", "channel")}
        self.issues = replace(iss, **arrays)
        self.needs = self.needs[keep]
        self.emitted = np.zeros(self.left, dtype=bool)

    def worth_compacting(self) -> bool:
        """Once three quarters of its rows have gone (each compaction shrinks it 4x)."""
        return self.hot is None and len(self.emitted) >= 64 and self.left * 4 <= len(self.emitted)


Batch = dict[str, np.ndarray]
"""Rows of settled issues: `issue_id`, the ATTRIBUTES, `needs`, TIMES, COUNTS, and the
resident's own report (`resident_reported`, `resident_channel`)."""


def gather(chunks: list[Chunk], ids: np.ndarray) -> Batch:
    """The attributes of issues ``ids`` from the chunks holding them; marks them gone."""
    firsts = np.array([c.first_id for c in chunks])
    which = np.searchsorted(firsts, ids, side="right") - 1
    out: Batch = {}
    for ci in np.unique(which).tolist():
        chunk = chunks[ci]
        sel = which == ci
        local = chunk.rows(ids[sel])
        iss = chunk.issues
        for name in (*ATTRIBUTES, "needs", "resident_reported", "resident_channel"):
            source = {
                "needs": chunk.needs,
                "resident_reported": iss.reported,
                "resident_channel": iss.channel,
            }.get(name)
            values = (getattr(iss, name) if source is None else source)[local]
            if name not in out:
                out[name] = np.empty((len(ids), *values.shape[1:]), dtype=values.dtype)
            out[name][sel] = values
        chunk.emitted[local] = True
        chunk.left -= len(local)
    return out


def finish(batch: Batch, horizon: float) -> Batch:
    """Rows as the log keeps them: times at or after the horizon were scheduled but not
    reached; a resident's report before the horizon counts even if its triage ran past it;
    a reported issue has at least reached its grid worker."""
    reported = batch["reported"]
    batch["reported"] = np.where(np.isnan(reported), batch["resident_reported"], reported)
    channel = batch["channel"]
    resident = batch["resident_channel"].astype(channel.dtype)
    batch["channel"] = np.where(channel < 0, resident, channel)
    for name in TIMES:
        t = batch[name]
        t[t >= horizon] = np.nan
    level = batch["level"]
    level[(level < 0) & ~np.isnan(batch["reported"])] = Rung.GRID_WORKER
    return batch


def empty_batch() -> Batch:
    """No rows, with every column of a batch (for a run without a single issue)."""
    batch: Batch = empty_columns()
    batch.update(
        issue_id=np.empty(0, dtype=np.int64),
        needs=np.empty(0, dtype=np.int32),
        resident_reported=np.empty(0),
        resident_channel=np.empty(0, dtype=np.int8),
        **{name: np.empty(0) for name in FLOATS},
        **{name: np.empty(0, dtype=np.int32) for name in COUNTS},
    )
    return batch


def concatenate(batches: list[Batch]) -> Batch:
    """Batches as one, in issue order."""
    if not batches:
        return {}
    joined = {name: np.concatenate([b[name] for b in batches]) for name in batches[0]}
    order = np.argsort(joined["issue_id"], kind="stable")
    return {name: values[order] for name, values in joined.items()}
