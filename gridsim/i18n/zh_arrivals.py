"""Chinese for the arrival-rate fit (gridsim.fit.arrivals): what could not be estimated
from a log, and why. Domain words as in zh_terms."""

ZH = {
    "{kind}: no order in the log; its rate and profiles stay the base's": (
        "{kind}：日志中没有这类工单，其发生率和时间分布沿用基础情景的值"
    ),
    "{kind}: no household of the base raises it; its orders are not fitted": (
        "{kind}：基础情景中没有会提出这类诉求的户，其工单不参与拟合"
    ),
    "{kind}: the log has no day in month {months}: their weights are the mean (1), not "
    "estimated": "{kind}：日志不含{months}月的日子，这些月份的权重取平均值（1），未经估计",
    "the log has no {days}: their weights are the mean (1), not estimated": (
        "日志不含{days}，其权重取平均值（1），未经估计"
    ),
    "no public holiday in the log's period: holiday_weight 1, not estimated": (
        "日志期间没有法定节假日：节假日权重取1，未经估计"
    ),
    "no public holiday given: holiday_weight 1, not estimated": (
        "未给出法定节假日：节假日权重取1，未经估计"
    ),
    "Monday": "星期一",
    "Tuesday": "星期二",
    "Wednesday": "星期三",
    "Thursday": "星期四",
    "Friday": "星期五",
    "Saturday": "星期六",
    "Sunday": "星期日",
}
