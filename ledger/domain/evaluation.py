"""Published evaluations (考核结果公布): a receipt of scores under the regulation, sealed.

The numbers are computed on the read side (``ledger evaluate``); publishing records the receipt
itself, byte for byte, with its SHA-256 and the log prefix it read, so the published result is
part of the sealed log and anyone can recompute it from the log alone.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ledger.domain.base import Created, LedgerAggregate
from ledger.domain.checks import check_code
from ledger.domain.envelope import Envelope
from ledger.errors import RuleViolation

RECEIPT_FORMAT = "ledger-evaluation/v1"
MAX_RECEIPT_BYTES = 4 << 20
LEVELS = ("cadre", "village", "township")


class Evaluation(LedgerAggregate):
    """考核结果: one published evaluation of a level for a period, at one log prefix."""

    KIND = "evaluation"

    def __init__(self) -> None:
        super().__init__()
        self.period = ""
        self.level = ""
        self.tree_size = 0
        self.receipt_sha256 = ""

    class ScoresPublished(Created):
        """考核结果公布: the receipt of an evaluation, as printed by ``ledger evaluate --json``."""

        occurred_on: date
        regulation_code: str
        edition: int
        regulation_sha256: str
        period: str
        level: str
        tree_size: int
        root_hash: str
        receipt_sha256: str
        receipt_json: str
        authorised_by: str

        def apply(self, aggregate: Evaluation) -> None:
            aggregate.code = self.code
            aggregate.period = self.period
            aggregate.level = self.level
            aggregate.tree_size = self.tree_size
            aggregate.receipt_sha256 = self.receipt_sha256

    @classmethod
    def publish(cls, envelope: Envelope, receipt_json: str, authorised_by: str,
                published_on: date | None = None) -> Evaluation:
        """Record a receipt; its code is ``<period>.<level>.<tree size>``."""
        receipt = parse_receipt(receipt_json)
        check_code(authorised_by, "authorised_by")
        regulation, log = receipt["regulation"], receipt["log"]
        occurred_on = envelope.recorded_at.date() if published_on is None else published_on
        return cls.start(
            cls.ScoresPublished, envelope, occurred_on, evaluation_code(receipt),
            occurred_on=occurred_on, regulation_code=regulation["code"],
            edition=regulation["edition"], regulation_sha256=regulation["sha256"],
            period=receipt["period"]["label"], level=receipt["level"],
            tree_size=log["tree_size"], root_hash=log["root_hash"],
            receipt_sha256=hashlib.sha256(receipt_json.encode()).hexdigest(),
            receipt_json=receipt_json, authorised_by=authorised_by,
        )


def evaluation_code(receipt: dict[str, Any]) -> str:
    """``2018-Q3.township.5430``: period, level and the tree size read."""
    return f"{receipt['period']['label']}.{receipt['level']}.{receipt['log']['tree_size']}"


def parse_receipt(receipt_json: str) -> dict[str, Any]:
    """The receipt as data, refusing anything that is not one (naming what is wrong)."""
    if not isinstance(receipt_json, str) or len(receipt_json.encode()) > MAX_RECEIPT_BYTES:
        raise RuleViolation(f"a receipt is JSON text of at most {MAX_RECEIPT_BYTES:,} bytes",
                            field="receipt")
    try:
        receipt = json.loads(receipt_json)
        regulation, log = receipt["regulation"], receipt["log"]
        fields = (receipt["format"], receipt["level"], receipt["period"]["label"],
                  regulation["code"], regulation["edition"], regulation["sha256"],
                  log["tree_size"], log["root_hash"], receipt["scores"])
    except (ValueError, KeyError, TypeError) as error:
        raise RuleViolation(f"not an evaluation receipt: {error}", field="receipt") from None
    if fields[0] != RECEIPT_FORMAT or fields[1] not in LEVELS:
        raise RuleViolation(f"a receipt is {RECEIPT_FORMAT} of a level in {LEVELS}",
                            field="receipt")
    if not isinstance(fields[6], int) or fields[6] <= 0 or not isinstance(fields[4], int):
        raise RuleViolation("a receipt names a positive tree size and an edition number",
                            field="receipt")
    return dict(receipt)
