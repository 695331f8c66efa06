"""Chinese for the report (gridsim.views.report): its frame, the summary, the goals, the
headline table and the scenario, orders and method sections; the domain's words as
`zh_terms` fixes them."""

ZH = {
    # the frame
    "gridsim report: {name}": "gridsim 报告：{name}",
    "Simulation report: {variants}, {r} replications each, {d:g} simulated days per run. "
    "Run started {started} with gridsim {version}; results folder {folder}.": (
        "仿真报告：{variants}，每个方案重复运行{r}次，每次模拟{d:g}天。"
        "运行开始于{started}，gridsim 版本{version}；结果文件夹{folder}。"
    ),
    "at an unknown time": "未知时间",
    "(unknown version)": "（版本未知）",
    "{n} variant": "{n}个方案",
    "{n} variants": "{n}个方案",
    "{n} replication": "重复{n}次",
    "{n} replications": "重复{n}次",
    "Contents": "目录",
    "Summary": "摘要",
    "Goals": "目标",
    "The scenario": "情景",
    "Headline results": "主要结果",
    "Work orders": "工单",
    "Figures": "图表",
    "Comparison of variants": "方案比较",
    "Calibration": "校准",
    "Sweep": "参数扫描",
    "Method": "方法",
    "Written by gridsim from the files of the results folder. Means are over replications, "
    "with 95% Student t intervals; all times run from the report of an issue unless "
    "stated.": (
        "由 gridsim 根据结果文件夹中的文件生成。数值为各次重复运行的均值，附 95% Student t "
        "置信区间；除另有说明外，所有时间均从诉求上报时起算。"
    ),
    # durations and counts
    "{n} minute": "{n}分钟",
    "{n} minutes": "{n}分钟",
    "{n} hour": "{n}小时",
    "{n} hours": "{n}小时",
    "{n} day": "{n}天",
    "{n} days": "{n}天",
    "day": "天",
    "committee member": "社区居委会成员",
    "mediator": "调解员",
    "replication": "次重复",
    "variant": "方案",
}
ZH.update(
    {
        # the goals
        "The scenario states no goals: add them under goals: to be told which are met.": (
            "情景未设定目标：在 goals: 下添加目标，即可获知是否达成。"
        ),
        "A goal is met when the whole 95% interval of its KPI is on the goal's side, missed "
        "when the whole interval is on the other side, and too close to call when the "
        "interval holds the goal (more replications would decide).": (
            "指标的 95% 置信区间整体落在目标一侧即为达成，整体落在另一侧即为未达成；"
            "区间包含目标值则难以判定（需更多重复运行才能判定）。"
        ),
        "verdict": "结论",
        "goal": "目标",
        "estimate": "估计值",
        "95% interval": "95% 置信区间",
        "how far": "差距",
        "why": "原因",
        "on site within {t}": "{t}内到场",
        "routine issues resolved within {t}": "一般诉求{t}内解决",
        "complex issues planned within {t}": "复杂诉求{t}内出方案",
        # the summary
        "Does the current plan meet its goals?": "现行方案能否达成目标？",
        "What would each of the {n} variants change?": "{n}个备选方案各会带来什么变化？",
        "the current plan": "现行方案",
        "another scenario file, run on the same seed": "另一个情景文件，使用相同随机种子运行",
        "goal or number": "目标或指标",
        "staff cost a year": "每年人员成本",
        "{n} more variants are in the sections below.": "另有{n}个方案见后文各节。",
        "Share of issues with someone on site against the time since the report, per "
        "variant, with the target time and the goal marked": (
            "各方案自上报起已有人到场的诉求比例随时间的变化，标出目标时间与目标比例"
        ),
        "What would change the answer": "什么会改变结论",
        "What would change the answer (sections of report.html):": (
            "什么会改变结论（见 report.html 各节）："
        ),
        "The reason given for each missed goal says what holds it back.": (
            "每项未达成目标的原因说明了制约所在。"
        ),
        "Where the time of the missed goals goes, and which levers can reach them.": (
            "未达成目标的时间耗在哪里，哪些措施能够达到目标。"
        ),
        "Verdicts too close to call need more replications (gridsim replications).": (
            "难以判定的结论需要更多重复运行（gridsim replications）。"
        ),
        "Which variants are better than the current plan, by more than the smallest "
        "difference that matters.": "哪些方案优于现行方案，且差距超过有实际意义的最小差值。",
        "How the answer moves with each swept field.": "结论如何随各扫描参数变化。",
        "When and where issues wait longest.": "诉求在何时、何地等待最久。",
        "State goals (goals:) to be told whether they are met.": (
            "设定目标（goals:），即可获知是否达成。"
        ),
        "target {t}": "目标时间 {t}",
        "goal {s}": "目标比例 {s}",
        "time from the report to someone on site": "从上报到有人到场的时间",
        "share of issues": "诉求比例",
        "✓ met   ✗ missed   ? too close to call (95% interval of the mean)": (
            "✓ 达成   ✗ 未达成   ? 难以判定（均值的 95% 置信区间）"
        ),
    }
)
ZH.update(
    {
        # the headline table
        "KPI": "指标",
        "Headline KPIs per variant: mean [95% interval]": "各方案主要指标：均值 [95% 置信区间]",
        "Mean over replications, and below it the 95% interval of the mean (Student t, cut "
        "to the values the KPI can take: no share above 100%, no negative count). A "
        "percentile marked ≥ was not reached by the horizon in some runs (issues still open "
        "count at their time open), so it is a lower bound. Only issues reported after the "
        "warm-up count; times run from the report, except the lines on hidden problems "
        "(latent ones, found only by patrols and screening), which count those that arose "
        "after the warm-up, from when they arose. The targets: on site within {on_site}, "
        "routine issues resolved within {resolved}, complex issues planned within {plan}. "
        "“Ended with…” counts issues per run.": (
            "上为各次重复运行的均值，下为均值的 95% 置信区间（Student t，截取在指标可取的"
            "范围内：比例不超过 100%，计数不为负）。标有 ≥ 的百分位数在部分运行中至模拟结束"
            "仍未达到（仍未办结的诉求按已开启时长计），因此是下限。只统计预热期后上报的诉求；"
            "时间从上报起算，隐患（仅由巡逻和排查发现的潜在问题）各行除外：统计预热期后产生"
            "的隐患，从产生时起算。目标：{on_site}内到场，一般诉求{resolved}内解决，复杂诉求"
            "{plan}内出方案。“止于……”为每次运行的诉求数。"
        ),
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
        "work orders": "工单",
        "none (the rates need orders.enabled: true)": "无（这些比率需要 orders.enabled: true）",
        "slowest grid (p90 time to on site)": "最慢网格（到场时间90百分位）",
        "not reached by the horizon in {k} of {n} runs": "{n}次运行中有{k}次至模拟结束仍未达到",
        "one run: too few for an interval": "仅一次运行：不足以计算区间",
        "the same in all {n} runs": "{n}次运行结果相同",
        "no such issues": "无此类诉求",
        "none hidden": "无隐患",
        "none dispatched": "无派遣",
        "none planned": "无方案",
        "none on site": "无到场",
        "none found": "未发现",
        "no work orders": "无工单",
        "no order closed": "无办结工单",
        "too short": "时间过短",
        "no call-backs": "无回访",
        "none resolved": "无解决",
        "never on duty": "从未在岗",
        # KPI names (gridsim.stats.compare.KPI_LABELS) the summary shows
        "number of issues reported": "上报诉求数",
        "mean time to on site": "平均到场时间",
        "90th percentile time to on site": "到场时间90百分位",
        "mean time to resolution": "平均解决时间",
        "share of issues on site within target": "按目标时间到场的诉求比例",
        "share of routine issues resolved within target": "按目标时间解决的一般诉求比例",
        "share of complex issues planned within target": "按目标时间出方案的复杂诉求比例",
        "number of issues going above the town": "上交至镇以上的诉求数",
        "share of work orders signed for within their deadline": "按时签收的工单比例",
        "share of work orders resolved within their deadline": "按时办结的工单比例",
        "share of residents satisfied at the call-back": "回访满意的居民比例",
        "grid_worker": "网格员",
        "mediation": "调解",
    }
)
