"""Chinese for the console: the headline table (gridsim.stats.summary), the run's start and
end lines (gridsim.cli.experiments.cmd_run) and the planner's names of the KPIs
(gridsim.stats.compare.KPI_LABELS), in the words of zh_terms."""

ZH = {
    # the headline table's lines (gridsim.stats.summary.HEADLINE, times without their unit)
    "issues reported (after warm-up)": "上报诉求数（预热期后）",
    "time to on site, mean of reached": "到场时间，已到场者均值",
    "time to on site, p90": "到场时间，90百分位",
    "on site within target": "按目标时间到场",
    "time to resolution, mean of resolved": "解决时间，已解决者均值",
    "routine resolved within target": "一般诉求按目标时间解决",
    "complex planned within target": "复杂诉求按目标时间出方案",
    "work orders signed for in time": "工单按时签收",
    "work orders resolved in time": "工单按时办结",
    "residents satisfied at the call-back": "回访满意",
    "work orders reopened": "工单重办",
    "ended with a grid leader": "止于网格长",
    "ended with the committee": "止于社区居委会",
    "ended at the joint meeting": "止于四方联动会议",
    "ended at the town": "止于镇",
    "went above the town": "上交至镇以上",
    "open issues, time-average": "未办结诉求，时间平均",
    "staff cost (CNY a year)": "人员成本（元/年）",
    "unfound problems, time-average": "未发现的隐患，时间平均",
    "found by patrols": "巡逻发现",
    "found by screening": "排查发现",
    "hidden problems found by the horizon": "模拟结束前发现的隐患",
    "time hidden before found, mean": "隐患被发现前的时间，均值",
    "time from arising to resolution, p90": "从产生到解决的时间，90百分位",
    "utilisation, {staff}": "忙碌率，{staff}",
    "slowest grid (p90 on site)": "最慢的网格（到场时间90%分位数）",
    "{variant} ({n} replications; mean and 95% interval)": (
        "{variant}（{n}次重复运行；均值与95%置信区间）"
    ),
    "work orders": "工单",
    "none (the rates need orders.enabled: true)": "无（这些比率需要 orders.enabled: true）",
    "not reached by the horizon in {k} of {n} runs": "{n}次运行中有{k}次至模拟结束仍未达到",
    "one run: too few for an interval": "仅一次运行：不足以计算区间",
    "the same in all {n} runs": "{n}次运行结果相同",
    # the cost line (staff groups by zh_terms' words)
    ", ": "，",
    "Staff cost: {total} a year": "人员成本：每年{total}",
    " ({parts})": "（{parts}）",
    "repair on call": "维修夜间值班",
    "fire on call": "消防夜间值班",
    "grid_leader": "网格长",
    "grid_worker": "网格员",
    # what a KPI without a value means (gridsim.stats.kpis.WHEN_UNDEFINED)
    "no such issues": "无此类诉求",
    "none on site": "无到场",
    "none resolved": "无解决",
    "none planned": "无方案",
    "none found": "未发现",
    "none hidden": "无隐患",
    "none dispatched": "无派遣",
    "never on duty": "从未在岗",
    "too short": "时间过短",
    "no work orders": "无工单",
    "no call-backs": "无回访",
    "no order closed": "无办结工单",
    # the run's start and end lines (gridsim.cli.experiments.cmd_run)
    "gridsim {version}: {name}: {variants} variant(s) x {replications} replication(s) "
    "= {runs} run(s), {days} days each, seed {seed}": (
        "gridsim {version}：{name}：{variants}个方案 × {replications}次重复 = {runs}次运行，"
        "每次{days}天，随机种子{seed}"
    ),
    " ({n} finished earlier, kept)": "（其中{n}次此前已完成，保留）",
    "{runs} run(s){resumed} in {wall} s wall, {cpu} CPU-s simulating, {rate} events "
    "per CPU-second": "{runs}次运行{resumed}，用时{wall}秒，模拟占CPU {cpu}秒，每CPU秒{rate}个事件",
    "report: {path}": "报告：{path}",
    "results: {path}/ (issues.parquet, summary.csv, scenario.yaml, manifest.json)": (
        "结果：{path}/（issues.parquet、summary.csv、scenario.yaml、manifest.json）"
    ),
}
ZH.update(
    {  # the planner's names of the KPIs (gridsim.stats.compare.KPI_LABELS) and their scopes
        "mean time to on site": "平均到场时间",
        "median time to on site": "到场时间中位数",
        "95th percentile time to on site": "到场时间95%分位数",
        "mean time to resolution": "平均解决时间",
        "median time to resolution": "解决时间中位数",
        "90th percentile time to resolution": "解决时间90%分位数",
        "95th percentile time to resolution": "解决时间95%分位数",
        "mean time to a plan for complex issues": "复杂诉求平均出方案时间",
        "mean wait for a responder": "平均等待处置人员时间",
        "time-average number of open issues": "未办结诉求数（时间平均）",
        "number of issues still open at the end": "期末仍未办结的诉求数",
        "number of issues resolved": "已解决诉求数",
        "number of issues reported": "上报诉求数",
        "number of issues ending with a grid leader": "止于网格长的诉求数",
        "number of issues ending with the committee": "止于社区居委会的诉求数",
        "number of issues ending at the joint meeting": "止于四方联动会议的诉求数",
        "number of issues ending at the town": "止于镇的诉求数",
        "number of issues going above the town": "上交至镇以上的诉求数",
        "number of hidden issues never found": "始终未发现的隐患数",
        "number of issues found by patrol": "巡逻发现的诉求数",
        "number of issues found by screening": "排查发现的诉求数",
        "number of disputes mediated": "调解的矛盾纠纷数",
        "utilisation": "利用率",
        "mean queue length": "平均排队长度",
        "staff cost a year (CNY)": "每年人员成本（元）",
        "number of work orders": "工单数",
        "share of closed work orders reopened": "办结后重新打开的工单占比",
        "number of problems going above the town": "上报到镇以上的问题数",
        " in grid {name}": "（网格：{name}）",
        " for {name} issues": "（{name}类诉求）",
        " of {name}": "（{name}）",
    }
)
