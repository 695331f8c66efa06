"""Chinese for comparisons and sweeps: `gridsim compare` and `gridsim sweep` in the console,
their answers per goal, the report's comparison and sweep sections and the studies' figures
(gridsim.stats.compare, gridsim.experiment.sweep, gridsim.views.answers,
gridsim.views.report.comparison, gridsim.views.plots.studies). Domain words as in zh_terms."""

ZH = {
    # verdicts of a paired comparison (gridsim.stats.compare)
    "better": "更好",
    "worse": "更差",
    "higher": "更高",
    "lower": "更低",
    "no clear difference": "无明显差异",
    "no practical difference": "无实际差异",
    "not reached": "未达到",
    # verdict_text
    "{variant} lengthens the {kpi} from {a} to {b}": "{variant}使{kpi}从{a}延长到{b}",
    "{variant} cuts the {kpi} from {a} to {b}": "{variant}使{kpi}从{a}降到{b}",
    "{variant} raises the {kpi} from {a} to {b}": "{variant}使{kpi}从{a}提高到{b}",
    "{low} to {high} higher": "高{low}至{high}",
    "{low} to {high} lower": "低{low}至{high}",
    "{low} to {high} longer": "长{low}至{high}",
    "{low} to {high} shorter": "短{low}至{high}",
    "{low} to {high} more": "多{low}至{high}",
    "{low} to {high} fewer": "少{low}至{high}",
    "{high} higher": "高{high}",
    "{high} lower": "低{high}",
    "{high} longer": "长{high}",
    "{high} shorter": "短{high}",
    "{high} more": "多{high}",
    "{high} fewer": "少{high}",
    " (too few replications for an interval)": "（重复运行次数太少，无法给出区间）",
    "from {low} to {high}": "从{low}到{high}",
    "{variant}: the {kpi} cannot be compared (no paired replications)": (
        "{variant}：{kpi}无法比较（没有配对的重复运行）"
    ),
    "{variant}: the {kpi} cannot be compared: in {k} of {n} paired runs it was not reached by "
    "the horizon (only a lower bound); a longer run would tell": (
        "{variant}：{kpi}无法比较：{n}次配对运行中有{k}次到模拟结束仍未达到（只知下限）；"
        "需更长的模拟才能判断"
    ),
    "{variant} leaves the {kpi} unchanged at {a}": "{variant}的{kpi}不变，仍为{a}",
    ", but this is no clear difference ({pct} interval {span})": (
        "，但差异不明显（{pct}置信区间{span}）"
    ),
    " ({pct} interval: {span})": "（{pct}置信区间：{span}）",
    ", a clear difference but under the practical threshold of {t} ({pct} interval: {span})": (
        "，差异明显但小于有实际意义的{t}（{pct}置信区间：{span}）"
    ),
    # the console of compare and sweep (gridsim.cli.experiments)
    "Each variant against the current plan, {base} (paired: {n} replications on the same "
    "demand):": "各方案与现行方案{base}对比（配对：相同需求下{n}次重复运行）：",
    " (tie)": "（并列）",
    "sweep: {n} design points x {r} replications, against the current plan ({reference})": (
        "扫描：{n}个设计点 x {r}次重复运行，与现行方案（{reference}）对比"
    ),
    "ranking by {kpi}: {order}": "按{kpi}排序：{order}",
    "report: {path}": "报告：{path}",
    "results: {folder}/ ({tables})": "结果：{folder}/（{tables}）",
    "sweep.csv: one row per point, replication and KPI": (
        "sweep.csv：每个设计点、每次重复运行、每项指标一行"
    ),
    # design points named by what they change (gridsim.experiment.sweep)
    "current plan": "现行方案",
    "on": "开",
    "off": "关",
    "{name} crews": "{name}快修队",
    "{name} crews on call at night": "{name}夜间值守快修队",
    "dispatch": "派单方式",
    "queue": "排队规则",
    "patrols a day": "每日巡逻次数",
    "shift starts at": "班次开始时间",
    "shift ends at": "班次结束时间",
    "triage minutes": "分拣分钟数",
    "{name} reports per household a year": "每户每年{name}诉求数",
    "pooled": "统一调度",
    "nearest": "就近",
    "fcfs": "先到先办",
    "severity": "按严重程度",
    "vulnerable_first": "困难户优先",
    "severity_ageing": "按严重程度并随等待升级",
    # answers (gridsim.views.answers)
    "Answer: {text}": "结论：{text}",
    "{k} of {n} points meet “{goal}”; the cheapest, {design}, gives {est} at a staff cost of "
    "{cost} a year": (
        "{n}个设计点中有{k}个达成“{goal}”；成本最低的是{design}，结果为{est}，人员成本每年{cost}"
    ),
    "{k} of {n} points meet “{goal}”; the smallest, {design}, gives {est}": (
        "{n}个设计点中有{k}个达成“{goal}”；投入最少的是{design}，结果为{est}"
    ),
    "{none} surely meets “{goal}”: the best, {design}, gives {est}": (
        "{none}能确定达成“{goal}”：最好的是{design}，结果为{est}"
    ),
    "{none} meets “{goal}”: the best, {design}, gives {est}": (
        "{none}能达成“{goal}”：最好的是{design}，结果为{est}"
    ),
    "Design points against the current plan, mean of the replications:": (
        "各设计点与现行方案对比（重复运行的均值）："
    ),
    "None of the {n} choices of {field}": "{field}的{n}种选择都不",
    "None of the {n} design points": "{n}个设计点都不",
    "No number of {field} from {low} to {high}": "{field}从{low}到{high}的任何数量都不",
    "No value of {field} from {low:.3g} to {high:.3g}": (
        "{field}从{low:.3g}到{high:.3g}的任何取值都不"
    ),
    "; the current plan gives {est}": "；现行方案为{est}",
    " (too close to call at {points}: more replications would decide)": (
        "（{points}难以判定：需更多重复运行）"
    ),
    "better than the current plan by {d}, clear": "比现行方案好{d}，差异明显",
    "{d} better than the current plan: clear, but under the practical threshold of {t}": (
        "比现行方案好{d}：差异明显，但小于有实际意义的{t}"
    ),
    "not clearly better than the current plan ({d}, within the noise)": (
        "并不明显优于现行方案（{d}，在随机波动范围内）"
    ),
    "not comparable with the current plan ({verdict})": "无法与现行方案比较（{verdict}）",
    "unreachable by this lever: {reason}": "此措施无法达成：{reason}",
    "Best for “{goal}”: the current plan ({variant}), {est} ({status}); no variant does better": (
        "“{goal}”的最佳方案：现行方案（{variant}），{est}（{status}）；没有方案更好"
    ),
    "Best for “{goal}”: {variant}, {est} ({status}), {against}": (
        "“{goal}”的最佳方案：{variant}，{est}（{status}），{against}"
    ),
    # the report's comparison and sweep sections (gridsim.views.report.comparison)
    "Each variant against the current plan, {base}, replication by replication on the same "
    "demand (a paired comparison). “Better” or “worse” means the 95% interval of the "
    "difference leaves no doubt about its direction and the difference is at least the "
    "scenario's practical threshold (the smallest difference that matters: by default a "
    "minute, a percentage point, one issue); “no practical difference” means a clear "
    "difference smaller than that; “no clear difference” means the runs cannot tell the two "
    "apart; “not reached” means a percentile was still open at the end of some run, so only a "
    "lower bound is known and a longer run is needed.": (
        "各方案与现行方案{base}逐次配对比较（相同需求）。“更好”或“更差”表示差值的95%置信区间"
        "方向明确，且差值不小于情景设定的实际阈值（有实际意义的最小差值：默认为1分钟、1个百分点、"
        "1件诉求）；“无实际差异”表示差异明显但小于该阈值；“无明显差异”表示运行结果无法区分两者；"
        "“未达到”表示某次运行结束时该分位数仍未达到，只知下限，需更长的模拟。"
    ),
    "Answers": "结论",
    "{variant} against the current plan": "{variant}与现行方案对比",
    "{n} comparisons with the current plan": "与现行方案的{n}项对比",
    "Ranking": "排序",
    "by the {kpi}: {order}": "按{kpi}：{order}",
    "Best first; “(tie)” marks a variant not clearly worse than the best (Bonferroni-adjusted "
    "paired intervals, 95% together).": (
        "最好的在前；“（并列）”表示与最好方案相比并不明显更差（Bonferroni校正的配对区间，"
        "整体95%）。"
    ),
    "From sweep.csv: every design point is a variant of the scenario with the swept fields set "
    "as below, run on the same random demand as the current plan.": (
        "数据来自sweep.csv：每个设计点是情景的一个方案，扫描字段取下表的值，与现行方案使用相同的"
        "随机需求。"
    ),
    "Design points": "设计点",
    "design": "设计",
    "{kpi} against {field}": "{kpi}随{field}的变化",
    ", one line per value of {field}": "，每个{field}取值一条线",
    "The mean {kpi} (with 95% intervals) as {field} changes{each}; the dotted line is the goal. "
    "Look for where the curve flattens: beyond it, more of the lever buys little.": (
        "{kpi}均值（含95%置信区间）随{field}的变化{each}；虚线为目标。留意曲线变平之处："
        "再往后，加大投入收效甚微。"
    ),
    # the report's calibration section
    "Calibration": "校准",
    "Simulated counts beside the scenario's observed figures": "模拟数量与情景观测数据对照",
    "From {file} ({command}): does the model reproduce the counts observed in the place it "
    "represents (the scenario's {section} figures)?": (
        "数据来自{file}（{command}）：模型能否再现所代表地方的观测数量（情景的{section}数据）？"
    ),
    "Simulated counts with their one-period ranges beside the observed figures": (
        "模拟数量及单期范围与观测数据对照"
    ),
    "Each source figure is one place over one period, so it is held against the range a single "
    "simulated period falls in (95% prediction interval), not against the interval of the "
    "mean. A figure outside its range means an assumption to revisit; figures not comparable "
    "with one simulated community are shown for scale only.": (
        "每个来源数据是一个地方一个时期的数字，因此与单个模拟期的范围（95%预测区间）对照，而不是与"
        "均值的置信区间对照。超出范围的数据意味着需要重新审视某项假设；与单个模拟社区不可比的数据"
        "仅供参考量级。"
    ),
    "figure": "数据",
    "observed": "观测值",
    "simulated mean [95% interval]": "模拟均值［95%置信区间］",
    "one simulated period (95%)": "单个模拟期（95%）",
    "verdict": "结论",
    "source": "来源",
    "to": "至",
    "inside": "范围内",
    "OUTSIDE": "超出范围",
    "set from it": "由其设定",
    "for scale only": "仅供参考量级",
    "not in the run": "本次运行未涉及",
    "too few runs": "运行次数太少",
    "OFF (set from it)": "偏离（由其设定）",
    # the studies' figures (gridsim.views.plots.studies)
    "rung where the issue ended": "诉求最终办结的层级",
    "issues (mean per replication)": "诉求数（每次重复运行的均值）",
    "Where issues end on the ladder": "诉求在各层级的办结情况",
    "true rung": "实际层级",
    "recorded rung": "记录层级",
    "true": "实际",
    "recorded": "记录",
    "grid leader": "网格长",
    "above town": "镇以上",
    "count (per year unless the figure says otherwise, log scale above 1)": (
        "数量（除另有说明外为每年；1以上为对数刻度）"
    ),
    "Simulated counts against the observed figures": "模拟数量与观测数据对比",
    "one simulated year, 95% range": "单个模拟年的95%范围",
    "simulated mean": "模拟均值",
    "observed figure": "观测数据",
    "not comparable: for scale only": "不可比：仅供参考量级",
    "value": "数值",
    "staff": "人员",
    "minutes": "分钟",
    "hours": "小时",
    "hour of day": "时刻",
    "per day": "每天",
    "share": "占比",
    "per household per year": "每户每年",
    "mean with 95% interval": "均值及95%置信区间",
    "goal {sign} {value}": "目标{sign}{value}",
    "Sweep of {field}": "{field}扫描",
}
