"""The household_state tables, and the conversion between their rows and a HouseholdModel."""

from __future__ import annotations

from typing import Any

from ledger.domain.values import Policy
from projections.formats import flag, from_json, to_json
from projections.household_model import SOURCES, HouseholdModel
from projections.schema import table

STATE = table(
    "household_state",
    "code T, village_code T, township_code T, status T, exit_stage T, category T, "
    "poverty_cause T, head_name T, members_json T, member_count I, registered_on T, "
    "indicators_json T, indicators_met I, plan_json T, plan_adopted_on T, plan_changes I, "
    "cadres_json T, assignments_json T, projects_json T, project_count I, points_balance I, "
    "points_earned I, points_redeemed I, visits I, phone_contacts I, last_visit_at T, "
    "last_contact_at T, diary_entries I, income_lines I, measures I, assistance_fen I, "
    "has_income_project I, has_income_ledger I, has_basic_info I, has_diary I, "
    "five_ones_complete I, findings I, open_findings I, exited_on T, honours_json T, "
    "monitoring_category T, monitoring_ended_on T, pairings_json T, is_paired I, "
    "pairing_contacts I, pairing_help_fen I, activities I, activity_points I, late_events I, "
    "corrections I, retractions I, events I, last_position I, last_recorded_at T",
    "code",
    "village_code, code", "township_code, code", "status, code",
)
INCOME_LINE = table(
    "household_income_line",
    "household_code T, version I, source T, amount_fen I, period T, year I, item T, "
    "occurred_on T, is_retracted I",
    "household_code, version",
)
INCOME_YEAR = table(
    "household_income_year",
    "household_code T, year I, wage_fen I, business_fen I, property_fen I, transfer_fen I, "
    "total_fen I, lines I, member_count I, per_capita_fen I, poverty_line_fen I, "
    "minimum_living_fen I, above_poverty_line I, above_minimum_living I",
    "household_code, year",
    "year, household_code",
)
MEASURE = table(
    "household_measure",
    "household_code T, version I, programme T, amount_fen I, fund_code T, "
    "disbursement_code T, occurred_on T, description T, is_retracted I",
    "household_code, version",
)
ASSISTANCE = table(
    "household_assistance",
    "household_code T, programme T, measures I, amount_fen I",
    "household_code, programme",
)
CONTACT = table(
    "household_contact",
    "household_code T, version I, cadre_code T, occurred_at T, is_in_person I, is_retracted I",
    "household_code, version",
    "household_code, occurred_at",
)
ASSIGNMENT = table(
    "household_assignment",
    "household_code T, version I, cadre_code T, role T, from_date T, to_date T",
    "household_code, version",
    "cadre_code, household_code",
)
FINDING = table(
    "finding",
    "round_code T, finding_code T, version I, subject_kind T, subject_code T, owner_cadre T, "
    "description T, raised_on T, deadline_on T, status T, rectified_on T, settled_on T, "
    "is_retracted I",
    "round_code, finding_code",
    "subject_kind, subject_code", "owner_cadre, raised_on", "round_code, version",
)
PAIRING_CONTACT = table(
    "household_pairing_contact",
    "household_code T, version I, pairing_code T, help_fen I, is_retracted I",
    "household_code, version",
)
LINE_TABLES = {"income": INCOME_LINE, "measure": MEASURE, "contact": CONTACT, "finding": FINDING,
               "pairing": PAIRING_CONTACT}


