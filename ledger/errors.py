"""Errors of the ledger: one root, three families (a leaf module: it imports nothing of ours)."""

from __future__ import annotations


class LedgerError(Exception):
    """Root of every error the ledger raises on purpose."""


class RuleViolation(LedgerError):
    """A command was refused; nothing was recorded.

    ``field`` names the input that was wrong when one input is to blame.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DuplicateError(RuleViolation):
    """Something with this natural code (or this command id) already exists."""


class ClockError(RuleViolation):
    """The recording clock went backwards: a recorded time earlier than the last one."""


class OverBalance(RuleViolation):
    """A disbursement beyond what the fund has left (its allocations less what was paid)."""


class FundMisdirected(RuleViolation):
    """A disbursement under another programme than the fund's (专款专用)."""


class ExitConditionsUnmet(RuleViolation):
    """An exit review without its conditions: 两不愁三保障 and safe water, income above the line."""


class NotAuthorised(RuleViolation):
    """An act reserved to a role (e.g. the county's approval of an exit) tried by someone else."""


class NotResponsible(RuleViolation):
    """A visit, call or diary entry for a household by a cadre not responsible for it that day."""


class WriteConflict(LedgerError):
    """Another writer changed the same records (or used the same code) first; nothing of this
    save was stored. Retrying the command decides again on the current state."""


class NotFound(LedgerError):
    """A referenced thing (household, cadre, event ...) does not exist."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key


class IntegrityFailure(LedgerError):
    """Stored data or a proof does not match what it must be.

    Carries where (``position``, when known) and the expected and calculated values.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "mismatch",
        position: int | None = None,
        expected: bytes | str | None = None,
        calculated: bytes | str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.position = position
        self.expected = expected
        self.calculated = calculated


class ProofError(IntegrityFailure):
    """A Merkle inclusion or consistency proof does not verify."""


class SignatureError(IntegrityFailure):
    """A signed note or checkpoint is unsigned, badly signed or malformed."""


class ConfigurationError(LedgerError):
    """The ledger was started with settings it cannot use (bad --db URL, missing key ...)."""


class StoreMissing(ConfigurationError):
    """A command that only reads was pointed at a store that does not exist (nothing created)."""

    def __init__(self, store: str, why: str) -> None:
        self.store = store
        self.why = why
        super().__init__(
            f"no ledger store at {store} ({why}); nothing was created. Check --db, or make one "
            "with `ledger init`, `ledger demo` or `ledger import`"
        )
