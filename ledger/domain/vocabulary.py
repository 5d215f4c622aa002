"""Chinese labels (中文标签) for stored enum values, English (the stored value) beside them.

One table for every reader: the terminal (``ledger history``), the pages and the API.
"""

from __future__ import annotations

from collections.abc import Mapping

STATUS = {"registered": "建档立卡", "monitored": "监测户", "exited": "已脱贫",
          "returned": "返贫"}
EXIT_STAGE = {"none": "未启动", "reviewed": "已评议", "notice_posted": "公示中",
              "confirmed": "农户已确认"}
CATEGORY = {"general": "一般贫困户", "dibao": "低保户", "tekun_wubao": "特困/五保户",
            "dibao_poor": "低保贫困户"}
CAUSE = {"illness": "因病", "disability": "因残", "schooling": "因学", "disaster": "因灾",
         "lack_land": "缺土地", "lack_water": "缺水", "lack_skills": "缺技术",
         "lack_labour": "缺劳力", "lack_capital": "缺资金", "poor_transport": "交通条件落后",
         "low_motivation": "自身发展动力不足", "other": "其他"}
INCOME_SOURCE = {"wage": "工资性收入", "business": "经营性收入", "property": "财产性收入",
                 "transfer": "转移性收入"}
PROGRAMME = {"housing": "危房改造", "health": "健康扶贫", "education": "教育扶贫",
             "employment": "就业扶贫", "microcredit": "小额信贷", "industry": "产业扶贫",
             "minimum_living_allowance": "低保兜底", "solar": "光伏扶贫",
             "elderly_care": "互助养老"}
ROLE = {"household_cadre": "包户干部", "resident_cadre": "驻村帮扶干部",
        "village_leader": "包村科级领导", "township_lead": "包保乡镇县委常委",
        "county_leader": "县级领导", "inspector": "巡查组成员", "operator": "录入员",
        "system": "系统"}
CHANNEL = {"in_person": "入户", "phone": "电话", "import": "导入", "self_report": "自报",
           "department": "部门推送", "system": "系统"}
INDICATOR = {"food": "不愁吃", "clothing": "不愁穿", "compulsory_education": "义务教育有保障",
             "basic_medical": "基本医疗有保障", "safe_housing": "住房安全有保障",
             "safe_drinking_water": "饮水安全"}
HEALTH = {"healthy": "健康", "chronic": "慢性病", "serious": "大病", "disabled": "残疾"}
ACTION = {"visit": "入户走访", "phone": "电话联系", "diary": "扶贫日记", "plan": "五定计划",
          "supervision": "督导履职", "disbursement": "审批拨付", "correction": "授权更正",
          "retraction": "授权撤销"}
FINDING_STATUS = {"open": "待整改", "rectified": "已整改待销号", "closed": "已销号",
                  "transferred": "已移交纪委"}
OBLIGATION_STATUS = {"met": "已履行", "met_late": "逾期履行", "missed": "未履行", "excused": "免责",
                     "open": "未到期"}
DUTY = {"visit": "每周入户走访", "visits_checked": "每月检查入户情况",
        "resident_assessed": "每季度考核驻村干部", "four_ones.research_visit": "四个一·调研",
        "four_ones.inspection": "四个一·督查", "four_ones.report_hearing": "四个一·听取汇报",
        "four_ones.report_up": "四个一·向书记县长汇报",
        "three_learn_two_coordinate": "三了解两协调", "one_secure": "一争取",
        "formal_talk": "约谈", "finding.rectify": "问题整改销号"}

VOCABULARIES: Mapping[str, Mapping[str, str]] = {
    "status": STATUS, "exit_stage": EXIT_STAGE, "category": CATEGORY, "cause": CAUSE,
    "income_source": INCOME_SOURCE, "programme": PROGRAMME, "role": ROLE, "channel": CHANNEL,
    "indicator": INDICATOR, "health": HEALTH, "action": ACTION, "finding_status": FINDING_STATUS,
    "obligation_status": OBLIGATION_STATUS, "duty": DUTY,
}


def zh(vocabulary: str, value: object) -> str:
    """The Chinese label of a stored value (the value itself when unknown, '—' when empty)."""
    if value is None or value == "":
        return "—"
    return VOCABULARIES[vocabulary].get(str(value), str(value))
