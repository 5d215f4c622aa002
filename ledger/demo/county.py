"""长白朝鲜族自治县: the static model of the demo county (townships, villages, departments).

The eight townships and their approximate coordinates are real; 二十道沟村, 十六道沟村 and 金华村
are named in the seed article; the other village names are plausible but generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

COUNTY_CODE = "220623"
COUNTY_NAME = "长白朝鲜族自治县"
PAIRED_DISTRICTS = ("吉林市龙潭区", "吉林市昌邑区", "吉林市船营区", "吉林市丰满区")


@dataclass(frozen=True)
class TownshipSeed:
    """A real township: code, name, approximate centre and village names (real ones first)."""

    code: str
    name: str
    lat: float
    lon: float
    village_names: tuple[str, ...]


TOWNSHIPS: tuple[TownshipSeed, ...] = (
    TownshipSeed("T01", "长白镇", 41.420, 128.200,
                 ("民主村", "新兴村", "果园村", "东兴村", "红旗村")),
    TownshipSeed("T02", "八道沟镇", 41.585, 127.780,
                 ("八道沟村", "葫芦套村", "七道沟村", "九道沟村", "平安村")),
    TownshipSeed("T03", "十四道沟镇", 41.560, 128.330,
                 ("二十道沟村", "十六道沟村", "十四道沟村", "十五道沟村", "十九道沟村")),
    TownshipSeed("T04", "马鹿沟镇", 41.520, 128.120,
                 ("马鹿沟村", "双丰村", "新丰村", "太平村", "永兴村")),
    TownshipSeed("T05", "宝泉山镇", 41.660, 128.030,
                 ("宝泉山村", "新屯村", "东岗村", "永安村", "兴安村")),
    TownshipSeed("T06", "新房子镇", 41.500, 127.930,
                 ("新房子村", "五道沟村", "六道沟村", "梨田村", "南崴子村")),
    TownshipSeed("T07", "十二道沟乡", 41.470, 128.050,
                 ("十二道沟村", "十三道沟村", "龙岗村", "永胜村", "前进村")),
    TownshipSeed("T08", "金华乡", 41.630, 128.290,
                 ("金华村", "东升村", "光明村", "胜利村", "青山村")),
)

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("D-FPB", "县扶贫办"), ("D-CZJ", "县财政局"), ("D-JYJ", "县教育局"), ("D-WJJ", "县卫健局"),
    ("D-MZJ", "县民政局"), ("D-RSJ", "县人社局"), ("D-NYJ", "县农业农村局"), ("D-SLJ", "县水利局"),
    ("D-ZJJ", "县住建局"), ("D-GTJ", "县自然资源局"), ("D-LYJ", "县林业局"), ("D-JTJ", "县交通局"),
)
INSPECTION_UNITS = ("D-FPB", "D-JWJ", "D-ZZB")  # 扶贫办 leads, with 纪委监委 and 组织部


@dataclass
class VillagePlan:
    """A village of the demo county and how many registered households it has."""

    code: str
    name: str
    township: str
    lat: float
    lon: float
    households: int = 0


@dataclass
class CountyPlan:
    """Townships and villages with household counts: the skeleton the generator fills in."""

    townships: tuple[TownshipSeed, ...]
    villages: list[VillagePlan] = field(default_factory=list)

    def villages_of(self, township: str) -> list[VillagePlan]:
        """The villages of one township, in code order."""
        return [v for v in self.villages if v.township == township]


def villages_per_township(households: int) -> int:
    """Three to five villages per township, more for a bigger demo."""
    return max(3, min(5, round(households / 40)))


def plan_county(rng: random.Random, households: int) -> CountyPlan:
    """Lay out the villages and spread ``households`` over them (every village gets one first)."""
    count = villages_per_township(households)
    plan = CountyPlan(TOWNSHIPS)
    for township in TOWNSHIPS:
        for index, name in enumerate(township.village_names[:count], start=1):
            lat = round(township.lat + rng.uniform(-0.04, 0.04), 4)
            lon = round(township.lon + rng.uniform(-0.05, 0.05), 4)
            plan.villages.append(VillagePlan(f"{township.code}-V{index:02d}", name,
                                             township.code, lat, lon))
    _spread(rng, plan.villages, households)
    return plan


def _spread(rng: random.Random, villages: list[VillagePlan], households: int) -> None:
    order = list(villages)
    rng.shuffle(order)
    weights = [rng.uniform(0.6, 1.6) for _ in order]
    for index in range(households):
        village = order[index] if index < len(order) else rng.choices(order, weights)[0]
        village.households += 1


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """A flat-earth distance between two (lat, lon) points, good enough inside one county."""
    dlat = (a[0] - b[0]) * 111.0
    dlon = (a[1] - b[1]) * 83.0  # km per degree of longitude near 41.5°N
    return float((dlat**2 + dlon**2) ** 0.5)
