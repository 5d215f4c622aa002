"""扶贫日记 and visit notes: varied texts about each household, and the pasted text of a copier."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ledger.demo.people import age
from ledger.demo.world import HouseholdSim
from ledger.domain.values import Health, PovertyCause

OPENERS = ("入户走访{head}家", "到{head}家中走访", "走访{head}户", "与{head}拉家常")
BODIES: dict[PovertyCause, tuple[str, ...]] = {
    PovertyCause.ILLNESS: ("了解{sick}病情和用药情况，提醒按时复查",
                           "讲解先诊疗后付费和大病医疗救助政策",
                           "帮助联系巡回医疗队上门诊治{sick}"),
    PovertyCause.LACK_LABOUR: ("帮助打扫院落、劈柴", "商量土地流转事宜，核对流转合同",
                               "了解{elder}生活起居情况"),
    PovertyCause.DISABILITY: ("核实残疾人两项补贴发放情况", "帮助{sick}办理残疾证年审",
                              "了解轮椅等辅具使用情况"),
    PovertyCause.SCHOOLING: ("询问{student}在校学习情况", "讲解雨露计划申请条件",
                             "核实助学补助到账情况"),
    PovertyCause.LACK_SKILLS: ("动员参加食用菌栽培技术培训", "推荐到合作社务工",
                               "介绍县人社局招聘信息"),
    PovertyCause.LACK_CAPITAL: ("介绍扶贫小额信贷政策", "协助准备贷款申请材料",
                                "核对小额信贷资金使用情况"),
}
SEASONAL = {
    1: "帮助购买过冬煤炭", 2: "春节前送去米面油", 3: "讲解春耕备耕注意事项",
    4: "查看房屋安全情况", 5: "帮助栽种木耳菌袋", 6: "宣讲光伏收益分红政策",
    7: "查看大棚蔬菜长势", 8: "协助采摘蓝莓", 9: "查看木耳晾晒情况",
    10: "核对本年度收入明细账", 11: "讲解爱心超市积分换购办法", 12: "检查取暖和饮水安全",
}
GENERAL = ("核对一卡通各项补贴到账情况", "查看院内卫生和厕所改造情况", "帮助填写务工登记表",
           "了解家中粮食储备情况", "商量明年种植计划", "讲解医疗保险缴费时间",
           "查看自来水入户情况", "询问孩子假期安排")
DETAILS = ("今年已领取各类补贴{n}元", "家中养鸡{n}只", "木耳菌袋已挂{n}袋", "上月务工收入约{n}元",
           "种植玉米{n}亩", "院墙还有{n}米未修好", "距下次复查还有{n}天")
CLOSERS = ("户主对帮扶工作表示满意。", "下周继续跟进。", "已向村第一书记反映。", "",
           "约定下次入户时带来申请表。", "问题已记录，回村部后协调。")
PASTED = (
    "入户走访，宣讲扶贫政策，了解家庭生产生活情况，帮助解决实际困难，落实各项帮扶措施，"
    "群众对帮扶工作表示满意。",
    "深入贫困户家中，详细了解家庭收入情况和存在的困难，认真落实各项帮扶措施，"
    "宣传党的惠民政策，增强脱贫致富信心。",
)
EDITS = (("了解", "询问"), ("群众", "贫困户"), ("认真", "切实"), ("各项", "各类"),
         ("，", "。"), ("实际困难", "困难问题"), ("信心", "决心"))
NOTES = ("了解生产生活情况", "核对收入明细账", "宣讲扶贫政策", "查看住房和饮水安全",
         "了解家庭成员身体状况", "商量增收项目")
AID = {"illness": ("协助申请大病医疗救助", "对接一站式结算报销", "申请临时救助"),
       "injury": ("协助申请临时救助", "联系办理残疾评定", "对接医疗救助报销"),
       "disaster": ("上报灾情并申请受灾救助", "协助清理受损大棚", "对接农业保险理赔"),
       "job_loss": ("推荐公益岗位", "介绍县人社局招聘信息", "联系合作社就近务工")}
AFTER_SHOCK = (  # follow-up visits after a shock: an honest cadre writes each one afresh
    "入户走访：了解{who}{event}后的情况，{progress}，{aid}",
    "再次看望{who}，{progress}；{note}，{aid}",
    "走访了解{event}后家里的生活，{note}。{progress}，叮嘱{advice}",
    "入户：{aid}有了进展，{progress}。{season}",
    "到户查看{who}近况：{progress}，{advice}；顺便{note}",
)
PROGRESS = ("病情稳定", "仍需定期复查", "家里劳力暂时不足", "生活基本有保障", "情绪好转",
            "报销材料已递交", "家人轮流照顾", "收入还没恢复", "亲戚送来了粮食", "孩子照常上学",
            "村医每周上门", "口粮够吃到开春", "想等天暖再出去打工", "欠了些药费")
ADVICE = ("按时服药", "有困难随时打电话", "注意冬季取暖安全", "先把补助材料备齐", "保重身体",
          "别急着干重活", "把票据收好")
PHONE_NOTES = ("电话询问近况，提醒按时服药", "电话通知领取积分换购物品", "电话了解务工情况",
               "电话提醒参加村里知识竞赛", "电话核实光伏分红到账情况")


def diary_text(rng: random.Random, hh: HouseholdSim, day: date) -> str:
    """A diary entry that names the household, the day and what was done."""
    opener = rng.choice(OPENERS).format(head=hh.head)
    pool = BODIES.get(hh.cause, BODIES[PovertyCause.LACK_SKILLS]) + GENERAL
    first, second = (b.format(sick=_sick(hh), elder=_elder(hh, day.year),
                              student=_student(hh, day.year)) for b in rng.sample(pool, 2))
    detail = rng.choice(DETAILS).format(n=rng.randint(2, 60) * rng.choice((1, 10, 100)))
    closer = rng.choice(CLOSERS)
    return (f"{day.month}月{day.day}日，{opener}，{first}，{second}；{SEASONAL[day.month]}，"
            f"{detail}。{closer}")


def copied_text(rng: random.Random) -> str:
    """The text a copier pastes into several households' diaries."""
    return rng.choice(PASTED)


def lightly_edited(rng: random.Random, text: str) -> str:
    """A pasted text with a word or two changed, as copiers do to hide the copy."""
    for old, new in rng.sample(EDITS, rng.randint(1, 2)):
        text = text.replace(old, new, 1)
    return text


def visit_notes(rng: random.Random, hh: HouseholdSim, day: date) -> str:
    """Short notes of a visit (in the weeks after a shock, about the shock)."""
    recent = [s for s in hh.shocks if s.day <= day <= s.day + timedelta(days=60)]
    if recent:
        shock = recent[-1]
        template = rng.choice(AFTER_SHOCK)
        first, second = rng.sample(PROGRESS, 2)
        return template.format(who=shock.member, event=shock.event, aid=rng.choice(AID[shock.kind]),
                               progress=f"{first}，{second}", note=rng.choice(NOTES),
                               advice=rng.choice(ADVICE), season=SEASONAL[day.month])
    return f"入户走访：{rng.choice(NOTES)}，{SEASONAL[day.month]}"


def _sick(hh: HouseholdSim) -> str:
    ill = [m for m in hh.members if m.health is not Health.HEALTHY]
    return (ill or hh.members)[0].name


def _elder(hh: HouseholdSim, year: int) -> str:
    return max(hh.members, key=lambda m: age(m, year)).name


def _student(hh: HouseholdSim, year: int) -> str:
    young = [m for m in hh.members if 6 <= age(m, year) <= 22]
    return (young or hh.members)[-1].name
