"""Inclusion and consistency proofs from the store's sealed log, as response models."""

from __future__ import annotations

from typing import Any

from api.errors import InvalidParameter, ResourceNotFound
from api.schemas.integrity import ConsistencyOut
from api.schemas.timeline import InclusionOut


class Prover:
    """Proofs against one tree size of one store (the root is read once)."""

    def __init__(self, recorder: Any, tree_size: int | None = None) -> None:
        self.recorder = recorder
        current = int(recorder.tree_size())
        if tree_size is not None and not 0 <= tree_size <= current:
            raise InvalidParameter("tree_size", f"must be between 0 and {current}")
        self.tree_size = current if tree_size is None else tree_size
        self.root = bytes(recorder.root(self.tree_size)).hex()

    def inclusion(self, position: int) -> InclusionOut | None:
        """The proof for the event at this log position; None if it is not in the tree."""
        leaf = self.recorder.leaf_for_notification(position)
        if leaf is None or leaf.leaf_index >= self.tree_size:
            return None
        path = self.recorder.inclusion_proof(leaf.leaf_index, self.tree_size)
        return InclusionOut(position=position, leaf_index=leaf.leaf_index,
                            tree_size=self.tree_size, leaf_hash=leaf.leaf_hash.hex(),
                            root_hash=self.root, proof=[bytes(h).hex() for h in path])

    def required_inclusion(self, position: int) -> InclusionOut:
        """The proof for this position, or 404 when no sealed event has it."""
        found = self.inclusion(position)
        if found is None:
            raise ResourceNotFound("sealed event at position", str(position))
        return found


def consistency(recorder: Any, first: int, second: int | None) -> ConsistencyOut:
    """Proof that the tree of ``first`` leaves is a prefix of the tree of ``second``."""
    current = int(recorder.tree_size())
    newer = current if second is None else second
    if not 0 <= newer <= current:
        raise InvalidParameter("second", f"must be between 0 and {current}")
    if first > newer:
        raise InvalidParameter("first", f"must not exceed second ({newer})")
    path = recorder.consistency_proof(first, newer)
    return ConsistencyOut(first=first, second=newer, first_root=bytes(recorder.root(first)).hex(),
                          second_root=bytes(recorder.root(newer)).hex(),
                          proof=[bytes(h).hex() for h in path])
