"""Status from modality and hedges, not keywords (armswatch.extract.status)."""

from __future__ import annotations

import pytest

from armswatch.extract.status import combine, find_cues, find_hedges


def stage(text: str, year: int | None = None) -> str | None:
    cue = combine(find_cues(text, year=year), has_deal_noun=False)
    return cue.stage if cue else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ruritania signed a contract for twelve jets.", "signed"),
        ("Ruritania is on the verge of signing a contract for twelve jets.", "negotiating"),
        ("The deal has not been finalized yet.", "negotiating"),
        ("Ruritania is expected to sign the contract next month.", "negotiating"),
        ("Talks on the purchase are under way.", "negotiating"),
        # a type selected is a contract to negotiate, not one signed
        ("Freedonia has selected the Ruritanian howitzer and will buy 24 units.", "negotiating"),
        ("The State Department approved the possible sale.", "approved"),
        ("This does not mean that a contract has been signed.", "negotiating"),
        ("The first jets were delivered in March.", "delivered"),
        ("The jets will be delivered from next year.", "signed"),
        ("Ruritania has begun delivering the launchers.", "delivered"),
        ("Ruritania is eyeing the jets.", "rumoured"),
        ("It has also looked at the Ruritanian jets.", "rumoured"),
        ("Ruritania's air force received 36 jets under the deal.", "delivered"),
        ("Ruritania has received two more jets.", "delivered"),
        ("The Freedonian Navy received its second Ruritanian-built frigate.", "delivered"),
        # a sale made is signed; a delivery to come presumes a contract; one under way is a delivery
        ("Ruritania sold the launchers to Freedonia.", "signed"),
        ("Ruritania has supplied drones to Freedonia.", "delivered"),
        ("The drones will be supplied next year.", "signed"),
        ("Freedonia is buying 12 trainers from Ruritania for about $350 million.", "signed"),
        # a gift made is delivered; one promised presumes the decision to give; a pledge is an authorisation
        ("Ruritania donated four patrol boats to Freedonia last year.", "delivered"),
        # a navy that commissions a ship has it; one that commissions a yard to build one has ordered it
        ("Freedonia's navy commissioned the second of four Ruritanian frigates.", "delivered"),
        ("The ministry commissioned Ruritania Yards to build four corvettes.", "signed"),
        ("Ruritania gifted two transport aircraft to Freedonia.", "delivered"),
        ("Ruritania will donate 18 jets to Freedonia.", "signed"),
        ("Ruritania has pledged 40 infantry fighting vehicles to Freedonia.", "approved"),
        # the agency that notifies a foreign military sale announces an approval
        ("The package includes 40 missiles worth $400 million, the DSCA said.", "approved"),
        ("The launchers could be sold to Freedonia.", "negotiating"),
        ("Freedonia will receive the first of five batteries next year.", "signed"),
        ("The Freedonian navy will take delivery of a landing dock from Ruritania in 2023.", "signed"),
        ("The Freedonian navy is taking delivery of the landing docks.", "delivered"),
        ("Freedonia's air force has taken the fighters into its inventory.", "delivered"),
        ("The minister confirmed that deliveries had begun.", "delivered"),
        ("Components of the first regiment have been arriving by sea.", "delivered"),
        ("Freedonia is receiving the launchers in batches.", "delivered"),
        ("Freedonia hopes to receive approval for the purchase.", "negotiating"),
        ("The air corps added two Ruritanian transports to its fleet.", "delivered"),
        # an order or a contract received is signed, not delivered
        ("The maker had received an additional order from Ruritania.", "signed"),
        ("The maker has received a $570 million contract for the launchers.", "signed"),
        ("Officials denied that any contract exists.", "cancelled"),
        ("The order was cancelled last week.", "cancelled"),
        ("The minister followed the signing remotely after he called off his trip to Ruritania.", None),
        ("The navy cancelled a planned exercise with the new frigates.", None),
        ("Ruritania bought the jets despite its meddling, an accusation it has denied.", "signed"),
        ("They signed a memorandum of understanding on the jets.", "negotiating"),
        ("The ministry signed offset agreements with the maker.", None),
        ("The US Army will lend its own helicopters until the new ones are delivered.", None),
    ],
)
def test_stage_from_modality(sentence, expected):
    assert stage(sentence) == expected


def test_agreement_alone_is_not_a_cue_but_a_deal_noun_defaults_to_signed():
    assert find_cues("This agreement is a testament to mutual trust.") == []
    assert combine([], has_deal_noun=True).stage == "signed"
    assert combine([], has_deal_noun=False) is None


def test_most_advanced_stage_wins_and_cancellation_overrides():
    text = "Talks began in 2022. The contract was signed in 2023. The first jets were delivered this year."
    assert stage(text) == "delivered"
    assert stage("The contract was signed in 2023. It was later cancelled.") == "cancelled"


def test_delivery_dated_after_the_report_is_a_promise():
    assert stage("Deliveries begin in 2027.", year=2025) == "signed"


def test_cue_span_points_at_the_words():
    text = "Poland has signed a contract."
    (cue,) = find_cues(text)
    assert text[cue.start:cue.end] == "signed"


def test_hedges_are_collected():
    text = "According to sources in Islamabad, the deal, if confirmed, would be the largest; it reportedly covers jets."
    hedges = find_hedges(text, 0, len(text))
    assert "if confirmed" in hedges
    assert "reportedly" in hedges
    assert any(h.startswith("According to sources in Islamabad") for h in hedges)
