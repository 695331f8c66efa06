"""Chinese for the workshop demo (gridsim.views.demo*, the Streamlit app and its meeting
record), in the domain words of `zh_terms` (网格员, 快修队, 维修/保洁/巡逻/消防, 志愿者, 诉求,
工单, 到场, 四方联动会议)."""

ZH = {
    # the page
    "What if we change staffing or rules?": "如果调整人员或规则，会怎样？",
    "Scenario": "情景",
    "Facilitator mode (big type, controls hidden)": "主持人模式（大字号，隐藏控件）",
    "Policy {side}": "方案{side}",
    "Staffing": "人员配置",
    "Rules": "规则",
    "{colour} crews": "{colour}快修队",
    "hours of the {who}": "{who}的值班时间",
    "night on-call {colour} crews": "夜间值守{colour}快修队",
    "grid workers": "网格员",
    "repair crews": "维修快修队",
    "cleaning crews": "保洁快修队",
    "patrol crews": "巡逻快修队",
    "fire crews": "消防快修队",
    "dispatch": "派单方式",
    "queue": "排队规则",
    "patrols a day": "每日巡逻次数",
    "patrol rounds a day": "每日巡逻次数",
    "joint meeting every (days)": "四方联动会议间隔（天）",
    "joint meeting every": "四方联动会议间隔",
    "{n} days": "{n}天",
    "none": "无",
    "Hours on duty and night on-call": "值班时间与夜间值守",
    "Breaks inside the hours stay; night on-call crews cover the rest of the day and need "
    "day crews of their colour.": (
        "时段内的午休保留；夜间值守快修队负责其余时间，且需要同类的日间快修队。"
    ),
    "Copy A's settings to B": "把方案A的设置复制到方案B",
    "B changes: {changes}": "方案B的改动：{changes}",
    "A and B are the same.": "方案A与方案B相同。",
    "crews: {crews}; night on-call: {on_call}; on duty: {hours}; {volunteers} volunteers; "
    "grid workers {mode}; {dispatch} dispatch, {queue}; {patrols} patrol round(s) a day; "
    "joint meeting every {days} days": (
        "快修队：{crews}；夜间值守：{on_call}；值班：{hours}；志愿者{volunteers}人；"
        "网格员{mode}；派单：{dispatch}，{queue}；每日巡逻{patrols}次；"
        "四方联动会议每{days}天一次"
    ),
    # control values
    "one per grid": "每个网格一名",
    "one per two grids": "每两个网格一名",
    "as in the scenario": "按情景设定",
    "pooled: the crew idle longest goes": "统一调度：空闲最久的快修队出动",
    "dedicated: each crew keeps to its own area": "分片负责：各快修队只管自己的片区",
    "nearest: the closest idle crew goes": "就近派单：最近的空闲快修队出动",
    "pooled": "统一调度",
    "dedicated": "分片负责",
    "first come, first served": "先到先办",
    "most severe first": "严重的优先",
    "vulnerable households first": "困难户优先",
    "severity, with waiting time counting": "按严重程度，并计入等待时间",
    "fcfs": "先到先办",
    # impossible combinations, in residents' words
    "Policy {side}: the {who} would never be on duty: their day starts and ends at {t}. "
    "Give them at least half an hour.": (
        "方案{side}：{who}的上班和下班时间都是{t}，等于从不值班。请至少安排半小时。"
    ),
    "Policy {side}: a night on-call {colour} crew uses the day crews' van and tools, and "
    "there are no {colour} crews in the day. Give at least one {colour} crew, or no night "
    "on-call.": (
        "方案{side}：夜间值守的{colour}快修队要用日间快修队的车辆和工具，但白天没有{colour}"
        "快修队。请至少安排一支{colour}快修队，或取消夜间值守。"
    ),
    "Policy {side}: nobody would come when residents report {kind} problems, because it "
    "has no {colour} crews. Give it at least one {colour} crew.": (
        "方案{side}：没有{colour}快修队，居民反映{kind}问题时没有人上门。请至少安排一支"
        "{colour}快修队。"
    ),
    "Policy {side}: nobody would make the care visits or grant the micro wishes residents "
    "ask for, because it has no volunteers. Give it at least one volunteer.": (
        "方案{side}：没有志愿者，居民需要的关爱走访和微心愿无人承接。请至少安排一名志愿者。"
    ),
    "Policy {side} cannot run as set: {detail}": "方案{side}按当前设置无法运行：{detail}",
    "For the facilitator: {detail}": "供主持人参考：{detail}",
    "This scenario cannot be used:": "无法使用此情景：",
    "No scenario files (.yaml) in the allowed folders.": "允许的文件夹中没有情景文件（.yaml）。",
    "Something went wrong ({what}). Try other settings.": "出错了（{what}）。请换一组设置再试。",
    "Simulating {n} replications of A and B...": "正在模拟方案A和方案B，各{n}次重复运行……",
    # results
    "Results": "结果",
    "Goals": "目标",
    "Goals: met or missed": "目标：达成还是未达成",
    "Policy {side}: {met} of {n} goals met": "方案{side}：{n}项目标中达成{met}项",
    "Met or missed from the 95% interval of these short runs: {words}.": (
        "根据这些短时运行的95%置信区间判定：{words}。"
    ),
    "The scenario states no goals.": "此情景没有设定目标。",
    "{n} replications of {days} days each (the first {warmup} days are warm-up and not "
    "counted), A and B on the same random demand (seed {seed}, replications 1-{n})": (
        "共{n}次重复运行，每次{days}天（前{warmup}天为预热期，不计入统计），方案A和方案B使用"
        "相同的随机诉求（随机种子{seed}，第1至{n}次重复运行）"
    ),
    "; press 'More' for {n}": "；点击“更多”可运行{n}次",
    "{n} replications of {days} days per policy, the same demand for A and B.": (
        "每个方案{n}次重复运行，每次{days}天，方案A和方案B的诉求相同。"
    ),
    "More: {n} replications": "更多：{n}次重复运行",
    "Fewer: {n} replications (faster)": "更少：{n}次重复运行（更快）",
    "B: mean time to on site": "方案B：平均到场时间",
    "B: on site within target": "方案B：按时到场比例",
    "B: routine resolved within target": "方案B：一般诉求按时解决比例",
    "B: repair issues, mean time to on site": "方案B：维修诉求平均到场时间",
    "B: work orders signed in time": "方案B：工单按时签收率",
    "B: work orders resolved in time": "方案B：工单按时办结率",
    "B: residents satisfied": "方案B：居民满意率",
    "B: staff cost a year": "方案B：每年人员成本",
    "same as A": "与方案A相同",
    "{diff} vs A": "比方案A {diff}",
    "same": "相同",
    "not reached by the horizon": "模拟期内未达到",
    "n/a": "不适用",
    "mean time to on site": "平均到场时间",
    "90th percentile time to on site": "到场时间第90百分位",
    "share of issues on site within target": "按时到场的诉求比例",
    "mean time to resolution": "平均解决时间",
    "share of routine issues resolved within target": "一般诉求按时解决比例",
    "share of complex issues planned within target": "复杂诉求按时出方案比例",
    "share of work orders signed for within their deadline": "工单按时签收率",
    "share of work orders resolved within their deadline": "工单按时办结率",
    "share of residents satisfied at the call-back": "回访时居民满意率",
    "staff cost a year (CNY)": "每年人员成本（元）",
    "mean time to on site for repair issues": "维修诉求平均到场时间",
    "mean time to on site for cleaning issues": "保洁诉求平均到场时间",
    "mean time to on site for patrol issues": "巡逻诉求平均到场时间",
    "mean time to on site for fire issues": "消防诉求平均到场时间",
    "no such issues": "无此类诉求",
    "no work orders": "无工单",
    "Time from report to on site: the share of issues reached by then (the line is the "
    "10-minute target)": "从反映到到场的时间：到该时间为止已到场的诉求比例（竖线为10分钟目标）",
    'Share of issues meeting each of the "三个一" targets': "达到各项“三个一”目标的诉求比例",
    "Export the A/B result for the meeting record (HTML)": (
        "导出方案A/B的结果，存入会议记录（HTML）"
    ),
    "Workshop record: {scenario}": "研讨会记录：{scenario}",
    # the map
    "A simulated week on the map": "地图上模拟的一周",
    "Replication 1 of A and B: the same issues arise in both; watch who gets there first. "
    "Issues are coloured by state; crews are labelled boxes.": (
        "方案A和方案B的第1次重复运行：两边出现相同的诉求，看谁先到场。诉求按状态着色，"
        "快修队显示为带标签的方框。"
    ),
    "Time": "时间",
    "Play: minutes a frame": "播放：每帧分钟数",
    "▶ Play the rest of the week": "▶ 播放本周余下时间",
    # gridsim animate
    "frames": "帧",
    "frame": "帧",
}
