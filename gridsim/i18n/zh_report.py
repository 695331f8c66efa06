"""Chinese for the report (gridsim.views.report): its frame, the summary, the goals, the
headline table and the scenario, orders and method sections; the domain's words as
`zh_terms` fixes them."""

ZH = {
    # the frame
    "gridsim report: {name}": "gridsim 报告：{name}",
    "Simulation report: {variants}, {r} replications each, {d:g} simulated days per run. "
    "Run started {started} with gridsim {version}; results folder {folder}.": (
        "仿真报告：{variants}，每个方案重复运行{r}次，每次模拟{d:g}天。"
        "运行开始于{started}，gridsim 版本{version}；结果文件夹{folder}。"
    ),
    "at an unknown time": "未知时间",
    "(unknown version)": "（版本未知）",
    "{n} variant": "{n}个方案",
    "{n} variants": "{n}个方案",
    "{n} replication": "重复{n}次",
    "{n} replications": "重复{n}次",
    "Contents": "目录",
    "Summary": "摘要",
    "Goals": "目标",
    "The scenario": "情景",
    "Headline results": "主要结果",
    "Work orders": "工单",
    "Figures": "图表",
    "Comparison of variants": "方案比较",
    "Calibration": "校准",
    "Sweep": "参数扫描",
    "Method": "方法",
    "Written by gridsim from the files of the results folder. Means are over replications, "
    "with 95% Student t intervals; all times run from the report of an issue unless "
    "stated.": (
        "由 gridsim 根据结果文件夹中的文件生成。数值为各次重复运行的均值，附 95% Student t "
        "置信区间；除另有说明外，所有时间均从诉求上报时起算。"
    ),
    # durations and counts
    "{n} minute": "{n}分钟",
    "{n} minutes": "{n}分钟",
    "{n} hour": "{n}小时",
    "{n} hours": "{n}小时",
    "{n} day": "{n}天",
    "{n} days": "{n}天",
    "day": "天",
    "committee member": "社区居委会成员",
    "mediator": "调解员",
    "replication": "次重复",
    "variant": "方案",
}
ZH.update(
    {
        # the goals
        "The scenario states no goals: add them under goals: to be told which are met.": (
            "情景未设定目标：在 goals: 下添加目标，即可获知是否达成。"
        ),
        "A goal is met when the whole 95% interval of its KPI is on the goal's side, missed "
        "when the whole interval is on the other side, and too close to call when the "
        "interval holds the goal (more replications would decide).": (
            "指标的 95% 置信区间整体落在目标一侧即为达成，整体落在另一侧即为未达成；"
            "区间包含目标值则难以判定（需更多重复运行才能判定）。"
        ),
        "verdict": "结论",
        "goal": "目标",
        "estimate": "估计值",
        "95% interval": "95% 置信区间",
        "how far": "差距",
        "why": "原因",
        "on site within {t}": "{t}内到场",
        "routine issues resolved within {t}": "一般诉求{t}内解决",
        "complex issues planned within {t}": "复杂诉求{t}内出方案",
        # the summary
        "Does the current plan meet its goals?": "现行方案能否达成目标？",
        "What would each of the {n} variants change?": "{n}个备选方案各会带来什么变化？",
        "the current plan": "现行方案",
        "another scenario file, run on the same seed": "另一个情景文件，使用相同随机种子运行",
        "goal or number": "目标或指标",
        "staff cost a year": "每年人员成本",
        "{n} more variants are in the sections below.": "另有{n}个方案见后文各节。",
        "Share of issues with someone on site against the time since the report, per "
        "variant, with the target time and the goal marked": (
            "各方案自上报起已有人到场的诉求比例随时间的变化，标出目标时间与目标比例"
        ),
        "What would change the answer": "什么会改变结论",
        "What would change the answer (sections of report.html):": (
            "什么会改变结论（见 report.html 各节）："
        ),
        "The reason given for each missed goal says what holds it back.": (
            "每项未达成目标的原因说明了制约所在。"
        ),
        "Where the time of the missed goals goes, and which levers can reach them.": (
            "未达成目标的时间耗在哪里，哪些措施能够达到目标。"
        ),
        "Verdicts too close to call need more replications (gridsim replications).": (
            "难以判定的结论需要更多重复运行（gridsim replications）。"
        ),
        "Which variants are better than the current plan, by more than the smallest "
        "difference that matters.": "哪些方案优于现行方案，且差距超过有实际意义的最小差值。",
        "How the answer moves with each swept field.": "结论如何随各扫描参数变化。",
        "When and where issues wait longest.": "诉求在何时、何地等待最久。",
        "State goals (goals:) to be told whether they are met.": (
            "设定目标（goals:），即可获知是否达成。"
        ),
        "target {t}": "目标时间 {t}",
        "goal {s}": "目标比例 {s}",
        "time from the report to someone on site": "从上报到有人到场的时间",
        "share of issues": "诉求比例",
        "✓ met   ✗ missed   ? too close to call (95% interval of the mean)": (
            "✓ 达成   ✗ 未达成   ? 难以判定（均值的 95% 置信区间）"
        ),
    }
)
ZH.update(
    {
        # the headline table
        "KPI": "指标",
        "Headline KPIs per variant: mean [95% interval]": "各方案主要指标：均值 [95% 置信区间]",
        "Mean over replications, and below it the 95% interval of the mean "
        "(Student t, cut to the values the KPI can take: no share above 100%, no negative "
        "count). A percentile marked ≥ was not reached by the horizon in some runs (issues "
        "still open count at their time open), so it is a lower bound. Only issues reported "
        "after the warm-up count; times run from the report, except the lines on hidden "
        "problems (latent ones, found only by patrols and screening), which count those that "
        "arose after the warm-up, from when they arose. The targets: on site within "
        "{on_site}, routine issues resolved within {resolved}, complex issues planned within "
        "{plan}. “Ended with…” counts issues per run.": (
            "上为各次重复运行的均值，下为均值的 95% 置信区间（Student t，截取在指标可取的"
            "范围内：比例不超过 100%，计数不为负）。标有 ≥ 的百分位数在部分运行中至模拟结束"
            "仍未达到（仍未办结的诉求按已开启时长计），因此是下限。只统计预热期后上报的诉求；"
            "时间从上报起算，隐患（仅由巡逻和排查发现的潜在问题）各行除外：统计预热期后产生"
            "的隐患，从产生时起算。目标：{on_site}内到场，一般诉求{resolved}内解决，复杂诉求"
            "{plan}内出方案。“止于……”为每次运行的诉求数。"
        ),
        "slowest grid (p90 time to on site)": "最慢网格（到场时间90百分位）",
        # KPI names (gridsim.stats.compare.KPI_LABELS) the summary shows
    }
)
ZH.update(
    {
        # the scenario section
        "Community and calendar": "社区与日历",
        "Staff": "人员",
        "Demand": "诉求",
        "Rules": "规则",
        "Targets": "目标",
        "Variants": "方案",
        "The “三个一” targets, measured from the report of each issue:": (
            "“三个一”目标，从每件诉求上报时起算："
        ),
        "someone on site within {t} (every issue);": "{t}内有人到场（所有诉求）；",
        "routine issues resolved within {t};": "一般诉求{t}内解决；",
        "complex issues (those needing the committee or higher) given a plan within {t}.": (
            "复杂诉求（需社区居委会或更高层级处理的）{t}内出方案。"
        ),
        "An issue not done by the end of the run counts as a miss.": (
            "模拟结束时仍未完成的诉求计为未达标。"
        ),
        "once": "一次",
        "twice": "两次",
        "{n} times": "{n}次",
        "{n} per grid": "每个网格{n}户",
        "{low} to {high} per grid": "每个网格{low}至{high}户",
        "{grids} with {n} households ({spread}).": "{grids}，共{n}户（{spread}）。",
        "About {v} vulnerable households ({vs}: elderly living alone, disabled) and {k} key "
        "households ({ks}), whom the police post screens.": (
            "约{v}户困难家庭（{vs}：独居老人、残疾人）和{k}户重点家庭（{ks}），由警务室排查。"
        ),
        "Crews start the day at the service hall ({x:g} km east, {y:g} km north) and travel at "
        "{speed:g} km/h ({how}), plus {t} to set off and find the door.": (
            "快修队每天从服务大厅出发（向东{x:g}公里、向北{y:g}公里），行进速度{speed:g}公里/小时"
            "（{how}），另加{t}用于出发和找到门户。"
        ),
        "along streets": "沿街道",
        "in a straight line": "直线",
        "The run covers {days} from {start}; the first {warmup} are a warm-up, left out of "
        "every statistic.": "模拟自{start}起共{days}；前{warmup}为预热期，不计入任何统计。",
        "around the clock": "全天24小时",
        "from {start} to {end} every day": "每天{start}至{end}",
        "Staff are on duty {when}.": "人员在岗时间：{when}。",
        "Staff are on duty {when}; outside those hours only the on-call crews answer, and only "
        "urgent issues.": (
            "人员在岗时间：{when}；其余时间只有夜间值班快修队响应，且只处理紧急诉求。"
        ),
        "the hall's duty desk": "服务大厅值班台",
        "Rosters: {group}: {shifts}.": "排班：{group}：{shifts}。",
        "Staff groups without a roster are on duty {when}.": "未排班的人员在岗时间：{when}。",
        "Public holidays: {days} ({names}); only shifts for holidays run on them.": (
            "法定节假日：{days}（{names}）；节假日只运行节假日班次。"
        ),
        "{workers}, one per grid": "{workers}，每个网格一名",
        "{workers} covering the {grids}": "{workers}，覆盖{grids}",
        "all {grids}": "全部{grids}",
        "{led} of the {n} grids": "{n}个网格中的{led}个",
        "{leaders} over {over}": "{leaders}，负责{over}",
        "no grid leaders": "没有网格长",
        "{workers}: they take residents' reports ({t} to take one and pass it on), patrol their "
        "grids and settle what they can.": (
            "{workers}：受理居民诉求（每件受理并转交需{t}），巡查所在网格，能办的就地办结。"
        ),
        "{leaders}: the second rung of the ladder.": "{leaders}：上报阶梯的第二级。",
        "Quick-repair crews (the four colours): {crews}.": "快修队（四色）：{crews}。",
        "Night on-call crews: {crews}; a call-out adds {t}.": (
            "夜间值班快修队：{crews}；出勤另加{t}。"
        ),
        "No night on-call crews: issues reported after hours wait for the morning.": (
            "没有夜间值班快修队：下班后上报的诉求要等到第二天早上。"
        ),
        "{committee} deciding in the deliberation room, and {mediators} in the mediation room.": (
            "{committee}在议事室决策，{mediators}在调解室工作。"
        ),
        "No volunteers.": "没有志愿者。",
        "{who}, from {start} to {end} each day (care visits, “micro wishes”).": (
            "{who}，每天{start}至{end}（关爱走访、“微心愿”）。"
        ),
        ", {n} attending": "，{n}人参加",
        "; each gives at most {h:g} hours a month": "；每人每月最多{h:g}小时",
        "{who}, working at organised events ({events}){limit}.": (
            "{who}，参加组织的活动（{events}）{limit}。"
        ),
        "water, power, heating": "水、电、暖",
        "sanitation, blocked sewers": "环境卫生、下水道堵塞",
        "parking, public order": "停车、公共秩序",
        "blocked fire lanes, fire hazards": "消防通道堵塞、消防隐患",
        # demand
        "Kinds of issue and how often households raise them": "诉求类别及居民提出的频率",
        "who answers": "由谁处理",
        "per household a year": "每户每年",
        "raised by": "提出者",
        "about a year": "每年约",
        "hidden (found only on rounds or visits)": "隐患（只能在巡查或走访中发现）",
        "night call-out": "夜间出勤",
        "note": "说明",
        "vulnerable households": "困难家庭",
        "all households": "所有住户",
        "repair crew": "维修快修队",
        "cleaning crew": "保洁快修队",
        "patrol crew": "巡逻快修队",
        "fire crew": "消防快修队",
        "mediation (disputes)": "调解（矛盾纠纷）",
        "no": "否",
        "high severity only": "仅严重的",
        "all": "全部",
        "their annual rate kept": "年频率不变",
        "on top of their annual rate": "在年频率之外另加",
        "Kinds marked for heating are {m:g} times as frequent in months {months} as in the "
        "others ({kept}).": "标记为供暖相关的类别在{months}月的频率是其他月份的{m:g}倍（{kept}）。",
        "Trips take {f:g} times as long in months {months}.": "{months}月出行时间为平时的{f:g}倍。",
        "{name} {share} (after {t} on average)": "{name}{share}（平均延迟{t}）",
        "“About a year” is the rate times the households, before the monthly and hourly "
        "profiles.{season} Residents report through: {channels}.": (
            "“每年约”为频率乘以户数，未计月度和小时分布。{season}居民上报渠道：{channels}。"
        ),
        "wechat": "微信",
        "door": "上门",
        "walk_in": "到大厅",
        "phone": "电话",
        "hotline": "12345热线",
        # rules
        "Which crew goes: {rule}.": "派哪支快修队：{rule}。",
        "pooled: any crew of the right colour can go; the one idle longest goes": (
            "统一调度：同色的任一快修队都可前往，空闲最久的先去"
        ),
        "dedicated: the crews of each colour are split into areas of neighbouring grids, and "
        "each crew serves only its own area": (
            "分片负责：每种颜色的快修队按相邻网格划分片区，各队只服务本片区"
        ),
        "nearest: the idle crew of the right colour with the shortest trip goes": (
            "就近派遣：同色空闲快修队中路程最短的前往"
        ),
        "Which waiting issue is served first: {rule}.": "等待中的诉求先处理哪件：{rule}。",
        "first come, first served": "先到先办",
        "higher severity first (first come, first served within a severity)": (
            "严重的优先（同等严重程度先到先办）"
        ),
        "higher severity first, but waiting counts too, so nothing waits forever": (
            "严重的优先，但等待时间也计入，不会有诉求无限等待"
        ),
        "(each severity rank is worth {t} of waiting)": "（每级严重程度相当于等待{t}）",
        "Patrols: none; hidden issues are found only by screening, if at all.": (
            "巡逻：无；隐患只能通过排查发现（如果能发现的话）。"
        ),
        "at {at}": "于{at}",
        "from {at}, every {h:g} hours": "从{at}起每{h:g}小时一次",
        "Patrols: grid workers walk their grids {times_a_day} a day {when} ({m:g} minutes per "
        "household); a round finds a hidden issue with probability {p}.": (
            "巡逻：网格员每天巡查所在网格{times_a_day}，{when}（每户{m:g}分钟）；"
            "每轮发现隐患的概率为{p}。"
        ),
        "Screening: the police post visits key households every {days} at {at} and finds a "
        "hidden dispute with probability {p}.": (
            "排查：警务室每{days}于{at}走访重点家庭，发现潜在矛盾纠纷的概率为{p}。"
        ),
        "The joint meeting (community, property company, grid workers, owners) sits every "
        "{days} at {at}.": "四方联动会议（社区、物业公司、网格员、业主）每{days}于{at}召开。",
        "an issue still waiting with a grid leader after {h:g} hours goes up a rung": (
            "在网格长处等待超过{h:g}小时的诉求上报一级"
        ),
        "one still waiting at the committee after {h:g} hours goes up": (
            "在社区居委会等待超过{h:g}小时的诉求继续上报"
        ),
        "Escalation by time: {rules}.": "按时限上报：{rules}。",
        "none (only by need)": "无（只按需要上报）",
        "Officials record the true level each issue reaches.": "干部如实记录每件诉求到达的层级。",
        "Officials record escalations only up to the {cap}; higher ones are held back on paper "
        "(the true level is kept apart).": (
            "干部只记录到{cap}为止的上报；更高层级的上报在账面上被压下（真实层级另行保存）。"
        ),
        "The ladder: a grid leader takes {leader}, a committee decision {committee}, the town "
        "{town:g} days on average; a plan takes {plan:g} days on average to carry out.": (
            "上报阶梯：网格长处理需{leader}，社区居委会决策需{committee}，镇平均需{town:g}天；"
            "方案平均需{plan:g}天落实。"
        ),
        # variants
        "the scenario as described above.": "即上文所述情景。",
        "a design point of the sweep (its values are in the Sweep section).": (
            "参数扫描的一个设计点（取值见“参数扫描”一节）。"
        ),
        "the base with": "在基准方案基础上修改",
        "another scenario file, run on the same seed (its settings are not repeated here).": (
            "另一个情景文件，使用相同随机种子运行（其设置此处不再重复）。"
        ),
        "Every variant was run on the same random demand: replication r of each variant sees "
        "exactly the same issues, so differences come from the staffing and rules, not from "
        "luck.": (
            "所有方案使用相同的随机诉求：每个方案的第 r 次重复运行遇到完全相同的诉求，"
            "因此差异来自人员配置和规则，而非运气。"
        ),
    }
)
ZH.update(
    {
        # the work orders' section
        "Every problem reported (or found on a round) is a work order with a sign-off and a "
        "resolution deadline (see the scenario). The rates count orders reported after the "
        "warm-up whose deadline fell before the end of the run or that were done anyway; a "
        "reopened order counts once, by its first resolution. The reasons below are read from "
        "the issue log: when each late order was reported (the grid worker's roster says "
        "whether they were on duty), how it came in, how far it went and whether it was "
        "resolved at all. The log does not record what an order needed (money, a county "
        "department), so these reasons do not name it.": (
            "每件上报（或巡查发现）的问题都是一张工单，有签收时限和办结时限（见情景）。各比率统计"
            "预热期后上报、且时限在模拟结束前到期或已办完的工单；重办的工单按首次办结计一次。下面"
            "的原因读自诉求记录：每张逾期工单何时上报（网格员的排班说明其是否在岗）、经何渠道进来、"
            "上报到哪一级、是否办结。记录中没有工单需要什么（资金、县级部门），所以这些原因不涉及。"
        ),
        "{signed} of the work orders were signed for within their sign-off deadline and "
        "{on_time} resolved within their resolution deadline; {satisfied} of the residents "
        "called back were satisfied, {reopened} of the orders closed were reopened, and "
        "{above} problems a run went above the town.": (
            "{signed}的工单在签收时限内签收，{on_time}在办结时限内办结；回访居民中{satisfied}满意，"
            "已办结工单中{reopened}被重办；每次运行有{above}件问题上交至镇以上。"
        ),
        "No order was signed for after its sign-off deadline.": "没有工单超过签收时限。",
        "No order was resolved after its resolution deadline.": "没有工单超过办结时限。",
        "Of the {n} late sign-offs a run, {off} were of orders reported while the grid worker "
        "was off duty (evenings, nights, weekends and holidays), which waited for their next "
        "shift; {kind} orders were {kind_share} of them, and {hotline} came by the hotline, "
        "through the town.": (
            "每次运行{n}张逾期签收的工单中，{off}是在网格员不在岗时（晚上、夜间、周末和节假日）"
            "上报的，要等到下一班；其中{kind}类工单占{kind_share}，{hotline}经热线由镇转来。"
        ),
        "Of the {n} late resolutions a run, {signed} had been signed for late as well; "
        "{supervised} were supervised as overdue (taken up by the rung above), {town} ended at "
        "the town or above it, and {open} were still unresolved at the end of the run; {kind} "
        "orders were {kind_share} of them.": (
            "每次运行{n}张逾期办结的工单中，{signed}也曾逾期签收；{supervised}被作为超期工单督办"
            "（由上一级接手），{town}止于镇或镇以上，{open}到模拟结束仍未办结；其中{kind}类工单"
            "占{kind_share}。"
        ),
        "none": "无",
        "The assessment rates per variant: mean [95% interval]": (
            "各方案考核比率：均值 [95% 置信区间]"
        ),
        "Work orders within their deadlines, by kind (lowest on-time rate first)": (
            "按类别的工单按时情况（按时办结率最低者在前）"
        ),
        "signed in time": "按时签收",
        "resolved in time": "按时办结",
        "work orders reported (after warm-up)": "上报工单数（预热期后）",
        "signed for within the sign-off deadline": "签收时限内签收",
        "resolved within the resolution deadline": "办结时限内办结",
        "satisfied at the call-back": "回访满意",
        "reopened at least once, of those closed": "已办结中至少重办一次",
        "problems that went above the town": "上交至镇以上的问题",
    }
)
ZH.update(
    {
        # the method section
        "Reported in the spirit of STRESS-DES (Monks et al., 2019): what the model is, where "
        "its numbers come from, and how it was run, so the results can be checked and "
        "reproduced.": (
            "参照 STRESS-DES（Monks 等，2019）的精神报告：模型是什么、数据从何而来、如何运行，"
            "以便结果可被核查和复现。"
        ),
        "A discrete-event simulation (SimPy) of the community: households raise issues at "
        "random, residents report them (or grid workers find them on patrol, the police post "
        "on screening), the grid worker triages them, a crew, the grid worker or a volunteer "
        "responds, and what cannot be settled climbs the ladder: grid leader, committee, joint "
        "meeting, town. Each run starts empty; every variant is the same model with other "
        "staffing or rules.": (
            "社区的离散事件仿真（SimPy）：住户随机产生诉求，居民上报（或由网格员巡逻、警务室排查"
            "发现），网格员分拣，由快修队、网格员或志愿者响应，不能就地解决的沿阶梯上报：网格长、"
            "社区居委会、四方联动会议、镇。每次运行从空状态开始；各方案是同一模型，只是人员配置"
            "或规则不同。"
        ),
        "Each variant's effective scenario is fingerprinted (the first 16 hex digits of the "
        "SHA-256 of its YAML), so a result can be traced to its exact input; {file} in the "
        "results folder loads again as a scenario.": (
            "每个方案的实际情景都有指纹（其 YAML 的 SHA-256 前16位十六进制数），结果可追溯到确切"
            "输入；结果文件夹中的{file}可再次作为情景载入。"
        ),
        "Model": "模型",
        "Experimentation": "实验",
        "Implementation": "实现",
        "Scenario hashes": "情景哈希",
        "Software versions": "软件版本",
        "Data: sources and assumptions": "数据：来源与假设",
        "Seed": "随机种子",
        "Random numbers": "随机数",
        "Replications": "重复运行",
        "Variants": "方案",
        "Run length": "运行时长",
        "Warm-up": "预热期",
        "Runs": "运行次数",
        "Started": "开始时间",
        "Experiment id": "实验编号",
        "Output analysis": "输出分析",
        "(version not recorded)": "（未记录版本）",
        "not recorded": "未记录",
        "numbers not recorded": "编号未记录",
        "numbers {first} to {last}": "编号{first}至{last}",
        "numbers {list}": "编号{list}",
        "{runs} ({resumed} resumed)": "{runs}（其中{resumed}次续跑）",
        "{n} per variant ({span})": "每个方案{n}次（{span}）",
        "{days} from {start} (a terminating run of fixed length)": (
            "自{start}起{days}（固定时长的终止型运行）"
        ),
        "{days}, left out: only issues reported after it count": (
            "{days}，不计入：只统计其后上报的诉求"
        ),
        "{command} gives the MSER-5 truncation point": "{command}给出 MSER-5 截断点",
        "on the {executor} executor, {events} events, {cpu} CPU-seconds": (
            "使用{executor}执行器，{events}个事件，{cpu} CPU 秒"
        ),
        "{n} named random streams": "{n}个命名随机数流",
        "gridsim {version} on Python {python}.": "gridsim {version}，Python {python}。",
        "seed scheme {scheme}: every named stream of replication r is seeded from the seed, "
        "the stream's name and r, so each variant draws the same demand in the same "
        "replication (common random numbers) and adding a stream changes no other.": (
            "种子方案{scheme}：第 r 次重复运行的每个命名随机数流由种子、流名和 r 决定，因此各方案"
            "在同一次重复运行中抽到相同的诉求（公共随机数），增加一个流也不影响其他流。"
        ),
        "means over replications with 95% Student t intervals; comparisons are paired t "
        "intervals on common random numbers (Law & Kelton §10.2, §11.2); rankings use "
        "Bonferroni-adjusted intervals (§10.3)": (
            "各次重复运行的均值及 95% Student t 置信区间；比较采用基于公共随机数的配对 t 区间"
            "（Law & Kelton §10.2、§11.2）；排序采用 Bonferroni 校正区间（§10.3）"
        ),
        "The original scenario file was not kept with these results ({source} is missing), so "
        "its remarks on where each number comes from cannot be shown here. The effective "
        "scenario ({effective}) holds every number, without those remarks.": (
            "这些结果未保留原始情景文件（缺少{source}），因此无法在此显示各数值来源的注释。"
            "实际情景（{effective}）包含所有数值，但没有这些注释。"
        ),
        "Taken from the remarks of the original scenario file ({source}): each remark names the "
        "field it sits beside.": "摘自原始情景文件（{source}）的注释：每条注释对应其旁边的字段。",
        "From the source text ({n})": "来自原始资料（{n}）",
        "Assumptions ({n})": "假设（{n}）",
        "A remark that cites the source text for part of a number and assumes the rest appears "
        "in both lists.": "部分引用原始资料、部分为假设的注释在两个列表中都会出现。",
        "vulnerable": "困难家庭",
    }
)
ZH.update(
    {
        # the figures' titles and alternative texts (their captions stay English for now)
        "Time to on site": "到场时间",
        "Time to resolution": "解决时间",
        "The three targets": "三项目标",
        "Open issues over time": "未办结诉求随时间的变化",
        "How busy the staff are": "人员忙碌程度",
        "Where responses are slow": "哪里响应慢",
        "How far issues climb": "诉求上报到哪一级",
        "Work orders within their deadlines, by kind": "按类别的工单按时情况",
        "Cumulative share of issues with someone on site, against minutes after the report, "
        "one curve per variant": "有人到场的诉求累计比例随上报后分钟数的变化，每个方案一条曲线",
        "Cumulative share of issues resolved, against minutes after the report, one curve per "
        "variant": "已解决诉求累计比例随上报后分钟数的变化，每个方案一条曲线",
        "Share of issues meeting each of the three targets, per variant, with intervals": (
            "各方案达到三项目标的诉求比例，附置信区间"
        ),
        "Number of open issues over the run, per variant": "各方案运行期间未办结诉求数",
        "Utilisation of each staff pool, per variant": "各方案各类人员的忙碌率",
        "Issues ending at each rung of the ladder, per variant": "各方案止于阶梯各级的诉求数",
        "Share of work orders signed for and resolved within their deadlines, by kind of "
        "issue, one bar per variant, with intervals": (
            "按诉求类别的工单按时签收和按时办结比例，每个方案一根柱，附置信区间"
        ),
        "No grid had an issue reached on site in {variant}.": "{variant}中没有网格有到场的诉求。",
    }
)
