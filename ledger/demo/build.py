"""Decide the demo county before anything is recorded: places, cadres, households, who helps
whom."""

from __future__ import annotations

from ledger.demo.county import COUNTY_CODE, DEPARTMENTS, INSPECTION_UNITS, plan_county
from ledger.demo.people import Profile, age, cadre_name, make_profile
from ledger.demo.world import CadreSim, HouseholdSim, TownshipSim, VillageSim, World
from ledger.domain.values import Indicators, PovertyCause, Role

ROLE_PREFIX = {
    Role.HOUSEHOLD_CADRE: "C-HC-", Role.RESIDENT_CADRE: "C-RC-", Role.VILLAGE_LEADER: "C-VL-",
    Role.TOWNSHIP_LEAD: "C-TL-", Role.COUNTY_LEADER: "C-CL-", Role.INSPECTOR: "C-IN-",
}


def populate(world: World, households: int) -> None:
    """Fill the world: townships, villages, cadres at every level, households and their cadres."""
    plan = plan_county(world.rng, households)
    for seed in plan.townships:
        world.townships[seed.code] = TownshipSim(seed.code, seed.name, seed.lat, seed.lon)
    for village in plan.villages:
        world.villages[village.code] = VillageSim(village.code, village.name, village.township,
                                                  village.lat, village.lon)
        world.townships[village.township].villages.append(village.code)
        for number in range(1, village.households + 1):
            _add_household(world, village.code, number)
    _appoint_chain(world)
    for sim in world.villages.values():
        _group_household_cadres(world, sim)


def appoint(world: World, role: Role, unit: str) -> CadreSim:
    """Decide a new cadre in a role and unit (code by role: C-HC-001 ...)."""
    cadre = CadreSim(world.next_code(ROLE_PREFIX[role]), cadre_name(world.rng), role, unit)
    world.cadres[cadre.code] = cadre
    return cadre


def department(world: World) -> str:
    """A county department a helping cadre comes from."""
    return world.rng.choice(DEPARTMENTS)[0]


def _appoint_chain(world: World) -> None:
    rng = world.rng
    world.county_leaders = [appoint(world, Role.COUNTY_LEADER, COUNTY_CODE).code
                            for _ in range(rng.choice((2, 3, 3)))]
    world.inspectors = [appoint(world, Role.INSPECTOR, INSPECTION_UNITS[i % 3]).code
                        for i in range(rng.choice((3, 4)))]
    for township in world.townships.values():
        township.lead = appoint(world, Role.TOWNSHIP_LEAD, township.code).code
    for village in world.villages.values():
        village.leader = appoint(world, Role.VILLAGE_LEADER, department(world)).code
        village.residents = [appoint(world, Role.RESIDENT_CADRE, department(world)).code
                             for _ in range(rng.choice((2, 3)))]


def _add_household(world: World, village_code: str, number: int) -> None:
    village = world.villages[village_code]
    profile = make_profile(world.rng, world.start.year)
    code = f"{village_code}-H{number:03d}"
    world.households[code] = HouseholdSim(
        code, village_code, village.township, profile.head, profile.members, profile.category,
        profile.cause, _indicators(world, profile),
    )
    village.households.append(code)


def _indicators(world: World, profile: Profile) -> Indicators:
    rng = world.rng
    return Indicators(
        food=rng.random() < 0.97,
        clothing=rng.random() < 0.95,
        compulsory_education=not (has_student(profile, world.start.year)
                                  and profile.cause is PovertyCause.SCHOOLING),
        basic_medical=not (profile.cause is PovertyCause.ILLNESS and rng.random() < 0.5),
        safe_housing=rng.random() > 0.28,
        safe_drinking_water=rng.random() > 0.15,
    )


def has_student(profile: Profile | HouseholdSim, year: int) -> bool:
    """Whether a member is of school age (6-22)."""
    return any(6 <= age(m, year) <= 22 for m in profile.members)


def _group_household_cadres(world: World, village: VillageSim) -> None:
    """包户: groups of three to five households, one household cadre each."""
    pending = list(village.households)
    while pending:
        size = world.rng.randint(3, 5)
        group, pending = pending[:size], pending[size:]
        cadre = appoint(world, Role.HOUSEHOLD_CADRE, department(world))
        for code in group:
            cadre.households.append(code)
            world.households[code].cadre = cadre.code
