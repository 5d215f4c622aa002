"""Near-duplicate Chinese notes: character bigram shingles, MinHash signatures and LSH band keys
(``datasketch``) to find candidates, ``rapidfuzz`` to confirm a pair.

Two notes are compared after :func:`normalise` (letters and digits only: punctuation, spaces
and symbols go, so re-punctuating a copy does not hide it). Candidates are notes sharing at least
one band key; a band key hashes ``ROWS`` consecutive MinHash values together with a scope (the
cadre), so only one cadre's notes are ever compared with each other. The exact arithmetic is
a stored contract of the ``signals`` view: changing it needs ``ledger project --rebuild
signals``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
from datasketch import MinHash  # type: ignore[import-untyped]  # ships no type hints
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

PERMUTATIONS = 48
BANDS = 16
ROWS = PERMUTATIONS // BANDS
MINHASH_SEED = 20161201
SHINGLE = 2
MIN_INDEXED_CHARS = 20
"""Notes shorter than this (normalised) are stock phrases and never indexed."""
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9][:ROWS],
                        dtype=np.uint64)
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)
PAIR_FLOOR = 0.8
"""Pairs at least this alike are kept by the projection; the configured threshold is applied
when signals are read, so it may be raised freely but not lowered below this floor."""
_CLAUSES = re.compile(r"[，。；、！？,.;!?：:\s]+")
_NOT_WORD = re.compile(r"[\W_]+")
_DATES = re.compile(r"(\d{4}年)?\d{1,2}月\d{1,2}[日号]")


def normalise(text: str) -> str:
    """Letters and digits only, full-width folded to half-width (NFKC), dates such as 3月5日
    left out (a copy moved to another day is still a copy)."""
    return _NOT_WORD.sub("", _DATES.sub("", unicodedata.normalize("NFKC", text)))


def shingles(normal: str) -> set[bytes]:
    """The character bigrams of a normalised note (the note itself if shorter)."""
    if len(normal) <= SHINGLE:
        return {normal.encode()}
    return {normal[i:i + SHINGLE].encode() for i in range(len(normal) - SHINGLE + 1)}


@cache
def _hasher() -> MinHash:
    """One MinHash reused for every note (its permutations are fixed by the seed)."""
    return MinHash(num_perm=PERMUTATIONS, seed=MINHASH_SEED, hashfunc=zlib.crc32)


def signatures(normals: Sequence[str]) -> list[np.ndarray]:
    """MinHash signatures of normalised notes (CRC-32 of each bigram, then the permutations)."""
    hasher, found = _hasher(), []
    for normal in normals:
        hasher.clear()
        hasher.update_batch(shingles(normal))
        found.append(hasher.hashvalues.copy())
    return found


@cache
def _scope_mix(scope: str) -> int:
    return int.from_bytes(hashlib.blake2b(scope.encode(), digest_size=8).digest(), "big")


def band_keys(scope: str, signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band: a multiply-add hash (mod 2^64) of the band's values,
    the band number and the scope, so equal keys mean equal band values in one scope."""
    return [int(v) for v in band_key_rows([scope], np.asarray([signature]))[0]]


def band_key_rows(scopes: Sequence[str], signatures: np.ndarray) -> np.ndarray:
    """:func:`band_keys` of many notes at once: an (notes × BANDS) array of int64."""
    bands = signatures.astype(np.uint64).reshape(len(scopes), BANDS, ROWS)
    mixes = np.array([_scope_mix(s) for s in scopes], dtype=np.uint64)[:, None]
    with np.errstate(over="ignore"):
        mixed = (bands * _MULTIPLIERS).sum(axis=2, dtype=np.uint64) + _BAND_SALT + mixes
    return mixed.view(np.int64)


def similarity(a: str, b: str) -> float:
    """How alike two notes in :func:`clause_form` are (0-1): the better of the character ratio
    of their normalised text and the ratio with clauses sorted (a copy reordered)."""
    plain = Indel.normalized_similarity(a.replace(" ", ""), b.replace(" ", ""))
    return max(plain, fuzz.token_sort_ratio(a, b) / 100.0)


def clause_form(text: str) -> str:
    """A note's clauses, each normalised, separated by spaces (for :func:`similarity`)."""
    return " ".join(normalise(part) for part in _CLAUSES.split(text) if normalise(part))


def pairs_within(keys: Iterable[tuple[str, Sequence[int]]]) -> set[tuple[str, str]]:
    """Candidate pairs (by note id) among notes whose band keys collide."""
    buckets: dict[int, list[str]] = {}
    for note, note_keys in keys:
        for key in note_keys:
            buckets.setdefault(key, []).append(note)
    found: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                if first != second:
                    found.add((min(first, second), max(first, second)))
    return found
