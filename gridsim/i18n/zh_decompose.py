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
    "night on-call {colour} crews": "夜间{colour}值班快修队",
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
}
