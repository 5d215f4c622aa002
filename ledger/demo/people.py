"""People of the demo county: Korean (朝鲜族) and Han names, household members, causes and
categories."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TypeVar

from ledger.domain.values import Health, HouseholdCategory, Member, PovertyCause

KOREAN_SURNAMES = "金李朴崔郑姜赵尹张林韩申吴权黄安宋柳洪全高文孙梁裴白许南沈卢玄延禹"
HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾于董袁潘蒋蔡田姜"
KOREAN_GIVEN = {
    "男": ("英浩", "明哲", "哲洙", "成浩", "光日", "东日", "永哲", "龙洙", "昌洙", "承勋",
          "相俊", "正日", "基哲", "万春", "泰浩", "镇宇"),
    "女": ("顺姬", "玉子", "贞淑", "英子", "春花", "京淑", "银姬", "美善", "顺子", "英爱",
          "贤淑", "明淑", "善玉", "恩静", "美兰", "惠英"),
}
HAN_GIVEN = {
    "男": ("建国", "志刚", "国庆", "海军", "春生", "德山", "宝林", "长福", "永贵", "立新",
          "振华", "连生", "广才", "树林", "金山", "福全", "玉成", "文革"),
    "女": ("秀兰", "玉芬", "桂英", "淑珍", "凤芝", "丽华", "玉珍", "秀珍", "金凤", "红梅",
          "桂兰", "春燕", "淑芬", "玉兰", "凤琴", "秀云", "晓丽", "艳华"),
}

CAUSES: tuple[tuple[PovertyCause, int], ...] = (
    (PovertyCause.ILLNESS, 40), (PovertyCause.LACK_LABOUR, 18), (PovertyCause.DISABILITY, 14),
    (PovertyCause.SCHOOLING, 10), (PovertyCause.LACK_SKILLS, 9), (PovertyCause.LACK_CAPITAL, 9),
)
CAUSE_LABELS = {
    PovertyCause.ILLNESS: "因病", PovertyCause.LACK_LABOUR: "缺劳力",
    PovertyCause.DISABILITY: "因残",
    PovertyCause.SCHOOLING: "因学", PovertyCause.LACK_SKILLS: "缺技术",
    PovertyCause.LACK_CAPITAL: "缺资金",
}
CATEGORY_LABELS = {
    HouseholdCategory.GENERAL: "一般贫困户", HouseholdCategory.DIBAO: "低保户",
    HouseholdCategory.TEKUN_WUBAO: "特困供养户", HouseholdCategory.DIBAO_POOR: "低保贫困户",
}
SIZES = ((1, 30), (2, 40), (3, 20), (4, 10))
T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    """What the generator decides about a household before registering it."""

    head: str
    members: list[Member]
    cause: PovertyCause
    category: HouseholdCategory
    is_korean: bool


def person_name(rng: random.Random, sex: str, *, korean: bool, surname: str | None = None) -> str:
    """A plausible Korean or Han name."""
    family = surname or rng.choice(KOREAN_SURNAMES if korean else HAN_SURNAMES)
    given = rng.choice((KOREAN_GIVEN if korean else HAN_GIVEN)[sex])
    return family + given


def cadre_name(rng: random.Random) -> str:
    """A cadre's name (about one in five Korean)."""
    return person_name(rng, rng.choice(("男", "男", "女")), korean=rng.random() < 0.2)


def make_profile(rng: random.Random, year: int) -> Profile:
    """A registered household: members (many elderly), main cause, category."""
    korean = rng.random() < 0.25
    cause = _weighted(rng, CAUSES)
    size = _weighted(rng, SIZES)
    members = _members(rng, size, year, cause, korean=korean)
    category = _category(rng, members, year)
    return Profile(members[0].name, members, cause, category, korean)


def age(member: Member, year: int) -> int:
    """The member's age in that year (birth year unknown counts as 40)."""
    return year - (member.birth_year or year - 40)


