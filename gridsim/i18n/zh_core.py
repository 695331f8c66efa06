"""Chinese for the shared wording: amounts, verdicts, goals (gridsim.views.amounts,
gridsim.stats.goals, gridsim.views.verdicts)."""

ZH = {
    "days": "天",
    "day": "天",
    "h": "小时",
    "min": "分钟",
    "{n} percentage points": "{n}个百分点",
}
ZH.update(
    {
        "met": "达成",
        "missed": "未达成",
        "too close to call": "难以判定",
        "{gap} better than the goal": "优于目标{gap}",
        "{gap} short of the goal": "距目标差{gap}",
        "the interval holds the goal: more replications would decide": (
            "置信区间包含目标值：需更多重复运行才能判定"
        ),
        "Goals of {variant}: {met} of {n} met": "{variant}的目标：{n}项中达成{met}项",
        "why: {reason}": "原因：{reason}",
    }
)