def state_row(model: HouseholdModel) -> tuple[Any, ...]:
    """The household_state row of a model."""
    m = model
    members = [m.members[n] for n in sorted(m.members)]
    five = five_ones(m)
    return (
        m.code, m.village_code, m.township_code, m.status, m.exit_stage, m.category,
        m.poverty_cause, m.head_name, to_json(members), len(members), m.registered_on,
        to_json(m.indicators), flag(bool(m.indicators) and all(m.indicators.values())),
        None if m.plan is None else to_json(m.plan), m.plan_adopted_on, m.plan_changes,
        to_json(m.cadres), to_json(m.assignments), to_json(m.projects), len(m.projects),
        m.points_balance, m.points_earned, m.points_redeemed, m.visits, m.phone_contacts,
        m.last_visit_at, m.last_contact_at, m.diary_entries, m.income_lines, m.measures,
        m.assistance_fen, *(flag(v) for v in five.values()), flag(all(five.values())),
        m.findings, m.open_findings, m.exited_on, to_json(m.honours), m.monitoring_category,
        m.monitoring_ended_on, to_json(m.pairings),
        flag(any(p["ended_on"] is None for p in m.pairings)), m.pairing_contacts,
        m.pairing_help_fen, m.activities, m.activity_points, m.late_events, m.corrections,
        m.retractions, m.events, m.last_position, m.last_recorded_at,
    )


def five_ones(model: HouseholdModel) -> dict[str, bool]:
    """五个一 for one household: income project, income ledger, basic information, diary."""
    return {
        "income_project": bool(model.projects),
        "income_ledger": model.income_lines > 0,
        "basic_info": bool(model.members) and all(m["id_number"] for m in model.members.values()),
        "diary": model.diary_entries > 0,
    }


def model_from(row: dict[str, Any], years: list[dict[str, Any]],
               programmes: list[dict[str, Any]]) -> HouseholdModel:
    """Rebuild the model from its stored rows."""
    plain = {k: v for k, v in row.items() if k in _PLAIN}
    model = HouseholdModel(**plain)
    model.members = {m["member_no"]: m for m in from_json(row["members_json"])}
    model.indicators = from_json(row["indicators_json"])
    model.plan = from_json(row["plan_json"])
    model.assignments = from_json(row["assignments_json"])
    model.projects = from_json(row["projects_json"])
    model.honours = from_json(row["honours_json"])
    model.pairings = from_json(row["pairings_json"])
    model.income_years = {
        y["year"]: {**{s: y[f"{s}_fen"] for s in SOURCES}, "lines": y["lines"]} for y in years
    }
    model.programmes = {p["programme"]: [p["measures"], p["amount_fen"]] for p in programmes}
    return model


_PLAIN = frozenset(HouseholdModel.__dataclass_fields__) - {
    "members", "indicators", "plan", "assignments", "projects", "honours", "income_years",
    "programmes", "recount_contacts", "pairings",
}


def year_rows(model: HouseholdModel, policy: Policy) -> list[tuple[Any, ...]]:
    """One household_income_year row per year with income on record."""
    people = max(1, len(model.members))
    rows = []
    for year in sorted(model.income_years):
        totals = model.income_years[year]
        total = sum(totals[s] for s in SOURCES)
        per_capita = total // people
        rows.append((
            model.code, year, *(totals[s] for s in SOURCES), total, totals["lines"],
            len(model.members), per_capita, policy.poverty_line_fen,
            policy.minimum_living_standard_fen, flag(per_capita > policy.poverty_line_fen),
            flag(per_capita > policy.minimum_living_standard_fen),
        ))
    return rows


def programme_rows(model: HouseholdModel) -> list[tuple[Any, ...]]:
    """One household_assistance row per programme with measures on record."""
    return [(model.code, p, *model.programmes[p]) for p in sorted(model.programmes)]


def line_row(kind: str, key: tuple[str, str | int], line: dict[str, Any]) -> tuple[Any, ...]:
    """A stored line of one kind as a row of its table."""
    spec = LINE_TABLES[kind]
    values: dict[str, Any] = {**line}
    if kind == "income":
        values["year"] = int(line["period"][:4])
    if kind == "finding":
        values["round_code"] = key[0]
    else:
        values["household_code"], values["version"] = key
    return tuple(
        flag(values[c]) if c.startswith("is_") else values[c] for c in spec.column_names
    )


def line_from(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """A stored row back as a line."""
    line = {k: (bool(v) if k.startswith("is_") else v) for k, v in row.items()}
    for name in ("household_code", "round_code", "year"):
        line.pop(name, None)
    if kind != "finding":
        line.pop("version", None)
    return line
