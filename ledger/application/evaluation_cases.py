"""Publishing an evaluation (考核结果公布): the receipt ``ledger evaluate --json`` printed,
recorded in the sealed log after checking that the log prefix it read is this log's."""

from __future__ import annotations

from datetime import date

from ledger.application.core import Accepted, Actor, LedgerCore
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.evaluation import Evaluation, evaluation_code, parse_receipt
from ledger.errors import DuplicateError, NotFound, RuleViolation
from ledger.integrity.checkpointing import sealed_recorder


class EvaluationCases(LedgerCore):
    """The use case of published evaluations."""

    def publish_evaluation(
        self, receipt_json: str, authorised_by: str, published_on: date | None = None, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """Record an evaluation receipt; its tree size and root must be this log's."""
        receipt = parse_receipt(receipt_json)
        size, root = receipt["log"]["tree_size"], receipt["log"]["root_hash"]
        recorder = sealed_recorder(self)
        if size > recorder.tree_size() or recorder.root(size).hex() != root:
            raise RuleViolation(
                f"the receipt read a log of {size:,} leaves with root {str(root)[:16]}…, which "
                "is not a prefix of this log", field="receipt")

        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(Cadre, authorised_by) is None:
                raise NotFound("cadre", authorised_by)
            if uow.find(Evaluation, evaluation_code(receipt)) is not None:
                raise DuplicateError(f"evaluation {evaluation_code(receipt)} is published "
                                     "already", field="receipt")
            uow.add(Evaluation.publish(env, receipt_json, authorised_by, published_on))

        payload = {"receipt_json": receipt_json, "authorised_by": authorised_by,
                   "published_on": published_on}
        return self.run_command("publish_evaluation", actor, command_id, payload, body)
