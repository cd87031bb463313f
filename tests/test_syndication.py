"""Copies of one story are found, different stories are not (armswatch.syndication)."""

from __future__ import annotations

import itertools
import random
import sqlite3

import numpy as np
import pytest
from datasketch import MinHash

from armswatch import syndication
from armswatch.syndication import (
    MIN_WORDS,
    NUM_PERM,
    SIGNATURE_BYTES,
    CopyIndex,
    normalise,
    shingles,
    signature,
    similarity,
    to_minhash,
    word_count,
)

# An invented report (about 300 words): the countries, firms and people do not exist.
ARTICLE = """KARVIA, March 3 (Northwire) - Ruritania is close to finalising a deal to buy eight offshore patrol vessels
from the Freedonian shipbuilder Marlow Yards, according to two officials familiar with the talks.

The contract, valued at about 640 million euros, would be the largest naval purchase in the country's history and
would replace a fleet of ageing corvettes that entered service in the late 1970s. The first two ships would be
built in Freedonia, while the remaining six would be assembled at the state-owned Karvia Naval Dockyard under a
technology transfer arrangement, the officials said.

Defence Minister Anton Velik told parliament last week that the navy needed modern ships to patrol the country's
exclusive economic zone, where illegal fishing and smuggling have increased sharply in recent years. He did not
mention Marlow Yards by name, but said a decision would be taken "within weeks" after a competition that also
included shipyards from two other countries.

Marlow Yards declined to comment on the negotiations. A spokesperson for the Freedonian defence ministry said the
government supported the bid and had approved an export licence in principle, although the final terms were still
being discussed with the buyer.

Analysts said the deal would also include spare parts, crew training and a ten-year maintenance package, which
could add another 150 million euros to the total cost over the life of the ships. Ruritania has been seeking to
diversify its suppliers after delays in the delivery of two frigates ordered from a different builder in 2015.

The vessels are expected to be armed with a 76 mm main gun, two remotely operated cannons and a helicopter deck
large enough for a medium transport helicopter. Each ship would carry a crew of about sixty sailors and could stay
at sea for up to three weeks without resupply, according to a brochure published by the builder.

If the contract is signed this spring, the first ship could be delivered in 2027, the officials added."""

# The same story as an aggregator carries it: a different first line and an extra last paragraph.
COPY = (
    "(MENAFN- Khaama Press) Ruritania is close to finalising a deal to buy eight offshore patrol vessels\n"
    + ARTICLE.split("\n", 1)[1]
    + "\n\nRead more at Khaama Press. Copyright 2025 Khaama Press, all rights reserved."
)

# Another story on the same topic: same names and numbers, different sentences.
OTHER = """Marlow Yards has emerged as the front-runner in Ruritania's competition for new offshore patrol vessels,
industry sources say, after rival shipyards failed to match its offer of local assembly at Karvia.

Freedonia's government is backing the shipbuilder, whose order book has thinned since 2020. An export licence
was approved in principle in January, and Defence Minister Anton Velik is said to favour the Freedonian design,
which he inspected during a visit to the yard last autumn.

The eight ships would cost roughly 640 million euros. Six of them would be built at Karvia Naval Dockyard, giving
the state-owned yard its first large project in a decade and keeping about 1,200 workers employed. Unions at
the dockyard have lobbied for the deal for months, warning that without new orders the yard could close by 2026.

Critics in parliament question whether the navy can afford to crew eight vessels when it struggles to keep its
corvettes at sea. They also point to the troubled frigate programme of 2015, which is years behind schedule and
has cost far more than planned. A committee hearing on naval spending is scheduled for next month.

Neither the ministry nor the shipbuilder would confirm the timing of a contract. Officials have previously said
that the first patrol vessel could reach the fleet in 2027, with the rest following at a rate of one a year,
and that the ten-year maintenance package would be negotiated separately from the purchase itself."""


def test_invented_texts_have_the_intended_size():
    assert 280 <= len(normalise(ARTICLE)) <= 340
    assert len(normalise(OTHER)) >= 200


def test_normalisation_ignores_case_punctuation_and_whitespace():
    assert normalise("Pakistan's  JF-17\n\n“Thunder”, ROLLS!") == ["pakistans", "jf", "17", "thunder", "rolls"]
    assert signature("The Deal, signed -- in Karvia!  Today.") == signature("the deal signed in karvia today")


def test_shingles_are_word_five_grams():
    words = ["a", "b", "c", "d", "e", "f"]
    assert shingles(words) == {b"a b c d e", b"b c d e f"}
    assert list(shingles(["a", "b"])) == [b"a b"]
    assert list(shingles([])) == []


