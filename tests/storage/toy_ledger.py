"""A toy aggregate and application for storage tests (not the real ledger's domain)."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event


class Account(Aggregate):
    """A toy account: opened by an owner, credited with integer fen."""

    class Opened(Aggregate.Created):
        owner: str

    class Credited(Aggregate.Event):
        amount_fen: int
        memo: str

    @event(Opened)
    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.balance_fen = 0

    @event(Credited)
    def credit(self, amount_fen: int, memo: str) -> None:
        self.balance_fen += amount_fen


class Ledger(Application):
    """Named Ledger so that on PostgreSQL its events table is ``ledger_events``."""

    is_snapshotting_enabled = False

    def open_accounts(self, owners: list[str]) -> list[UUID]:
        """Open one account per owner in a single save (one transaction)."""
        accounts = [Account(owner) for owner in owners]
        self.save(*accounts)
        return [account.id for account in accounts]

    def credit(self, account_id: UUID, amount_fen: int, times: int = 1) -> None:
        """Credit an account ``times`` times in one save."""
        account: Account = self.repository.get(account_id)
        for number in range(times):
            account.credit(amount_fen, memo=f"第{number + 1}笔 入账")
        self.save(account)


OWNERS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]


def populate(app: Ledger, accounts: int = 8, credits_per_account: int = 3) -> list[UUID]:
    """Single saves and batched saves, mixed: ``accounts * (1 + credits_per_account)`` events."""
    owners = [OWNERS[n % len(OWNERS)] + str(n) for n in range(accounts)]
    ids = app.open_accounts(owners[: accounts // 2])
    ids += [app.open_accounts([owner])[0] for owner in owners[accounts // 2 :]]
    for number, account_id in enumerate(ids):
        if number % 2:
            app.credit(account_id, 100 + number, times=credits_per_account)
        else:
            for _ in range(credits_per_account):
                app.credit(account_id, 100 + number)
    return ids
