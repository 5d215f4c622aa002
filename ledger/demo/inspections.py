"""县巡察组: a round each quarter over two townships (all eight in a year), with a sample drawn from
a committed seed, spot checks, findings with deadlines, rectification, 销号 or transfer to 纪委."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from ledger.demo.simtime import moment
from ledger.demo.world import Action, World
from ledger.domain.inspection import commitment_for
from ledger.domain.sampling import FrameEntry, draw

OPENINGS = ((3, 12), (6, 11), (9, 10), (11, 26))
DISCIPLINE_BODY = "县纪委监委"
Round = tuple[str, date, list[str]]


@dataclass(frozen=True)
class FindingPlan:
    """A problem the round raises: about whom, owned by whom, what, and how it ends."""

    subject_kind: str
    subject_code: str
    owner: str
    description: str
    outcome: str = "closed"  # closed | transferred | overdue


def round_schedule(world: World, year: int) -> list[Round]:
    """This year's rounds: code, opening Monday, townships."""
    townships = sorted(world.townships)
    rounds = []
    for index, (month, day) in enumerate(OPENINGS):
        opening = date(year, month, day)
        opening += timedelta(days=(7 - opening.weekday()) % 7)
        rounds.append((f"XC-{year}-{index + 1}", opening, townships[2 * index:2 * index + 2]))
    return rounds


def plan_rounds(world: World, rounds: list[Round]) -> None:
    """Schedule every round of the year."""
    for index, (code, opening, townships) in enumerate(rounds):
        lead = world.inspectors[index % len(world.inspectors)]
        names = "、".join(world.townships[t].name for t in townships)
        title = f"{opening.year}年第{index + 1}轮脱贫攻坚巡察（{names}）"
        world.at(moment(opening, 9), partial(world.ledger.open_round, code, title, lead,
                                             townships, opening, actor=world.actor(lead)))
        sample = _sample(world, code, opening, lead, townships)
        findings = _findings(world, code, opening, townships, sample, last=index == 2)
        _follow_up(world, code, opening, lead, findings)


