"""Chinese labels for the stored enum values that pages show: the ledger's one vocabulary."""

from __future__ import annotations

from ledger.domain.vocabulary import (
    ACTION,
    CATEGORY,
    CAUSE,
    CHANNEL,
    EXIT_STAGE,
    FINDING_STATUS,
    HEALTH,
    INCOME_SOURCE,
    INDICATOR,
    PROGRAMME,
    ROLE,
    STATUS,
    VOCABULARIES,
    zh,
)

__all__ = ["ACTION", "CATEGORY", "CAUSE", "CHANNEL", "EXIT_STAGE", "FINDING_STATUS", "HEALTH",
           "INCOME_SOURCE", "INDICATOR", "PROGRAMME", "ROLE", "STATUS", "VOCABULARIES", "zh"]
