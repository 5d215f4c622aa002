"""The seed's duties (职责), published with the demo county's assessment regulation.

四级联动 as data: the household cadre's weekly visit; the village leader's monthly check of the
visits and quarterly assessment of the resident cadres; the township lead's monthly 四个一
(four separate duties), quarterly 三了解两协调 and half-yearly 一争取; each county leader's
quarterly formal talk; every finding rectified and closed, or transferred, by its deadline.
"""

from __future__ import annotations

from ledger.domain.values import Cadence, Duty, Handover, Role

UP_FROM_HOUSEHOLD = ["village_leader", "township_lead", "county_leader"]
UP_FROM_VILLAGE = ["township_lead", "county_leader"]
UP_FROM_TOWNSHIP = ["county_leader"]


def _duty(code: str, text: str, role: Role, subject: str, cadence: Cadence, event: str,
          grace: int, escalation: list[str], response: int = 7) -> Duty:
    return Duty(code, text, role, subject, cadence, [event], grace, list(escalation), response,
                Handover.LAST_DAY, 0)


SEED_DUTIES: tuple[Duty, ...] = (
    _duty("visit", "包户干部每周（周一至周日）至少入户走访一次", Role.HOUSEHOLD_CADRE,
          "household", Cadence.WEEKLY, "Household.Visited", 2, UP_FROM_HOUSEHOLD),
    _duty("visits_checked", "包村领导每月检查包户干部入户情况", Role.VILLAGE_LEADER, "village",
          Cadence.MONTHLY, "Cadre.VisitsChecked", 5, UP_FROM_VILLAGE, 10),
    _duty("resident_assessed", "包村领导每季度督导考核驻村干部", Role.VILLAGE_LEADER, "village",
          Cadence.QUARTERLY, "Cadre.ResidentCadreAssessed", 5, UP_FROM_VILLAGE, 10),
    _duty("four_ones.research_visit", "包保常委每月调研一次", Role.TOWNSHIP_LEAD, "township",
          Cadence.MONTHLY, "Cadre.ResearchVisitMade", 5, UP_FROM_TOWNSHIP, 10),
    _duty("four_ones.inspection", "包保常委每月督查一次", Role.TOWNSHIP_LEAD, "township",
          Cadence.MONTHLY, "Cadre.InspectionMade", 5, UP_FROM_TOWNSHIP, 10),
    _duty("four_ones.report_hearing", "包保常委每月听取汇报一次", Role.TOWNSHIP_LEAD, "township",
          Cadence.MONTHLY, "Cadre.ReportHeard", 5, UP_FROM_TOWNSHIP, 10),
    _duty("four_ones.report_up", "包保常委每月向县委书记、县长汇报一次", Role.TOWNSHIP_LEAD,
          "township", Cadence.MONTHLY, "Cadre.ReportSubmitted", 5, UP_FROM_TOWNSHIP, 10),
    _duty("three_learn_two_coordinate", "包保常委每季度三了解两协调", Role.TOWNSHIP_LEAD,
          "township", Cadence.QUARTERLY, "Cadre.QuarterlyReviewMade", 5, UP_FROM_TOWNSHIP, 10),
    _duty("one_secure", "包保常委每半年一争取", Role.TOWNSHIP_LEAD, "township",
          Cadence.HALF_YEARLY, "Cadre.FundsSecured", 5, UP_FROM_TOWNSHIP, 10),
    _duty("formal_talk", "县级领导每季度约谈乡镇党政负责人", Role.COUNTY_LEADER, "county",
          Cadence.QUARTERLY, "Cadre.TalkHeld", 5, []),
    Duty("finding.rectify", "巡察发现问题按期整改销号或移交纪委", Role.HOUSEHOLD_CADRE,
         "finding", Cadence.PER_PERIOD,
         ["InspectionRound.FindingClosed", "InspectionRound.CaseLeadTransferred"], 7,
         ["county_leader"], 14, Handover.LAST_DAY, 0),
)
