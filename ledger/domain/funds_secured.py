"""一争取 as money: how much was secured, from which source, on what agreement, and the fund
allocation it became, so the fund-flow view follows secured money from its source onwards.

Securing nothing is a fact too (amount 0, no allocation). A v1 event (subject and summary only)
upcasts with no amount, source, agreement or fund: unknown, never invented.
"""

from __future__ import annotations

from typing import Any

from ledger.domain.checks import check_code, check_fen
from ledger.domain.coercion import coerce
from ledger.domain.envelope import SHA256_HEX
from ledger.domain.supervision import SupervisionRecorded
from ledger.domain.values import FundSource
from ledger.errors import RuleViolation


class FundsSecuredRecorded(SupervisionRecorded):
    """一争取 with its money (v2): ``amount_fen`` from ``source`` into fund ``fund_code``."""

    amount_fen: int | None
    source: FundSource | None
    agreement_digest: str | None
    fund_code: str | None
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(amount_fen=None, source=None, agreement_digest=None, fund_code=None)


def funds_parts(amount_fen: int, source: FundSource, agreement_digest: str | None,
                fund: str | None) -> dict[str, Any]:
    """Money secured needs its agreement's digest and the fund it became; nothing secured has
    no fund."""
    amount = check_fen(amount_fen, "amount_fen", positive=False)
    kind = coerce(FundSource, source, "source")
    if agreement_digest is not None and not (
        isinstance(agreement_digest, str) and SHA256_HEX.match(agreement_digest)
    ):
        raise RuleViolation("agreement_digest must be a lowercase SHA-256 hex digest",
                            field="agreement_digest")
    if amount and agreement_digest is None:
        raise RuleViolation("money secured needs the agreement's evidence digest",
                            field="agreement_digest")
    if amount and fund is None:
        raise RuleViolation("money secured names the fund allocation it became", field="fund")
    if not amount and fund is not None:
        raise RuleViolation("nothing was secured, so no fund allocation came of it",
                            field="fund")
    if fund is not None:
        check_code(fund, "fund")
    return {"amount_fen": amount, "source": kind, "agreement_digest": agreement_digest,
            "fund_code": fund}
