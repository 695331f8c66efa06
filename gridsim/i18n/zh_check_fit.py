"""Chinese for `gridsim check-fit`: the answer (gridsim.fit.check), its figure
(gridsim.views.plots.check_fit) and the command (gridsim.cli.check_fit)."""

ZH = {
    # the answer
    "Fitted on {n} orders reported before {split}; checked on {m} orders reported {period}, "
    "against {runs} simulated runs ({variants})": (
        "用{split}之前上报的{n}张工单拟合；以{period}上报的{m}张工单检验，对照{runs}次模拟运行"
        "（{variants}）"
    ),
    "{start} to {end}": "{start}至{end}",
    "{n} bootstrap variants of the fit": "拟合的{n}个自助法变体",
    "the fitted scenario alone": "仅用拟合情景",
    "Weekly counts": "每周工单数",
    "Time to close": "办结用时",
    "{what}: nothing to compare in the held-out months": "{what}：留出月份中没有可比较的数据",
    "{what}: {k} of {n} inside the 95% prediction intervals ({share}, nominal {nominal})": (
        "{what}：{n}项中有{k}项落在95%预测区间内（{share}，名义{nominal}）"
    ),
    ": the fit predicts the held-out months well": "：拟合对留出月份预测良好",
    ": too many outside: the log changed after {month} or the model misses something "
    "({worst})": "：落在区间外的太多：{month}之后工单记录有变化，或模型遗漏了某些因素（{worst}）",
    "most outside: {kind}, {direction}": "区间外最多的是{kind}，{direction}",
    "above the interval: more orders than predicted": "高于区间：工单比预测的多",
    "below the interval: fewer orders than predicted": "低于区间：工单比预测的少",
    "above the band: closed faster than predicted": "高于区间带：办结比预测的快",
    "below the band: closed more slowly than predicted": "低于区间带：办结比预测的慢",
    # the figure
    "all kinds": "全部类别",
    "week (Monday)": "周（周一）",
    "time since the report": "上报后经过的时间",
    "Held-out months {start} to {end}: the log against {n} simulated runs": (
        "留出月份{start}至{end}：工单记录与{n}次模拟运行对照"
    ),
    "simulated 95% interval": "模拟95%区间",
    "simulated 95% band": "模拟95%区间带",
    "log": "工单记录",
    "outside": "区间外",
    "{kind}: orders a week": "{kind}：每周工单数",
    "{kind}: closed (%)": "{kind}：已办结（%）",
    # the command
    "Written to {out}: check_fit.csv, check_fit.png and answer.txt": (
        "已写入{out}：check_fit.csv、check_fit.png和answer.txt"
    ),
}
