"""Chinese for the figures (gridsim.views.plots, but the studies' and decomposition's
figures): titles, axis labels, legends, the map's caption and the KPIs' units, in the words
of zh_terms."""

ZH = {
    # units of the KPIs (gridsim.views.plots.style UNIT_TEXT, COUNT_UNITS)
    "{label} ({unit})": "{label}（{unit}）",
    "minutes": "分钟",
    "%": "%",
    "staff": "人员",
    "disputes": "件矛盾纠纷",
    "services": "次服务",
    "reports": "次上报",
    # distributions (ECDF, histogram)
    "Time to on site": "到场时间",
    "Time to resolution": "解决时间",
    "Time to a plan (complex issues)": "出方案时间（复杂诉求）",
    "time from report to {event} (minutes)": "从上报到{event}的时间（分钟）",
    "time from report to {event} (minutes, log scale above 1)": (
        "从上报到{event}的时间（分钟，1分钟以上为对数刻度）"
    ),
    "issues {event} by then (%)\n(never {event} = not done)": (
        "届时已{event}的诉求（%）\n（从未{event}＝未完成）"
    ),
    "density (share of issues per decade;\nnever {event} = no area)": (
        "密度（每个数量级内的诉求占比；\n从未{event}＝无面积）"
    ),
    "density (share of issues per minute;\nnever {event} = no area)": (
        "密度（每分钟内的诉求占比；\n从未{event}＝无面积）"
    ),
    "{time} target": "{time}目标",
    "band: {what}": "区间带：{what}",
    "2.5-97.5% of {n} replications": "{n}次重复运行的2.5%–97.5%",
    "range of {n} replications": "{n}次重复运行的范围",
    "variant": "方案",
    # shares within target, work orders by kind
    "{what} within {time}": "{time}内{what}",
    "routine resolved": "一般诉求解决",
    "complex planned": "复杂诉求出方案",
    "issues meeting the target (%)": "达到目标的诉求（%）",
    "Targets met (95% intervals)": "目标达成情况（95%置信区间）",
    "signed for in time (%)": "按时签收（%）",
    "resolved in time (%)": "按时办结（%）",
    "kind of issue": "诉求类别",
    "Work orders within their sign-off and resolution deadlines (95% intervals)": (
        "在签收和办结时限内的工单（95%置信区间）"
    ),
    # load
    "utilisation (% of on-duty time)": "利用率（占在岗时间的%）",
    "staff pool": "人员队伍",
    "Staff utilisation (95% intervals)": "人员利用率（95%置信区间）",
    "time since start (days)": "自开始起的时间（天）",
    "open issues (number, mean over each day)": "未办结诉求（件数，每天的平均）",
    "open issues (number, mean over each {n} minutes)": "未办结诉求（件数，每{n}分钟的平均）",
    "Backlog": "积压",
    # the per-grid map and its caption
    "east (km)": "东（公里）",
    "north (km)": "北（公里）",
    "By grid: {variant}": "各网格：{variant}",
    "{what}, mean": "{what}，均值",
    "{what} in {variant}: the grids range from {low} ({low_grid}) to {high} ({high_grid}).": (
        "{variant}中的{what}：各网格从{low}（{low_grid}）到{high}（{high_grid}）。"
    ),
    "The slowest is {worst}, {gap} ({share:.0%}) longer than {best}.": (
        "最慢的是{worst}，比{best}长{gap}（{share:.0%}）。"
    ),
    "The worst is {worst}, {gap} from {best}.": "最差的是{worst}，与{best}相差{gap}。",
    "Colours run from {lo} to {hi}, so shades differ as much as the values do.": (
        "颜色从{lo}到{hi}，深浅之差与数值之差相称。"
    ),
    "{n} grid(s) without a value are hatched.": "{n}个无数值的网格以斜线标出。",
}
