"""Chinese for `gridsim sensitivity` (gridsim.cli.sensitivity, gridsim.views.plots.tornado):
the ranking in words and the tornado figure, in the words of zh_terms."""

ZH = {
    # the ranking in words (gridsim.cli.sensitivity)
    "Which assumptions matter (Morris screening, {n} points x {r} replications): mu* is how "
    "much a KPI moves, on average, when the field goes across its whole range.": (
        "哪些假设要紧（Morris筛选，{n}个点 × 每点{r}次重复）：mu*是该字段在整个取值范围内变动时，"
        "指标平均变动多少。"
    ),
    "Which assumptions matter (Sobol' indices, {n} points x {r} replications): ST is the share "
    "of a KPI's variance the field explains, alone or with the others.": (
        "哪些假设要紧（Sobol指数，{n}个点 × 每点{r}次重复）：ST是该字段单独或与其他字段共同"
        "解释的指标方差占比。"
    ),
    "most affected by {first}": "影响最大的是{first}",
    ", then {rest}": "，其次是{rest}",
    "; negligible: {fields}": "；可忽略：{fields}",
    "no field matters": "没有字段产生实际影响",
    "{field} ({effect})": "{field}（{effect}）",
    "ST {share} of the variance": "ST 占方差{share}",
    "Worth measuring in your own community: {fields}.": "值得在本社区实测的数字：{fields}。",
    "No field in these ranges changes a KPI by a practical amount.": (
        "在这些取值范围内，没有字段使任何指标产生有实际意义的变化。"
    ),
    "note: {note}": "说明：{note}",
    "{output}: {ranking}": "{output}：{ranking}",
    "left out, without a value at every point: {kpis}": "未列入（并非每个点都有值）：{kpis}",
    "no plan within the levers' bounds meets the requirements at {short} of {n} distinct "
    "points: the cost of every lever at its highest stands in": (
        "在{n}个不同的点中有{short}个点，杠杆范围内没有方案满足要求：以所有杠杆取最高值的成本代替"
    ),
    "Written to {out}: sensitivity.csv, tornado.png": "已写入{out}：sensitivity.csv、tornado.png",
    # the tornado figure (gridsim.views.plots.tornado)
    "Which assumptions matter ({method})": "哪些假设要紧（{method}）",
    "Morris screening": "Morris筛选",
    "Sobol' indices": "Sobol指数",
    "cost of the cheapest plan": "最省方案的成本",
    "mu*": "mu*",
    "mu*: change across its range ({unit})": "mu*：在取值范围内的变化（{unit}）",
    "mu*: change across its range (10,000 CNY a year)": "mu*：在取值范围内的变化（万元/年）",
    "ST: share of the variance it explains (%)": "ST：解释的方差占比（%）",
    "percentage points": "百分点",
    # field names (gridsim.experiment.sweep FIELD_NAMES)
    "{name} wage per hour": "{name}每小时工资",
}
