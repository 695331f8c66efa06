"""Chinese for `gridsim fit` (gridsim.views.fit, gridsim.cli.fit): what was read, the fitted
rates, profiles and work times against the base scenario, in the words of zh_terms."""

ZH = {
    "Not fitted, kept from the base scenario: {note}": "未拟合，沿用基准情景：{note}",
    "Read {rows} rows of {source}: {orders} orders, {period} (extract {extract}).": (
        "读取{source}的{rows}行：{orders}张工单，{period}（导出时间{extract}）。"
    ),
    "Left out {n} rows: {reasons}.": "剔除{n}行：{reasons}。",
    "{start} to {end}": "{start}至{end}",
    "Merged {n} duplicate reports of the same problem ({share} of the rows).": (
        "合并同一问题的重复上报{n}条（占{share}）。"
    ),
    "  {kind}: {value} ({lower} to {upper}); base {base}, {change}": (
        "  {kind}：{value}（{lower}至{upper}）；基准{base}，{change}"
    ),
    "Requests a household a year (95% interval), against the base scenario:": (
        "每户每年诉求数（95%区间），与基准情景相比："
    ),
    "  how: {note}": "  方法：{note}",
    "the base is inside the interval": "基准值在区间内",
    "the base has none": "基准为零",
    "{p} more": "多{p}",
    "{p} less": "少{p}",
    "{name} ({x}x the average)": "{name}（平均的{x}倍）",
    "Busiest: {peaks}.": "最忙：{peaks}。",
    "Public holidays: {x}x an ordinary day's requests ({lower} to {upper}).": (
        "法定节假日：诉求为平常日的{x}倍（{lower}至{upper}）。"
    ),
    "Grids that report more or less per household than the community: {grids}": (
        "每户诉求明显高于或低于社区平均的网格：{grids}"
    ),
    "  {kind}: {dist}, mean {mean} ({lower} to {upper}); base {base}": (
        "  {kind}：{dist}分布，平均{mean}（{lower}至{upper}）；基准{base}"
    ),
    "Work on site (95% interval), against the base scenario:": (
        "现场处置时间（95%区间），与基准情景相比："
    ),
    "; {n} bootstrap variants (boot-01...) carry the parameters' uncertainty into runs": (
        "；{n}个自助法变体（boot-01…）把参数的不确定性带入运行"
    ),
    "Wrote {out} ({n} fitted numbers, each with its 95% interval, rows and period, extending "
    "{base}{boot}) and {table}.": (
        "已写出{out}（{n}个拟合数值，各附95%区间、所用行数和时段，继承{base}{boot}）和{table}。"
    ),
    "Next: gridsim run {out}; gridsim check-fit {log} {out} --format {fmt} --holdout 3": (
        "下一步：gridsim run {out}；gridsim check-fit {log} {out} --format {fmt} --holdout 3"
    ),
    # reasons a row of a log is left out (gridsim.fit.read), before the values they name
    "no order id": "无工单编号",
    "no reported date": "无上报时间",
    "closed without a close date": "已办结但无办结时间",
    "no category": "无事项类别",
    "category not mapped": "类别未映射",
    "category skipped": "类别按映射跳过",
    "no grid": "无网格",
    "grid not known": "网格不存在",
    "no coordinates": "无坐标",
    "outside every grid": "不在任何网格内",
    "date after the extract": "时间晚于导出时间",
    "duplicate order id": "工单编号重复",
    "malformed line": "格式错误的行",
    "unreadable reported date": "上报时间无法识别",
    "unreadable signed date": "签收时间无法识别",
    "unreadable on_site date": "到场时间无法识别",
    "unreadable resolved date": "解决时间无法识别",
    "unreadable closed date": "办结时间无法识别",
    "signed before reported": "签收时间早于上报时间",
    "on_site before reported": "到场时间早于上报时间",
    "resolved before reported": "解决时间早于上报时间",
    "closed before reported": "办结时间早于上报时间",
    "exponential": "指数",
    "lognormal": "对数正态",
    "gamma": "伽马",
    "deterministic": "固定",
}
