"""To whom a report attributes a claim (armswatch.extract.attribution)."""

from __future__ import annotations

import pytest

from armswatch.extract.attribution import KINDS, Attribution, attributions
from tests.conftest import shared_path


def found(sentence: str) -> list[tuple[str, str, str]]:
    """(source, kind, text of the span) of every attribution in the sentence."""
    return [(a.source, a.kind, sentence[a.span[0] : a.span[1]]) for a in attributions(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ruritania is close to a deal, according to the defence ministry.",
         [("the defence ministry", "official", "according to the defence ministry")]),
        ("According to sources in Karvia, the navy will buy eight ships.",
         [("sources in Karvia", "unnamed", "According to sources in Karvia")]),
        ("The navy will buy eight ships, according to two people familiar with the talks.",
         [("two people familiar with the talks", "unnamed", "according to two people familiar with the talks")]),
        ("Officials said the talks were at an advanced stage.",
         [("Officials", "official", "Officials said")]),
        ("Sources said the contract would be signed in May.", [("Sources", "unnamed", "Sources said")]),
        ("The Ruritanian Ministry of Defence announced the purchase on Monday.",
         [("The Ruritanian Ministry of Defence", "official", "The Ruritanian Ministry of Defence announced")]),
        ("The Pentagon's Defense Security Cooperation Agency said the sale would not alter the balance.",
         [("The Pentagon's Defense Security Cooperation Agency", "official",
           "The Pentagon's Defense Security Cooperation Agency said")]),
        ("The ISPR confirmed that the jets were inducted.", [("The ISPR", "official", "The ISPR confirmed")]),
        ("President Valdor told reporters the deal was done.",
         [("President Valdor", "official", "President Valdor told")]),
        ("Freedonian media reported that the frigates had been delivered.",
         [("Freedonian media", "media", "Freedonian media reported")]),
        ("The Karvia Herald has reported that the deal is worth 640 million euros.",
         [("The Karvia Herald", "media", "The Karvia Herald has reported")]),
        ("The “Defence Courier” had previously reported on the negotiations.",
         [("Defence Courier", "media", "“Defence Courier” had previously reported")]),
        ("The deal was first reported by Reuters on Monday.",
         [("Reuters", "media", "was first reported by Reuters")]),
        ("As reported by the state news agency, the navy ordered four corvettes.",
         [("the state news agency", "media", "As reported by the state news agency")]),
        ("Reports carried by the Karvia Daily said the deal was signed.",
         [("the Karvia Daily", "media", "Reports carried by the Karvia Daily")]),
        ("Lockheed Martin confirmed it had received the order.",
         [("Lockheed Martin", "company", "Lockheed Martin confirmed")]),
        ("The manufacturer said deliveries would begin next year.",
         [("The manufacturer", "company", "The manufacturer said")]),
        ("Officials denied that any contract exists.", [("Officials", "denial", "Officials denied")]),
        ("The ministry dismissed the reports as speculation.",
         [("The ministry", "denial", "The ministry dismissed")]),
        ("It was reported that the first jets had arrived.", [("It was reported", "report", "It was reported")]),
        ("The report indicates that this deal will be the largest export contract.",
         [("The report", "report", "The report indicates")]),
        ("An official, who spoke on condition of anonymity, said the contract was signed.",
         [("An official", "unnamed", "An official, who spoke on condition of anonymity, said")]),
        ('"We need modern ships," said Defence Minister Anton Velik.',
         [("Defence Minister Anton Velik", "official", "said Defence Minister Anton Velik")]),
        ("The contract was signed last month, the newspaper said.",
         [("the newspaper", "media", "the newspaper said")]),
        ("The deal, sources in Karvia said, is worth 1.5 billion euros.",
         [("sources in Karvia", "unnamed", "sources in Karvia said")]),
        ("Officials at the defence ministry in Karvia said the deal was close.",
         [("Officials at the defence ministry in Karvia", "official",
           "Officials at the defence ministry in Karvia said")]),
        ("A spokesperson for the Freedonian defence ministry said the government supported the bid.",
         [("A spokesperson for the Freedonian defence ministry", "official",
           "A spokesperson for the Freedonian defence ministry said")]),
        ("Anton Velik, the defence minister, said the ships would come.",
         [("Anton Velik, the defence minister", "official", "Anton Velik, the defence minister, said")]),
    ],
)
def test_attribution_patterns(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(sentence) == expected


def test_outlet_quoting_a_source_gives_both():
    sentence = "The Karvia Daily quoted a senior navy official as saying that the ships would arrive in May."
    assert found(sentence) == [
        ("The Karvia Daily", "media", "The Karvia Daily quoted"),
        ("a senior navy official", "official", "a senior navy official as saying"),
    ]


def test_outlet_citing_sources_gives_both():
    sentence = "The newspaper cited sources in the defence ministry as saying the deal was close."
    assert found(sentence) == [
        ("The newspaper", "media", "The newspaper cited"),
        ("sources in the defence ministry", "unnamed", "sources in the defence ministry as saying"),
    ]


def test_two_attributions_in_one_sentence_in_order():
    sentence = "According to sources in Karvia, the “Naval Courier” has reported that the navy will buy ships."
    assert [(a.source, a.kind) for a in attributions(sentence)] == [
        ("sources in Karvia", "unnamed"),
        ("Naval Courier", "media"),
    ]
    first, second = attributions(sentence)
    assert first.span[1] <= second.span[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tensions persist, with sporadic incidents reported along the ceasefire line.",
        "The navy added four ships last year.",
        "Marlow Yards declined to comment on the negotiations.",
        "He said the deal was close.",
        "The minister refused to say whether the deal was signed.",
        "Ruritania signed a contract for twelve jets.",
        "The United States approved the sale.",
    ],
)
def test_no_attribution(sentence: str) -> None:
    assert attributions(sentence) == []


