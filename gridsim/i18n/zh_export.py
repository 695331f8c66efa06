"""Chinese for `gridsim export`: the command's answer (gridsim.cli.export) and the words it
writes into a log (gridsim.fit.export). Domain words as in zh_terms."""

ZH = {
    # the log's own text (gridsim.fit.export)
    "{kind}: reported by {n} residents": "{kind}：{n}位居民上报",
    "taken above the grid worker": "已上报至网格员以上",
    # the formats, as the console names them
    "Open311 GeoReport v2": "Open311 GeoReport v2",
    "NYC 311": "纽约 311",
    "gridsim's own": "gridsim 自有",
    # the answer (gridsim.cli.export)
    "{out}: {rows} orders in {name} columns, from variant {variant}, replication {replication}": (
        "{out}：{rows}条工单，{name}格式的列，取自方案 {variant} 的第 {replication} 次重复"
    ),
    "Taken at {extract}, the end of the run: {n} orders were still open then (status open, "
    "no close time)": (
        "导出时间 {extract}（运行结束时）：其时仍有{n}条工单未办结（状态为未办结，没有办结时间）"
    ),
    "This format holds the report and close times only; --format columns keeps every stage "
    "(signed, on site, resolved)": (
        "此格式只含上报和办结时间；--format columns 保留每个环节（签收、到场、解决）"
    ),
    "The folder holds {v} variants ({names}) and {r} replications of this one: --variant and "
    "--replication choose another": (
        "该文件夹有{v}个方案（{names}），此方案有{r}次重复：用 --variant 和 --replication "
        "选择其他的"
    ),
    "Fit a scenario from it: gridsim fit {out} --format {fmt} --base SCENARIO --out fitted.yaml": (
        "由它拟合情景：gridsim fit {out} --format {fmt} --base SCENARIO --out fitted.yaml"
    ),
    "{out}: {rows} events (one row per event: case:concept:name, concept:name, time:timestamp, "
    "org:resource, as pm4py reads them), from variant {variant}, replication {replication}": (
        "{out}：{rows}条事件（每行一个事件：case:concept:name、concept:name、time:timestamp、"
        "org:resource，pm4py可直接读取），来自方案{variant}第{replication}次重复"
    ),
}