def _sample(world: World, code: str, opening: date, lead: str, townships: list[str]) -> list[str]:
    frame = [FrameEntry(h.code, h.village, _status(h.status), 1)
             for h in world.households.values() if h.township in townships]
    if not frame:
        return []
    seed = f"{code}:{world.rng.getrandbits(128):032x}"
    size = min(len(frame), max(3, len(frame) // 10))
    sample = draw(seed, frame, size)
    actor = world.actor(lead)
    world.at(moment(opening, 9, 30), partial(world.ledger.commit_sample, code,
                                             commitment_for(seed), [e.line() for e in frame],
                                             moment(opening, 9, 30), actor=actor))
    world.at(moment(opening, 10), partial(world.ledger.draw_sample, code, seed, size,
                                          moment(opening, 10), actor=actor))
    for index, household in enumerate(sample):
        day = opening + timedelta(days=1 + index % 4)
        inspector = world.inspectors[index % len(world.inspectors)]
        world.at(moment(day, 18, index), _spot_check(world, code, household, day, inspector))
    return sample


def _status(planned: str) -> str:
    """The frame's status of a simulated household (exit under way counts as registered)."""
    return planned if planned in ("registered", "monitored", "exited", "returned") \
        else "registered"


def _spot_check(world: World, code: str, household: str, day: date, inspector: str) -> Action:
    """What the inspector sees is decided on the day (the visits recorded by then)."""
    return lambda: world.ledger.record_spot_check(
        code, household, day, _observed(world, household, day), "入户核查，查阅台账",
        actor=world.actor(inspector))


def _observed(world: World, household: str, day: date) -> dict[str, str]:
    hh = world.households[household]
    recent = sum(1 for d in hh.visit_days if day - timedelta(days=28) <= d < day)
    return {
        "visits_last_28_days": str(recent),
        "income_ledger": "齐全" if hh.income_fen else "缺失",
        "plan_posted": "已上墙" if world.rng.random() < 0.85 else "未上墙",
        "satisfaction": "满意" if world.rng.random() < 0.93 else "基本满意",
    }


def _findings(world: World, code: str, opening: date, townships: list[str], sample: list[str],
              *, last: bool) -> list[FindingPlan]:
    found = []
    burst = world.anomalies.burst_cadres.get(code)
    if burst:
        found.append(FindingPlan("cadre", burst, burst,
                                 "巡察前三天集中突击入户，此前连续三周无入户记录"))
    for cadre in world.household_cadres():
        if cadre.code != burst and world.households[cadre.households[0]].township in townships:
            found += _cadre_findings(world, cadre.code, world.week_of(opening))
    if sample and world.rng.random() < 0.5:
        household = sample[0]
        found.append(FindingPlan("household", household, world.households[household].cadre,
                                 "五定帮扶计划未上墙公示，收入明细账缺少佐证材料"))
    if last and found:
        found[-1] = FindingPlan(found[-1].subject_kind, found[-1].subject_code, found[-1].owner,
                                found[-1].description, "overdue")
    return found


def _cadre_findings(world: World, cadre: str, opening_week: int) -> list[FindingPlan]:
    """What the round's data checks reveal about one household cadre's records."""
    plan, found = world.anomalies, []
    if any(w < opening_week for c, w in plan.skips if c == cadre):
        found.append(FindingPlan("cadre", cadre, cadre, "未按要求每周入户走访"))
    if any(w < opening_week for c, w in plan.copies if c == cadre):
        found.append(FindingPlan("cadre", cadre, cadre, "多户扶贫日记内容雷同，存在复制粘贴",
                                 "transferred"))
    if cadre in plan.late:
        found.append(FindingPlan("cadre", cadre, cadre, "走访记录事后补记，滞后五天以上"))
    if plan.double and plan.double[0] == cadre:
        found.append(FindingPlan("cadre", cadre, cadre,
                                 "同一时段在相距较远的两户均有入户记录，真实性存疑"))
    return found


def _follow_up(world: World, code: str, opening: date, lead: str,
               findings: list[FindingPlan]) -> None:
    raised = opening + timedelta(days=5)
    led, settled = world.ledger, [raised]
    for number, finding in enumerate(findings, start=1):
        ref, deadline = f"{code}-F{number:02d}", raised + timedelta(days=30)
        world.at(moment(raised, 15, number), partial(
            led.raise_finding, code, ref, finding.subject_kind, finding.subject_code,
            finding.owner, finding.description, raised, deadline, actor=world.actor(lead)))
        if finding.outcome == "overdue":
            settled.append(date.max)
        elif finding.outcome == "transferred":
            day = deadline + timedelta(days=14)
            world.at(moment(day, 10), partial(led.transfer_case, code, ref, day, DISCIPLINE_BODY,
                                              "逾期未整改，移交问题线索", actor=world.actor(lead)))
            settled.append(day)
        else:
            settled.append(_rectify(world, code, ref, raised, finding.owner, lead))
    closing = max(settled) + timedelta(days=2) if date.max not in settled else None
    if closing is not None:
        world.at(moment(closing, 16), partial(led.close_round, code, closing,
                                              actor=world.actor(lead)))


def _rectify(world: World, code: str, ref: str, raised: date, owner: str, lead: str) -> date:
    reported = raised + timedelta(days=world.rng.randint(10, 25))
    closed = reported + timedelta(days=world.rng.randint(3, 7))
    world.at(moment(reported, 17), partial(
        world.ledger.report_rectification, code, ref, reported,
        "已按要求整改，补齐入户记录，建立周入户台账", actor=world.actor(owner)))
    world.at(moment(closed, 10), partial(world.ledger.close_finding, code, ref, closed,
                                         "经复查整改到位，予以销号", actor=world.actor(lead)))
    return closed