def test_verbs_are_not_capitalised_names():
    # "States" in "the United States said" is part of the name, not the verb
    assert found("The United States said the sale was approved.") == [
        ("The United States", "official", "The United States said")
    ]


def test_start_and_end_limit_the_search_and_spans_are_absolute():
    text = "Officials said the talks were over. Freedonian media reported that the ships had arrived."
    second = text.index("Freedonian")
    atts = attributions(text, second)
    assert [(a.source, a.kind) for a in atts] == [("Freedonian media", "media")]
    assert text[atts[0].span[0] : atts[0].span[1]] == "Freedonian media reported"
    assert [a.source for a in attributions(text, 0, second)] == ["Officials"]
    assert [a.source for a in attributions(text)] == ["Officials", "Freedonian media"]


def test_results_are_frozen_with_known_kinds():
    atts = attributions("Sources said so. The ministry denied it. Reuters reported it. It was reported that.")
    assert all(isinstance(a, Attribution) and a.kind in KINDS for a in atts)
    with pytest.raises(AttributeError):
        atts[0].source = "x"  # type: ignore[misc]


def test_seed_report_attributions():
    """The seed report: its second paragraph cites sources in Islamabad and the Aviation Syndicate, and a later
    sentence Azerbaijani media (the text stays outside the repository)."""
    text = shared_path("seeds", "000_89d1d07de7d15ed4.txt").read_text(encoding="utf-8")
    atts = attributions(text)
    by_source = {a.source: a for a in atts}
    for source, kind, phrase in [
        ("sources in Islamabad", "unnamed", "According to sources in Islamabad"),
        ("Aviation Syndicate", "media", "“Aviation Syndicate” has reported"),
        ("Azerbaijani media", "media", "Azerbaijani media had previously reported"),
    ]:
        assert source in by_source, (source, [a.source for a in atts])
        att = by_source[source]
        assert att.kind == kind
        assert text[att.span[0] : att.span[1]] == phrase
        assert source in text[att.span[0] : att.span[1]]
    # the second paragraph holds the first two, in that order
    second_paragraph = text.split("\n\n")[1]
    para_start = text.index(second_paragraph)
    in_para = attributions(text, para_start, para_start + len(second_paragraph))
    assert [a.source for a in in_para] == ["sources in Islamabad", "Aviation Syndicate"]
    # "incidents reported along the ceasefire line" is no attribution
    assert not any("incidents" in a.source for a in atts)
