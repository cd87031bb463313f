"""Syndication: copies of one story never count as independent sources.

News about arms deals is heavily syndicated: one agency story reappears on aggregators (MENAFN, Devdiscourse,
...) with the outlet's own header ("(MENAFN- Khaama Press)"), footer ("Read more at ...") and small edits. Each
article gets a MinHash signature over word 5-shingles of its normalised text (lowercase, punctuation stripped,
whitespace folded); two articles whose estimated Jaccard similarity is at least 0.8 are copies of one story.

A signature is a compact byte string the store can keep in a BLOB: ``1 + NUM_PERM`` little-endian uint32 values,
the word count of the normalised text followed by the datasketch MinHash (``affine32`` scheme, fixed seed) hash
values -- 516 bytes. The word count travels with the hash values because texts shorter than ``MIN_WORDS`` words
are never linked as copies: a handful of shingles makes the estimate meaningless (two one-line captions can
agree by chance).

:class:`CopyIndex` keeps signatures in a datasketch ``MinHashLSH``. The LSH only proposes candidates; it is built
for a lower threshold (``threshold - 0.25``) so that it misses almost no pair at the copy threshold (recall
> 0.99 at Jaccard 0.8, where an LSH tuned to 0.8 itself finds only about 40 % of the pairs), and every candidate
is then checked against the copy threshold with the estimated similarity.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5  # words per shingle
MIN_WORDS = 30  # shorter texts are never linked as copies
SEED = 1  # fixed: signatures from different runs must stay comparable
SCHEME = "affine32"
_DTYPE = np.dtype("<u4")
SIGNATURE_BYTES = (1 + NUM_PERM) * _DTYPE.itemsize
CANDIDATE_MARGIN = 0.25  # the LSH proposes pairs down to threshold - margin; similarity decides

_APOSTROPHE = re.compile(r"[\u0027\u2018\u2019\u02bc`´]")
_PUNCT = re.compile(r"[^\w\s]|_")

_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)  # permutations generated once


def normalise(text: str) -> list[str]:
    """The words of ``text``: NFKC, lowercase, apostrophes dropped ("Pakistan's" -> "pakistans"), other
    punctuation turned into spaces, whitespace folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHE.sub("", text)
    return _PUNCT.sub(" ", text).split()


def shingles(words: list[str], size: int = SHINGLE) -> Iterable[bytes]:
    """Word ``size``-shingles (the whole text as one shingle when it is shorter than ``size`` words)."""
    if not words:
        return []
    if len(words) < size:
        return [" ".join(words).encode("utf-8")]
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


def _minhash(words: list[str]) -> MinHash:
    # CRC-32 as the shingle hash: deterministic across runs and several times cheaper than SHA-1
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=SCHEME, hashfunc=_crc32)
    mh.update_batch(shingles(words))
    return mh


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes (word count + NUM_PERM hash values, uint32 little-endian)."""
    words = normalise(text)
    mh = _minhash(words)
    out = np.empty(1 + NUM_PERM, dtype=_DTYPE)
    out[0] = min(len(words), int(np.iinfo(np.uint32).max))
    out[1:] = mh.hashvalues
    return out.tobytes()


def _decode(sig: bytes) -> tuple[int, np.ndarray]:
    """(word count, hash values) of a signature made by :func:`signature`."""
    if len(sig) != SIGNATURE_BYTES:
        raise ValueError(f"not a syndication signature: {len(sig)} bytes, expected {SIGNATURE_BYTES}")
    arr = np.frombuffer(sig, dtype=_DTYPE)
    return int(arr[0]), arr[1:]


def word_count(sig: bytes) -> int:
    """Words in the normalised text the signature was made from."""
    return _decode(sig)[0]


def to_minhash(sig: bytes) -> MinHash:
    """The datasketch MinHash a signature stands for (for use with other datasketch indexes)."""
    _, values = _decode(sig)
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values.astype(np.uint32),
                   permutations=_TEMPLATE.permutations, scheme=SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the 5-shingle sets behind two signatures."""
    _, va = _decode(a)
    _, vb = _decode(b)
    return float(np.count_nonzero(va == vb)) / NUM_PERM


def linkable(sig: bytes) -> bool:
    """Whether the text is long enough to be linked as a copy (at least ``MIN_WORDS`` words)."""
    return word_count(sig) >= MIN_WORDS


class CopyIndex:
    """In-memory LSH index (datasketch MinHashLSH, threshold 0.8) over stored signatures.

    ``add`` the signatures of known articles (e.g. loaded from the store), then ask ``original_of`` for a new
    one: the indexed article it copies, if any. Signatures of short texts (< ``MIN_WORDS`` words) are accepted
    but never indexed nor matched.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=max(threshold - CANDIDATE_MARGIN, 0.1), num_perm=NUM_PERM)
        self._values: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}  # insertion rank: ties go to the earlier article
        self._added = 0

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def add(self, key: str, sig: bytes) -> None:
        """Index ``sig`` under ``key`` (replacing an earlier signature of the same key)."""
        count, values = _decode(sig)
        if key in self._values:
            self._lsh.remove(key)
            del self._values[key]
        if count < MIN_WORDS:
            return
        self._lsh.insert(key, self._lean(values), check_duplication=False)
        self._values[key] = values
        self._order.setdefault(key, self._added)
        self._added += 1

    def original_of(self, key: str, sig: bytes) -> tuple[str, float] | None:
        """The indexed article (other than ``key``) that this one copies -- the highest similarity at or above
        the threshold, the earliest added on a tie -- with that similarity; None when there is none."""
        count, values = _decode(sig)
        if count < MIN_WORDS or not self._values:
            return None
        best: tuple[float, int, str] | None = None
        for other in self._lsh.query(self._lean(values)):
            if other == key:
                continue
            sim = float(np.count_nonzero(self._values[other] == values)) / NUM_PERM
            if sim < self.threshold:
                continue
            rank = (sim, -self._order[other], other)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return (best[2], best[0]) if best else None

    @staticmethod
    def _lean(values: np.ndarray) -> LeanMinHash:
        return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