def _members(rng: random.Random, size: int, year: int, cause: PovertyCause, *,
             korean: bool) -> list[Member]:
    elderly = rng.random() < 0.6
    head_born = rng.randint(1932, 1957) if elderly else rng.randint(1958, 1984)
    head_sex = "男" if rng.random() < 0.7 else "女"
    surname = rng.choice(KOREAN_SURNAMES if korean else HAN_SURNAMES)
    people: list[Person] = [("户主", head_sex, head_born, surname)]
    if size >= 2:
        people.append(("配偶", "女" if head_sex == "男" else "男",
                       head_born + rng.randint(-4, 4), None))
    for _ in range(size - len(people)):
        people.append(_dependant(rng, head_born, surname))
    members: list[Member] = []
    used: set[str] = set()
    for number, (relation, sex, born, family) in enumerate(people, start=1):
        name = _unique_name(rng, sex, korean, family, used)
        health = _health(rng, cause, number, year - born)
        can_work = 18 <= year - born < 65 and health not in (Health.SERIOUS, Health.DISABLED)
        members.append(Member(number, name, relation, synthetic_id_number(rng, born, sex),
                              sex=sex, birth_year=born, health=health, can_work=can_work))
    return members


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
SYNTHETIC_AREA = "990623"  # no province 99 exists: these numbers cannot be anyone's


def synthetic_id_number(rng: random.Random, born: int, sex: str) -> str:
    """A resident ID number in the GB 11643 form (check digit included) that belongs to nobody."""
    day = f"{born:04d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    order = rng.randrange(0, 500) * 2 + (1 if sex == "男" else 0)
    body = f"{SYNTHETIC_AREA}{day}{order:03d}"
    check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    return body + check


Person = tuple[str, str, int, str | None]  # relation, sex, birth year, surname (None: any)


def _dependant(rng: random.Random, head_born: int, surname: str) -> Person:
    sex = rng.choice(("男", "女"))
    if head_born < 1960:
        relation = "之孙" if sex == "男" else "之孙女"
        return relation, sex, rng.randint(2003, 2014), surname
    if head_born > 1975 and rng.random() < 0.4:
        return ("之父" if sex == "男" else "之母"), sex, head_born - rng.randint(24, 32), None
    relation = "之子" if sex == "男" else "之女"
    return relation, sex, head_born + rng.randint(22, 32), surname


def _unique_name(rng: random.Random, sex: str, korean: bool, surname: str | None,
                 used: set[str]) -> str:
    name = person_name(rng, sex, korean=korean, surname=surname)
    while name in used:
        name = person_name(rng, sex, korean=korean, surname=surname)
    used.add(name)
    return name


def _health(rng: random.Random, cause: PovertyCause, number: int, years: int) -> Health:
    if number == 1 and cause is PovertyCause.ILLNESS:
        return Health.SERIOUS if rng.random() < 0.4 else Health.CHRONIC
    if number <= 2 and cause is PovertyCause.DISABILITY and rng.random() < 0.7:
        return Health.DISABLED
    if years >= 60 and rng.random() < 0.4:
        return Health.CHRONIC
    return Health.HEALTHY


def _category(rng: random.Random, members: list[Member], year: int) -> HouseholdCategory:
    workers = sum(m.can_work for m in members)
    if len(members) == 1 and age(members[0], year) >= 60 and not workers:
        return HouseholdCategory.TEKUN_WUBAO if rng.random() < 0.5 else HouseholdCategory.DIBAO
    roll = rng.random()
    if roll < 0.30:
        return HouseholdCategory.DIBAO
    if roll < 0.45:
        return HouseholdCategory.DIBAO_POOR
    return HouseholdCategory.GENERAL


def _weighted(rng: random.Random, table: tuple[tuple[T, int], ...]) -> T:
    values = [value for value, _ in table]
    weights = [weight for _, weight in table]
    return rng.choices(values, weights)[0]
