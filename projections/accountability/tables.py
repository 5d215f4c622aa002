"""The accountability view's tables (a persisted read contract: pages and the API read them).

``view_obligation`` holds one row per obligation instance, escalation steps included (its
columns are described in docs/accountability.md). Beside it: the facts the obligations are
derived from (``view_accountability_fact``), the scopes that own obligations
(``view_accountability_scope``) and the knowledge time of the last page
(``view_accountability_clock``).
"""

from __future__ import annotations

from projections.schema import table

OBLIGATION = table(
    "obligation",
    "obligation_id T, scope T, duty T, step I, root_id T, owner T, owner_role T, "
    "subject_kind T, subject_code T, village_code T, township_code T, period T, "
    "window_start T, window_end T, due_at T, status T, met_ref T, met_position I, "
    "events_json T, reason T, edition I, is_violation I, root_end T",
    "obligation_id",
    "scope, root_end", "owner, window_start", "status, due_at", "root_id",
    "village_code, window_start", "township_code, window_start", "is_violation, due_at",
)
FACT = table(
    "accountability_fact",
    "scope T, position I, seq I, kind T, link T, day T, recorded_at T, data T",
    "scope, position, seq",
    "link",
)
SCOPE = table("accountability_scope", "scope T", "scope")
CLOCK = table("accountability_clock", "name T, knowledge T, position I", "name")
OBLIGATION_COLUMNS = OBLIGATION.column_names