def test_signature_round_trips_through_bytes_and_a_blob():
    sig = signature(ARTICLE)
    assert isinstance(sig, bytes)
    assert len(sig) == SIGNATURE_BYTES == (1 + NUM_PERM) * 4
    assert word_count(sig) == len(normalise(ARTICLE))
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE a (sig BLOB)")
        db.execute("INSERT INTO a VALUES (?)", (sig,))
        (stored,) = db.execute("SELECT sig FROM a").fetchone()
    assert stored == sig
    assert similarity(stored, sig) == 1.0
    # the bytes are the datasketch MinHash of the 5-shingles
    direct = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=syndication._crc32)
    direct.update_batch(shingles(normalise(ARTICLE)))
    assert np.array_equal(to_minhash(stored).hashvalues, direct.hashvalues)
    assert to_minhash(stored).jaccard(to_minhash(signature(COPY))) == similarity(stored, signature(COPY))


def test_signature_is_deterministic():
    assert signature(ARTICLE) == signature(ARTICLE)
    assert signature(ARTICLE) != signature(OTHER)


def test_bad_signature_is_rejected():
    with pytest.raises(ValueError, match="signature"):
        similarity(b"\x00" * 10, signature(ARTICLE))


def test_syndicated_copy_is_similar_and_a_different_story_is_not():
    assert similarity(signature(ARTICLE), signature(COPY)) > 0.8
    assert similarity(signature(ARTICLE), signature(OTHER)) < 0.2
    assert similarity(signature(COPY), signature(OTHER)) < 0.2


def test_index_finds_the_copy_and_not_the_other_story():
    index = CopyIndex()
    index.add("original", signature(ARTICLE))
    assert len(index) == 1 and "original" in index
    found = index.original_of("copy", signature(COPY))
    assert found is not None
    key, sim = found
    assert key == "original" and sim > 0.8
    assert index.original_of("other", signature(OTHER)) is None


def test_index_never_links_an_article_to_itself():
    index = CopyIndex()
    index.add("original", signature(ARTICLE))
    assert index.original_of("original", signature(ARTICLE)) is None
    index.add("copy", signature(COPY))
    assert index.original_of("original", signature(ARTICLE))[0] == "copy"


def test_index_prefers_the_closest_then_the_earliest():
    index = CopyIndex()
    index.add("first", signature(ARTICLE))
    index.add("second", signature(ARTICLE))  # an identical copy added later
    index.add("aggregated", signature(COPY))
    assert index.original_of("new", signature(ARTICLE)) == ("first", 1.0)


def test_readding_a_key_replaces_its_signature():
    index = CopyIndex()
    index.add("a", signature(OTHER))
    index.add("a", signature(ARTICLE))
    assert len(index) == 1
    assert index.original_of("copy", signature(COPY))[0] == "a"
    assert index.original_of("x", signature(OTHER)) is None


def test_short_texts_are_never_linked():
    short = "Ruritania signed a deal for eight patrol vessels from Marlow Yards, officials said on Monday."
    assert len(normalise(short)) < MIN_WORDS
    index = CopyIndex()
    index.add("short", signature(short))
    assert len(index) == 0
    assert index.original_of("again", signature(short)) is None
    index.add("long", signature(ARTICLE))
    assert index.original_of("short", signature(short)) is None


def test_threshold_is_validated():
    with pytest.raises(ValueError):
        CopyIndex(threshold=0.0)
    with pytest.raises(ValueError):
        CopyIndex(threshold=1.5)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ka", "ro", "mi", "tu", "le", "san", "dor", "vi", "ne", "pa", "shi", "gan", "ur", "bel", "to"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(size * 3)}
    return sorted(words)[:size]


def _syndicate(text: str, rng: random.Random) -> str:
    """An aggregator's copy: its own header, a footer and a small edit."""
    words = text.split()
    words[rng.randrange(10, len(words) - 10)] = "reportedly"
    return "(MENAFN- Wire Service) " + " ".join(words) + " Read more at Wire Service."


def test_many_articles_stay_fast_and_copies_are_still_found():
    rng = random.Random(20250303)
    vocab = _vocabulary(rng, 2000)
    # a skewed distribution (some words very common) so that unrelated articles share plenty of words
    cum_weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocab))))
    articles = [" ".join(rng.choices(vocab, cum_weights=cum_weights, k=rng.randint(300, 600))) for _ in range(5000)]
    index = CopyIndex()
    for i, text in enumerate(articles):
        index.add(f"a{i}", signature(text))
    assert len(index) == 5000
    picked = rng.sample(range(len(articles)), 100)
    for i in picked:
        found = index.original_of(f"c{i}", signature(_syndicate(articles[i], rng)))
        assert found is not None and found[0] == f"a{i}", i
    fresh = [" ".join(rng.choices(vocab, cum_weights=cum_weights, k=300)) for _ in range(300)]
    assert all(index.original_of(f"n{i}", signature(text)) is None for i, text in enumerate(fresh))
