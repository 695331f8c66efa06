"""Chinese for `gridsim optimise`: the answer lines (gridsim.views.optimum), the reasons a
requirement is out of reach (gridsim.optimiser), the frontier figure
(gridsim.views.plots.frontier), the optimum's report (gridsim.views.report.optimum) and
the command (gridsim.cli.optimise). Domain words as in zh_terms."""

ZH = {
    # decisions of the sequential check, and the plans
    "feasible": "可行",
    "infeasible": "不可行",
    "undecided": "未定",
    "chosen plan": "选定方案",
    "best the bounds allow": "范围内最好的方案",
    "Pareto plans": "帕累托方案",
    "Pareto plan": "帕累托方案",
    "within the tolerance": "容差之内",
    "runs": "运行次数",
    "run": "次",
    # the answer (gridsim.views.optimum)
    "no change from the current plan": "与现行方案相同",
    "{x} more than the current plan": "比现行方案多{x}",
    "{x} less than the current plan": "比现行方案少{x}",
    "the same as the current plan": "与现行方案相同",
    "{cost} a year, {delta}": "每年{cost}，{delta}",
    "met with {level} confidence": "以{level}的置信度达到",
    "met within the tolerance ({tol} from the goal counts as meeting it)": (
        "在容差之内达到（离目标{tol}以内算作达到）"
    ),
    "missed, with {level} confidence": "未达到（置信度{level}）",
    "too close to the goal to decide in {n} runs": "{n}次运行后仍太接近目标，无法判定",
    "{goal}: {estimate} [{low}, {high}], {verdict}": (
        "{goal}：{estimate} [{low}, {high}]，{verdict}"
    ),
    "More of a lever never made a requirement clearly worse in the {pairs} pairs of plans "
    "compared, as the search assumes.": (
        "在比较的{pairs}对方案中，增加某一杠杆从未使任何要求明显变差，与搜索的假设一致。"
    ),
    "Warning: more of a lever made a requirement clearly worse in {n} of {pairs} pairs of plans "
    "(worst: {change} made {kpi} worse by {by}); the search assumes it never does, so it may "
    "have ruled out a cheaper plan.": (
        "警告：在{pairs}对方案中有{n}对，增加某一杠杆使某项要求明显变差（最严重：{change}使{kpi"
        "}差了{by}）；搜索假设这不会发生，因此可能排除了更便宜的方案。"
    ),
    "1 plan simulated": "模拟了 1 个方案",
    "{n} plans simulated": "模拟了 {n} 个方案",
    "{plans}, {runs} runs ({cpu} CPU-s); the intervals are at {level} confidence.": (
        "{plans}，运行{runs}次（{cpu} CPU 秒）；区间的置信度为{level}。"
    ),
    "Note: {note}": "注意：{note}",
    "Answer: the cheapest plan that meets every requirement with {level} confidence: {changes}.": (
        "答案：以{level}的置信度达到所有要求的最便宜方案：{changes}。"
    ),
    "Answer: no plan within the bounds meets every requirement with {level} confidence.": (
        "答案：范围内没有方案能以{level}的置信度达到所有要求。"
    ),
    "Cost: {cost}.": "成本：{cost}。",
    "The best the bounds allow (every lever at its highest): {changes}; {cost}.": (
        "范围内最好的方案（所有杠杆取最高值）：{changes}；{cost}。"
    ),
    # why a requirement is out of reach (gridsim.optimiser.reasons)
    "the plan with every lever at its highest is not a valid scenario: {why}": (
        "所有杠杆取最高值的方案不是有效的情景：{why}"
    ),
    "{goal} {value}: with every lever at its highest, not decided in {n} runs (estimate {best}, "
    "interval {low} to {high})": (
        "{goal} {value}：所有杠杆取上限时，{n}次运行后仍未判定（估计值{best}，区间{low}至{high}）"
    ),
    "{goal} {value} is out of reach within the bounds: with every lever at its highest it is "
    "{best}, {gap} short": ("{goal} {value}在范围内无法达到：所有杠杆取最高值时为{best}，差{gap}"),
    "; why: {reason}": "；原因：{reason}",
    # the frontier figure
    "staff cost a year (10,000 CNY)": "每年人员成本（万元）",
    "Plans simulated: cost against each requirement": "模拟的方案：成本与各项要求",
    # the report (gridsim.views.report.optimum)
    "What would it take: {name}": "需要什么：{name}",
    "gridsim optimise on scenario {name}, seed {seed}: the cheapest plan within the levers' "
    "bounds that meets every requirement with {level} confidence.": (
        "gridsim optimise，情景 {name}，种子 {seed}：在杠杆范围内以{level}的置信度达到所有要求"
        "的最便宜方案。"
    ),
    "The answer": "答案",
    "Requirements": "要求",
    "Cost against attainment": "成本与达成程度",
    "Plans simulated": "模拟的方案",
    "How the answer was reached": "答案是如何得出的",
    "Does more staff always help?": "人员越多总是越好吗？",
    "Notes": "注意事项",
    "requirement": "要求",
    "tolerance": "容差",
    "{level} interval": "{level}区间",
    "cost a year": "每年成本",
    "decision": "判定",
    "yes": "是",
    "No plan was simulated.": "没有模拟任何方案。",
    "Each mark is a plan simulated, with its interval; colour and shape say whether it meets the "
    "requirement. The dashed line is the goal and the grey band the tolerance; the step line "
    "joins the plans no cheaper plan beats. The chosen plan and the current plan are ringed.": (
        "每个标记是一个模拟的方案及其区间；颜色和形状表示它是否达到要求。虚线是目标，灰色带是容"
        "差；阶梯线连接没有更便宜方案能胜过的方案。选定方案和现行方案画了圆圈。"
    ),
    "Cost against each requirement for every plan simulated": "每个模拟方案的成本与各项要求",
    "First the plan with every lever at its highest ({plan}): if even it fell short, no plan "
    "within the bounds would do.": (
        "首先模拟所有杠杆取最高值的方案（{plan}）：如果连它都达不到，范围内就没有方案能达到。"
    ),
    "Bisection, the other levers at their highest: {lever} needs at least {low}.": (
        "二分法（其他杠杆取最高值）：{lever}至少需要{low}。"
    ),
    "Warm start for {lever}: Erlang's bound from the load measured at the top plan ({load} crews "
    "busy on average), so {first} was tried first.": (
        "{lever}的热启动：根据最高方案测得的负荷（平均{load}个队伍在忙）用 Erlang 界，因此先试{"
        "first}。"
    ),
    "Then the plans left, cheapest first: {designs} plans simulated in all, {runs} runs ({cpu} "
    "CPU-s).": (
        "然后按成本从低到高检查其余方案：共模拟{designs}个方案，运行{runs}次（{cpu} CPU 秒）。"
    ),
    "Each plan is decided by a fully sequential feasibility check (Andradóttir and Kim 2010) "
    "with common random numbers: it gets a few runs first and more only while it is too close to "
    "a goal to decide; it is declared feasible when the mean clears the goal, or falls within "
    "its tolerance, with {level} confidence (shared among the requirements), and infeasible when "
    "it falls short by more than the tolerance.": (
        "每个方案由完全序贯的可行性检验（Andradóttir 和 Kim 2010）在公共随机数下判定：先运行几"
        "次，只有在太接近目标无法判定时才增加运行；当均值以{level}的置信度（由各项要求分摊）超"
        "过目标或落在容差之内时判为可行，差距超过容差时判为不可行。"
    ),
    "{change}: {kpi} worse by {by}": "{change}：{kpi}差了{by}",
    # the command (gridsim.cli.optimise)
    "Written to {out}: optimum.json, frontier.csv (every plan simulated), frontier.png, "
    "answer.txt and report.html": (
        "已写入 {out}：optimum.json、frontier.csv（所有模拟的方案）、frontier.png、answer.txt "
        "和 report.html"
    ),
    "{path}: every value costs the same (no wage, no cost per unit given), so the search "
    "cannot prefer fewer of it; give PATH=LOW:HIGH:COST": (
        "{path}：每个取值的费用相同（没有工资，也没有给出单位费用），搜索无法偏向更少的数量；"
        "请写成 PATH=LOW:HIGH:COST"
    ),
    "the cost of a plan is not the sum of its levers' costs (up to {gap}): the order of the "
    "search may be off": "方案的费用不等于各杠杆费用之和（最多相差 {gap}）：搜索的顺序可能有偏差",
}
