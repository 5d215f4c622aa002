"""一争取 in the demo: half-yearly, each township lead secures money from a paired city district,
an enterprise, a donation or a department; now and then nothing. Secured money becomes a fund
allocation, recorded first, and is paid out to households of the township within weeks."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import partial

from ledger.demo.acts import schedule_act
from ledger.demo.county import PAIRED_DISTRICTS
from ledger.demo.money import random_yuan
from ledger.demo.programmes import FINANCE
from ledger.demo.simtime import moment
from ledger.demo.world import TownshipSim, World
from ledger.domain.values import FundSource, Programme

NOTHING_RATE = 0.15
"""About one 一争取 in seven secures nothing that half-year."""
SOURCES = {
    FundSource.PAIRED_DISTRICT: (50, "对口帮扶资金"), FundSource.ENTERPRISE: (20, "企业帮扶资金"),
    FundSource.SOCIAL_DONATION: (15, "社会捐助资金"), FundSource.DEPARTMENT: (15, "部门帮扶资金"),
}


def funds_secured(world: World, t: TownshipSim, day: date, act_code: str) -> None:
    """Secure money (or nothing) for a township; allocate it; pay it to a few households."""
    source = world.rng.choices(list(SOURCES), [w for w, _ in SOURCES.values()])[0]
    donor = world.rng.choice(PAIRED_DISTRICTS) if source is FundSource.PAIRED_DISTRICT else ""
    if world.rng.random() < NOTHING_RATE:
        summary = f"向{donor or '社会各界'}争取帮扶资金，本半年未落实"
        schedule_act(world, t.lead, act_code, day, lambda: world.ledger.record_funds_secured(
            t.lead, day, "township", t.code, 0, source, None, None, summary, act_code,
            actor=world.actor(t.lead)))
        return
    amount = random_yuan(world.rng, 50_000, 300_000)
    fund = f"F-{t.code}-{act_code}"
    name = f"{donor}{SOURCES[source][1]}（{t.name}）"
    digest = hashlib.sha256(f"{name}协议{act_code}".encode()).hexdigest()
    world.at(moment(day, 9), partial(world.ledger.allocate_fund, fund, name, donor or
                                     SOURCES[source][1], amount, day, Programme.INDUSTRY,
                                     actor=FINANCE))
    summary = f"争取{name}{amount // 1_000_000}万元，已下达{fund}"
    schedule_act(world, t.lead, act_code, day, lambda: world.ledger.record_funds_secured(
        t.lead, day, "township", t.code, amount, source, digest, fund, summary, act_code,
        actor=world.actor(t.lead)))
    _pay_out(world, t, fund, amount, day + timedelta(days=world.rng.randint(10, 30)))


def _pay_out(world: World, t: TownshipSim, fund: str, amount: int, day: date) -> None:
    homes = sorted(h for v in t.villages for h in world.villages[v].households)
    chosen = sorted(world.rng.sample(homes, min(len(homes), world.rng.randint(2, 4))))
    share = amount // max(1, len(chosen))
    for number, home in enumerate(chosen, start=1):
        world.at(moment(day, 11, number), partial(
            world.ledger.disburse, fund, f"{fund}-{number:02d}", share, Programme.INDUSTRY, day,
            "社会帮扶产业发展补助", world.county_leaders[-1], household=home, actor=FINANCE))
