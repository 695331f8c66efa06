"""Chinese for why targets are missed: the parts of a time, the levers and their ceilings,
the reasons under the verdicts, the report's section and its figure
(gridsim.stats.decompose, gridsim.views.why, gridsim.views.report.why,
gridsim.views.plots.decompose)."""

ZH = {
    # The parts of a time to a target
    "waiting for someone on duty": "等待有人值班",
    "triage": "受理分派",
    "wait for a crew": "等待快修队",
    "travel": "路途",
    "work": "处置",
    "waiting for a rung, a meeting or a plan": "等待上报层级、会议或方案",
    " or ": "或",
    # Levers
    "more crews": "增加快修队",
    "more {colour} crews": "增加{colour}快修队",
    "another dispatch rule": "改变派单规则",
    "another queue order": "改变排队顺序",
    "more grid workers": "增加网格员",
    "faster triage": "加快受理分派",
    "a faster hotline transfer": "加快12345热线转派",
    "other shift hours": "调整值班时间",
    "other holidays": "调整节假日安排",
    "night on-call": "夜间值班",
    "other rosters": "调整排班",
    "faster travel": "加快路途",
    "faster call-outs": "加快夜间出车",
    "another place for the hall": "调整服务大厅位置",
    "a faster ladder": "加快逐级上报",
    "more frequent joint meetings": "更频繁地召开四方联动会议",
    "other escalation rules": "调整上报规则",
    "more grid leaders": "增加网格长",
    "a larger committee": "扩大社区居委会",
    # Ceilings
    "{lever} could reach {value} {goal}: with no {parts} up to {best} would be": (
        "{lever}有可能达到“{goal}”{value}：若没有{parts}，最多可达{best}"
    ),
    "{lever} cannot reach {value} {goal}: even with no {parts} at most {best} would be": (
        "{lever}无法达到“{goal}”{value}：即使完全没有{parts}，最多也只有{best}"
    ),
    "; {share} of reports wait for someone on duty, {time} on average": (
        "；{share}的诉求需等待有人值班，平均{time}"
    ),
    # Reasons under the verdicts
    "{part} {time}": "{part}{time}",
    "nobody waits for someone on duty; on average: {steps}": "无人需等待值班；平均：{steps}",
    "{share} of reports arrive when nobody is on duty and wait {wait} on average": (
        "{share}的诉求在无人值班时到达，平均等待{wait}"
    ),
    "; the others: {steps} on average": "；其余诉求平均：{steps}",
    "{off} of late sign-offs were reported while the grid worker was off duty; "
    "{hotline} came by the hotline": (
        "超时签收的工单中{off}是在网格员下班时反映的；{hotline}来自12345热线"
    ),
    "{signed} of late resolutions were signed for late; {town} went to the town "
    "or above; {open} were still open at the end": (
        "超时办结的工单中{signed}也曾超时签收；{town}上报至镇或镇以上；{open}到期末仍未解决"
    ),
    # The report's section and its figure
    "Why targets are missed": "目标为何未达成",
    "{target} within {time}": "{time}内{target}",
    "on site": "到场",
    "routine resolved": "一般诉求解决",
    "complex planned": "复杂诉求出方案",
    (
        "Each issue's time to a target is split into its parts, read from the issue log and "
        "the scenario's rosters: waiting for someone on duty (the report came when nobody who "
        "could take it, or no crew, was on shift), triage, waiting for a crew, travel, work "
        "and waiting for a rung, a meeting or a plan. The parts add up to the time the target "
        "measures. The tables are of {variant}; times are means of the issues that missed."
    ): (
        "每件诉求达到目标所用的时间按环节拆分，数据来自诉求记录和情景的排班：等待有人值班"
        "（诉求到达时无人受理或快修队不在班）、受理分派、等待快修队、路途、处置，以及等待上报层级、"
        "会议或方案。各环节之和等于目标所计的时间。下表为{variant}的结果；时间为未达标诉求的平均值。"
    ),
    "By {by}": "按{by}",
    "issues (all runs)": "诉求数（全部运行）",
    "missing": "未达标",
    "hour": "时段",
    "weekday": "星期",
    "month": "月份",
    "all issues": "全部诉求",
    "hour of the report": "反映时段（时）",
    "weekday of the report": "反映日（星期）",
    "month of the report": "反映月份",
    "mon": "周一",
    "tue": "周二",
    "wed": "周三",
    "thu": "周四",
    "fri": "周五",
    "sat": "周六",
    "sun": "周日",
    "Why issues miss '{target} within {time}' ({variant})": (
        "诉求为何未能{time}内{target}（{variant}）"
    ),
    "missing the target (%)": "未达标比例（%）",
    "mean time of the misses ({unit})": "未达标诉求平均用时（{unit}）",
    "target: {time}": "目标：{time}",
    "no issues counted for this target": "该目标没有计入的诉求",
    "Why issues miss the on-site target, by hour": "诉求为何未能按时到场（按时段）",
    "Stacked bars of the mean parts of the misses' times by hour of the report": (
        "按反映时段堆叠显示未达标诉求各环节的平均用时"
    ),
    (
        "The top panel is the share of issues that miss the target; the bottom one splits "
        "the misses' mean time into its parts, with the target as a dashed line."
    ): "上图为未达标诉求的比例；下图将未达标诉求的平均用时按环节拆分，虚线为目标时间。",
}
