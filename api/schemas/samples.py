"""Spot-check samples (抽样): the frame, the seed commitment and the draw of each round."""

from __future__ import annotations

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class SampleOut(OutModel):
    """A round's sample as the log holds it; redraw it with docs/sampling.md."""

    round: Public[str] = Field(description="Round code · 巡察轮次")
    year: Public[int | None] = Field(None, description="Year of the commitment · 年度")
    commit_ref: Public[str | None] = Field(None, description="Commitment event · 承诺事件")
    commit_position: Public[int | None] = Field(None, description="Its log position")
    committed_at: Public[str | None] = Field(None, description="Committed at (UTC)")
    seed_commitment: Public[str | None] = Field(None, description="SHA-256 of the seed")
    frame_sha256: Public[str | None] = Field(None, description="SHA-256 of the frame's bytes "
                                             "(empty for rounds before frames were recorded)")
    frame: Public[list[str]] = Field(default_factory=list,
                                     description="Canonical frame lines · 抽样框")
    draw_ref: Public[str | None] = Field(None, description="Draw event · 抽样事件")
    draw_position: Public[int | None] = Field(None, description="Its log position")
    drawn_at: Public[str | None] = Field(None, description="Drawn at (UTC)")
    seed: Public[str | None] = Field(None, description="The revealed seed · 种子")
    size: Public[int | None] = Field(None, description="Sample size · 样本量")
    households: Public[list[str]] = Field(default_factory=list, description="Drawn households")
