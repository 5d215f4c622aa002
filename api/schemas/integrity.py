"""The integrity log (防篡改日志): proofs, verification reports (all public)."""

from __future__ import annotations

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel
from api.schemas.timeline import InclusionOut

__all__ = ["ConsistencyOut", "InclusionOut", "ProblemFoundOut", "VerificationOut"]


class ConsistencyOut(OutModel):
    """An RFC 9162 consistency proof (一致性证明): tree ``first`` is a prefix of ``second``."""

    first: Public[int] = Field(description="Older tree size · 旧树大小")
    second: Public[int] = Field(description="Newer tree size · 新树大小")
    first_root: Public[str] = Field(description="Root of the older tree (hex) · 旧根")
    second_root: Public[str] = Field(description="Root of the newer tree (hex) · 新根")
    proof: Public[list[str]] = Field(description="Proof hashes (hex) · 证明路径")


class ProblemFoundOut(OutModel):
    """One thing that does not hold (问题), where, expected and calculated."""

    kind: Public[str] = Field(description="altered / missing / inserted / reordered / forked "
                              "/ root_mismatch / node_mismatch / ... · 问题类型")
    message: Public[str] = Field(description="What does not hold · 说明")
    leaf_index: Public[int | None] = None
    notification_id: Public[int | None] = None
    tree_size: Public[int | None] = None
    expected: Public[str | None] = None
    calculated: Public[str | None] = None


class VerificationOut(OutModel):
    """A full verification of the store (完整性校验); a broken log is an answer, not an error."""

    ok: Public[bool] = Field(description="Every check held · 全部通过")
    tree_size: Public[int] = Field(description="Sealed leaves · 已封存叶子数")
    event_count: Public[int] = Field(description="Events read · 事件数")
    root_hash: Public[str] = Field(description="Root (hex) · 根哈希")
    checkpoints_checked: Public[int] = Field(description="Checkpoints checked · 检查点数")
    problem_count: Public[int] = Field(description="Problems · 问题数")
    problems_truncated: Public[bool] = Field(description="Only the first problems are listed")
    first_problem: Public[ProblemFoundOut | None] = None
    problems: Public[list[ProblemFoundOut]] = Field(default_factory=list)
    verified_at: Public[str] = Field(description="When this check ran (UTC) · 校验时间")
    verifier_keys: Public[int] = Field(description="Signer keys known to this server · 公钥数")
