"""``/v1/integrity``: the latest signed checkpoint, proofs, and a full verification (all public).

A broken log is an answer: ``/v1/integrity/verify`` returns 200 with ``ok: false`` and the
problems found. Verification reads the whole store, so one run at a time is shared by
concurrent callers and its report reused for a few seconds (``verified_at`` says when).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api import replies
from api.auth import Reach
from api.deps import PrincipalDep, ResourcesDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.proofs import Prover, consistency
from api.schemas.integrity import ConsistencyOut, InclusionOut, VerificationOut
from api.verification import verification_report

router = APIRouter(prefix="/v1/integrity", tags=["integrity"])
TEXT = "text/plain; charset=utf-8"
Size = Annotated[int, Query(ge=0, le=2**62, description="Tree size · 树大小")]


@router.get("/checkpoint", response_class=Response, responses={
    200: {"description": "The signed note (C2SP signed-note / tlog-checkpoint) · 签名检查点",
          "content": {"text/plain": {"schema": {"type": "string"}}}}, **problems(404)},
    summary="Latest signed checkpoint · 最新签名检查点")
async def checkpoint(request: Request, resources: ResourcesDep) -> Response:
    """The latest stored checkpoint: origin, tree size, root, and its signatures, as text."""
    rows = resources.recorder.select_checkpoints()
    if not rows:
        raise ResourceNotFound("checkpoint", "latest")
    return replies.conditional(request, rows[-1].note.encode(), TEXT)


@router.get("/inclusion", response_model=InclusionOut, responses=problems(404),
            summary="Inclusion proof · 包含证明")
async def inclusion(
    request: Request, resources: ResourcesDep, db: ViewsDep, principal: PrincipalDep,
    position: Annotated[int, Query(ge=1, le=2**62, description="Log position of the event "
                                   "(notification id) · 日志位置")],
    tree_size: Annotated[int | None, Query(ge=0, le=2**62, description="Tree size (default: "
                                           "current) · 树大小")] = None,
) -> Response:
    """The audit path from the event's leaf to the root of the tree of ``tree_size`` leaves."""
    proof = Prover(resources.recorder, tree_size).required_inclusion(position)
    return replies.detail(request, principal, db, proof, reach=Reach.PUBLIC, subject="proof")


@router.get("/consistency", response_model=ConsistencyOut, responses=problems(),
            summary="Consistency proof · 一致性证明")
async def consistency_proof(
    request: Request, resources: ResourcesDep, db: ViewsDep, principal: PrincipalDep,
    first: Size,
    second: Annotated[int | None, Query(ge=0, le=2**62, description="Newer tree size (default:"
                                        " current) · 新树大小")] = None,
) -> Response:
    """Proof that the tree of ``first`` leaves is a prefix of the tree of ``second`` leaves."""
    proof = consistency(resources.recorder, first, second)
    return replies.detail(request, principal, db, proof, reach=Reach.PUBLIC, subject="proof")


@router.get("/verify", response_model=VerificationOut, responses=problems(),
            summary="Verify the whole log · 完整性校验")
def verify(request: Request, resources: ResourcesDep, db: ViewsDep,
           principal: PrincipalDep) -> Response:
    """Recompute every leaf, link, node and checkpoint; 200 with the report even when broken."""
    report = VerificationOut.model_validate(verification_report(resources))
    return replies.detail(request, principal, db, report, reach=Reach.PUBLIC, subject="verify")
