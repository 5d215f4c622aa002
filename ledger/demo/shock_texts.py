"""What a shock was, and the reasons written for monitoring (防返贫监测) and a return to poverty
(返贫): varied templates filled with the household's own facts (who, when, cost, income)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ledger.demo.money import YUAN

if TYPE_CHECKING:
    from ledger.demo.world import Shock

ILLNESSES = ("脑梗", "急性心肌梗死", "肺癌", "尿毒症", "股骨头坏死", "糖尿病并发症", "胃癌",
             "脑出血", "重症肺炎", "乳腺癌")
ACCIDENTS = ("上山采山野菜时摔伤", "在工地从脚手架上摔落", "骑摩托车途中发生交通事故",
             "伐木时被倒木砸伤", "收玉米时被农机绞伤")
INJURIES = ("腰椎骨折", "小腿骨折", "右手致残", "颅脑外伤", "多处肋骨骨折")
WEATHER = {
    "summer": ("暴雨引发山洪", "冰雹", "持续强降雨"),
    "winter": ("暴雪", "持续低温冻害"),
    "spring": ("倒春寒霜冻", "早霜"),
}
DAMAGES = ("木耳菌袋被冲毁", "蔬菜大棚被压塌", "蓝莓园受灾减产", "房屋部分受损", "人参地受灾",
           "仓房和院墙倒塌")
EMPLOYERS = ("白山市一家建筑工地", "长白县木材加工厂", "通化市一家矿泉水厂", "延吉市一家餐馆",
             "天津市一家电子厂")
LAYOFFS = ("停工", "减产裁员", "停业", "拖欠工资后关停")

MONITOR = {
    "illness": ("{m}月{d}日{who}{event}，自付医疗费用约{cost}；{note}",
                "{who}{m}月{d}日{event}，出院后需长期服药、不能外出务工，预计自付{cost}；{note}"),
    "injury": ("{m}月{d}日{who}{event}，医疗费用约{cost}，数月内不能劳动；{note}",
               "{who}{m}月{d}日{event}，住院手术花费约{cost}，务工收入中断；{note}"),
    "disaster": ("{m}月{d}日{event}，{who}家损失约{cost}；{note}",
                 "{event}（{m}月{d}日），{who}家经核损失约{cost}，经营收入难以保证；{note}"),
    "job_loss": ("{who}{event}（{m}月{d}日起），务工收入中断；{note}",
                 "{m}月{d}日起{who}{event}，暂无其他稳定收入来源；{note}"),
}
NOTES = (  # below the line, then under 1.5 times the line
    ("测算扣除刚性支出后家庭人均纯收入预计{expected}，已低于{line}的贫困线，有返贫风险",
     "预计全年人均纯收入仅{expected}（贫困线{line}），收入骤减，纳入监测并落实帮扶"),
    ("测算家庭人均纯收入预计{expected}，低于贫困线{line}的1.5倍，纳入监测",
     "扣除刚性支出后人均纯收入预计{expected}，接近{line}的贫困线，列为脱贫不稳定户"),
)
RETURNS = (
    "{m}月{d}日{who}{event}后家庭收入骤减：{year}年人均纯收入{income}，扣除{label}"
    "{taken}后预计{expected}，低于{line}贫困线；经入户核实、村民代表评议、乡镇审核，认定返贫",
    "监测帮扶期间核实：{who}{event}（{m}月{d}日），{year}年家庭人均纯收入{income}，扣除{label}后"
    "仅余{expected}，低于贫困线{line}；经村评议、乡审核、县审定，认定返贫",
)
LABELS = {"illness": "务工减收和自付医疗费用", "injury": "务工减收和自付医疗费用",
          "disaster": "经营减收和灾害损失", "job_loss": "停工减收"}


def describe(rng: random.Random, kind: str, month: int) -> str:
    """What happened, in a phrase (因脑梗住院治疗, 遭遇暴雪，蔬菜大棚被压塌 ...)."""
    if kind == "illness":
        return f"因{rng.choice(ILLNESSES)}住院治疗"
    if kind == "injury":
        return f"{rng.choice(ACCIDENTS)}，{rng.choice(INJURIES)}"
    if kind == "disaster":
        season = "summer" if 6 <= month <= 9 else "winter" if month in (11, 12, 1, 2, 3) \
            else "spring"
        return f"遭遇{rng.choice(WEATHER[season])}，{rng.choice(DAMAGES)}"
    return f"务工的{rng.choice(EMPLOYERS)}{rng.choice(LAYOFFS)}，返乡待业"


def monitoring_reason(rng: random.Random, shock: Shock, who: str, expected_fen: int,
                      line_fen: int) -> str:
    """The reason for monitoring: the shock, its cost and the income it leaves."""
    notes = NOTES[0] if expected_fen < line_fen else NOTES[1]
    note = rng.choice(notes).format(expected=yuan(expected_fen), line=yuan(line_fen))
    return rng.choice(MONITOR[shock.kind]).format(
        m=shock.day.month, d=shock.day.day, who=who, event=shock.event,
        cost=yuan(shock.cost_fen), note=note)


def return_reason(rng: random.Random, shock: Shock, who: str, income: tuple[int, int],
                  taken_fen: int, expected_fen: int, line_fen: int) -> str:
    """The reason for a return: a year's income per person (``income``: year, fen), what the
    shock took from the household (lost income and costs), what is left per person."""
    year, income_fen = income
    return rng.choice(RETURNS).format(
        m=shock.day.month, d=shock.day.day, who=who, event=shock.event, year=year,
        income=yuan(income_fen), label=LABELS[shock.kind], taken=yuan(taken_fen),
        expected=yuan(expected_fen), line=yuan(line_fen))


def yuan(fen: int) -> str:
    """Whole yuan with thousands separators (a deficit said in words)."""
    if fen < 0:
        return f"负{-fen // YUAN:,}元（入不敷出）"
    return f"{fen // YUAN:,}元"
