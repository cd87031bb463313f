"""The rule-path extractor on short reports written for these tests: roles, fleets, mediators, counts, values,
salience and spans (armswatch.extract.pipeline)."""

from __future__ import annotations

from armswatch.models import Article


def deals(extractor, text: str, title: str | None = None, published: str | None = "2024-05-01") -> list:
    return extractor.extract(Article(text=text, title=title, published=published))


def triples(ms) -> set[tuple]:
    return {(m.supplier, m.recipient, m.system) for m in ms}


def test_x_sells_to_y(extractor):
    ms = deals(extractor, "Pakistan has agreed to sell 12 JF-17 fighters to Nigeria in a deal worth $300 million.")
    assert triples(ms) == {("PAK", "NGA", "JF-17")}
    (m,) = ms
    assert m.quantity == 12
    assert (m.value_amount, m.value_currency) == (300e6, "USD")
    assert m.status == "signed"


def test_y_buys_from_x_and_spans_point_at_the_words(extractor):
    text = "Egypt has ordered 24 Rafale jets from France, the defence ministry said."
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient, m.system) == ("FRA", "EGY", "Rafale")
    assert text[slice(*m.spans["supplier"])] == "France"
    assert text[slice(*m.spans["recipient"])] == "Egypt"
    assert text[slice(*m.spans["system"])].startswith("Rafale")
    assert text[slice(*m.spans["quantity"])] == "24"
    assert text[slice(*m.spans["status"])] == "ordered"


def test_demonym_and_capital_metonyms(extractor):
    ms = deals(extractor, "Baku is buying Pakistani JF-17 jets, officials in Islamabad said on Monday.")
    assert triples(ms) == {("PAK", "AZE", "JF-17")}


def test_company_stands_for_its_state(extractor):
    ms = deals(extractor, "The Philippine Navy signed a contract with Hyundai Heavy Industries for two frigates, "
                          "and with Hanwha Aerospace for 18 K9 Thunder howitzers.")
    assert ("KOR", "PHL", "K9") in triples(ms)


def test_sale_of_xs_jets_to_y(extractor):
    ms = deals(extractor, "The sale of Korea's FA-50 light combat aircraft to Malaysia was approved on Tuesday.")
    assert triples(ms) == {("KOR", "MYS", "FA-50")}
    assert ms[0].status == "approved"


def test_existing_fleet_is_not_a_deal(extractor):
    text = ("Azerbaijan is negotiating with Pakistan to buy JF-17 jets. The jets will replace the air force's "
            "current fleet of Russian-made MiG-29 fighters.")
    ms = deals(extractor, text)
    assert triples(ms) == {("PAK", "AZE", "JF-17")}
    assert ms[0].status == "negotiating"


def test_a_mediator_sells_nothing(extractor):
    text = ("Armenia took delivery of four Su-30SM fighters from Russia. In November 2020 a ceasefire brokered by "
            "Russia was agreed upon.")
    ms = deals(extractor, text)
    assert triples(ms) == {("RUS", "ARM", "Su-30")}
    assert ms[0].variant == "Su-30SM"
    assert ms[0].status == "delivered"


def test_payload_count_is_not_the_order_quantity(extractor):
    text = ("Azerbaijan is negotiating with Pakistan to purchase JF-17 fighter jets worth 1.5 billion euros. "
            "The jets are capable of carrying 8 missiles of various types.")
    (m,) = deals(extractor, text)
    assert m.quantity is None
    assert (m.value_amount, m.value_currency) == (1.5e9, "EUR")


def test_unit_price_and_conversion_are_not_the_deal_value(extractor):
    text = ("India signed a contract for 26 Rafale Marine jets from France worth Rs 63,000 crore (about $7.4 "
            "billion). Analysts put the price at $250 million per aircraft.")
    (m,) = deals(extractor, text)
    assert (m.value_amount, m.value_currency) == (630e9, "INR")
    assert m.variant == "Rafale M"
    assert m.quantity == 26


def test_several_deals_in_one_report_with_salience(extractor):
    text = ("South Korea will supply 48 FA-50 jets to Poland under a contract signed on Friday.\n\n"
            "Poland has already bought 250 M1 Abrams tanks from the United States in 2022.")
    ms = deals(extractor, text, title="Poland signs for Korean FA-50 jets", published="2025-05-01")
    by = {m.system: m for m in ms}
    assert set(by) == {"FA-50", "M1"}
    assert by["FA-50"].salience == "primary"
    assert by["M1"].salience == "background"
    assert (by["M1"].supplier, by["M1"].recipient) == ("USA", "POL")


def test_article_without_a_deal_stays_clean(extractor):
    text = ("The defence budget rose by nine per cent to Rs 6.8 lakh crore. The air force still flies its "
            "MiG-21 fleet, which will be retired next year.")
    assert deals(extractor, text) == []


def test_designation_not_confused_with_money_or_count(extractor):
    text = "Russia delivered 2 S-400 regiments and 12 Su-35 fighters to China under a $2 billion contract."
    ms = deals(extractor, text)
    by = {m.system: m for m in ms}
    assert by["S-400"].quantity == 2
    assert by["Su-35"].quantity == 12
    assert by["S-400"].value_amount == 2e9  # the package value goes on the first system named
    assert by["Su-35"].value_amount is None


def test_a_capital_inside_another_name_is_not_the_state():
    from armswatch.extract.gazetteer import find_entities

    text = ("Deliveries include T-90 tanks, according to the Stockholm International Peace Research Institute. "
            "Officials in Stockholm declined to comment; the Islamabad Air Force base is nearby.")
    found = [(e.text, e.iso3) for e in find_entities(text) if e.kind == "country"]
    assert found == [("Stockholm", "SWE"), ("Islamabad", "PAK")]


def test_a_buyer_signs_a_contract_with_its_supplier(extractor):
    text = "Vietnam has signed a $400 million contract with Russia for four upgraded Kilo-class submarines."
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient) == ("RUS", "VNM")
    assert text[slice(*m.spans["supplier"])] == "Russia"
    assert m.quantity == 4  # "upgraded" qualifies what is bought here: not an existing fleet
    assert (m.value_amount, m.value_currency) == (400e6, "USD")


def test_a_firm_signs_a_contract_with_its_customer(extractor):
    text = "Saab has signed a contract with the Brazilian Army for RBS 70 air defence systems."
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient, m.system) == ("SWE", "BRA", "RBS-70")


def test_upgrading_a_fleet_is_still_not_a_deal(extractor):
    text = ("Greece signed a contract with France for 24 Rafale jets. The air force will also keep "
            "its 40 upgraded Mirage 2000-5 fighters.")
    assert triples(deals(extractor, text)) == {("FRA", "GRC", "Rafale")}


def test_every_state_of_a_recipient_list_receives(extractor):
    text = "Brazil has sold Super Tucano aircraft to Angola, Mali, Ghana and Senegal in recent years."
    ms = deals(extractor, text)
    assert {(m.supplier, m.recipient) for m in ms} == {("BRA", "AGO"), ("BRA", "MLI"), ("BRA", "GHA"), ("BRA", "SEN")}


def test_a_list_of_operators_is_not_a_list_of_buyers(extractor):
    text = ("Germany will buy 45 Chinook helicopters from the United States. The Chinook is operated by Italy, "
            "Spain and the Netherlands.")
    assert {(m.supplier, m.recipient) for m in deals(extractor, text)} == {("USA", "DEU")}


def test_a_rival_that_lost_is_not_bought(extractor):
    text = "Slovakia has ordered 14 F-16V fighters from the United States, choosing the F-16V over the Saab Gripen."
    assert triples(deals(extractor, text)) == {("USA", "SVK", "F-16")}


def test_ageing_fleets_are_fleets(extractor):
    text = ("Thailand will buy two C-295 aircraft from Airbus to replace its ageing fleets of Fokker F27 "
            "patrol aircraft.")
    assert {m.system for m in deals(extractor, text)} == {"C-295"}


def test_a_follow_on_order_counts_what_is_added(extractor):
    text = "Qatar has ordered 12 more Rafale fighters from France, adding to the 24 it ordered in 2015."
    ms = [m for m in deals(extractor, text, published="2018-03-09") if m.followon]
    assert [(m.supplier, m.recipient, m.system, m.quantity) for m in ms] == [("FRA", "QAT", "Rafale", 12)]


def test_an_armed_force_that_hands_over_is_the_supplier(extractor):
    text = "The US Coast Guard plans to transfer two patrol boats to the navy of Ukraine, the State Department said."
    assert {(m.supplier, m.recipient) for m in deals(extractor, text)} == {("USA", "UKR")}


def test_inducting_is_taking_delivery(extractor):
    (m,) = deals(extractor, "Japan is inducting 42 F-35A fighters into service.")
    assert (m.supplier, m.recipient, m.system, m.quantity, m.status) == ("USA", "JPN", "F-35", 42, "delivered")


def test_an_airline_buying_airliners_is_no_arms_deal(extractor):
    assert deals(extractor, "Under the agreement, Air Deccan will buy 15 new ATR 72-500 from France.") == []
    ms = deals(extractor, "The Indian Air Force will buy 56 C-295 transport aircraft from Spain.")
    assert triples(ms) == {("ESP", "IND", "C-295")}


def test_a_state_warned_over_its_own_order_is_the_buyer(extractor):
    from armswatch.extract.gazetteer import find_entities
    from armswatch.extract.roles import role_cue

    text = "The US has warned NATO ally Turkey over its own S-400 order."
    turkey = next(e for e in find_entities(text) if e.iso3 == "TUR")
    assert role_cue(text, 0, turkey).role == "rec"
    assert ("RUS", "TUR", "S-400") in triples(deals(extractor, text))


def test_interest_in_a_system_is_a_rumoured_deal(extractor):
    (m,) = deals(extractor, "Oman has also signalled interest in the Akash air defence system, reports say.")
    assert (m.supplier, m.recipient, m.system, m.status) == ("IND", "OMN", "Akash", "rumoured")


def test_another_buyer_of_the_same_type_is_another_deal(extractor):
    text = ("India has signed for 26 Rafale M jets from France.\n\nThe Rafale's export career has boomed. "
            "The United Arab Emirates' order for 80 aircraft, signed in 2021, remains the largest for the type.")
    ms = {(m.supplier, m.recipient, m.system): m for m in deals(extractor, text, published="2025-04-28")}
    assert set(ms) == {("FRA", "IND", "Rafale"), ("FRA", "ARE", "Rafale")}
    assert ms[("FRA", "ARE", "Rafale")].quantity == 80
    assert ms[("FRA", "ARE", "Rafale")].salience == "background"


def test_an_earlier_order_named_by_its_year_is_a_deal_of_its_own(extractor):
    text = ("India has signed for 26 Rafale M jets from France.\n\nIndia's air force received 36 Rafales under a "
            "2016 agreement valued at close to €8 billion.")
    ms = sorted(deals(extractor, text, published="2025-04-28"), key=lambda m: m.quantity or 0)
    assert [(m.quantity, m.status, m.order_year) for m in ms] == [(26, "signed", None), (36, "delivered", 2016)]
    assert (ms[1].value_amount, ms[1].value_currency) == (8e9, "EUR")


def test_an_amount_belongs_to_the_system_its_clause_names(extractor):
    text = ("Poland ordered 180 K2 tanks from Korea. Besides the K2s, it signed a $2.6 billion contract with "
            "Hanwha Aerospace for 152 more K9 howitzers.")
    ms = {m.system: m for m in deals(extractor, text, published="2025-08-02")}
    assert (ms["K9"].value_amount, ms["K9"].value_currency) == (2.6e9, "USD")
    assert ms["K2"].value_amount is None


def test_a_full_stop_after_a_designation_ends_the_sentence(extractor):
    text = "It has also looked at China's J-10C. Informal estimates put the KAAN buy at $10 billion."
    assert [text[s:e] for s, e in extractor.sentences(text)] == [
        "It has also looked at China's J-10C.", "Informal estimates put the KAAN buy at $10 billion."]


def test_a_system_the_buyer_looked_at_is_a_rumoured_deal(extractor):
    text = "Indonesia has ordered 48 KAAN fighters from Turkey. It has also looked at Boeing's F-15EX."
    ms = {m.system: m for m in deals(extractor, text, published="2025-06-11")}
    assert (ms["F-15"].supplier, ms["F-15"].recipient, ms["F-15"].status) == ("USA", "IDN", "rumoured")


def test_a_donor_and_two_names_of_one_aircraft(extractor):
    text = ("Three more Japanese-donated Beechcraft King Air TC-90 patrol aircraft will be transferred to the "
            "Armed Forces of the Philippines.")
    ms = deals(extractor, text, published="2018-02-05")
    assert [(m.supplier, m.recipient, m.system, m.quantity) for m in ms] == [("JPN", "PHL", "King Air", 3)]
    (m,) = ms
    s, e = m.spans["system"]
    assert text[s:e] == "King Air TC-90"  # the mention spans both names
    assert [c.name for c in m.claims] == ["King Air TC-90"]


def test_a_second_name_in_brackets_gives_the_variant_and_the_span(extractor):
    text = "Nigeria has ordered four Mi-17 (Mi-171Sh) helicopters from Russia."
    (m,) = deals(extractor, text, published="2018-02-05")
    s, e = m.spans["system"]
    assert (m.supplier, m.recipient, m.quantity) == ("RUS", "NGA", 4)
    assert (m.system, m.variant, text[s:e]) == ("Mi-17", "Mi-171Sh", "Mi-17 (Mi-171Sh)")
    assert [(c.name, c.quantity) for c in m.claims] == [("Mi-17 (Mi-171Sh)", 4)]


def test_a_state_giving_military_aid_is_not_the_recipient(extractor):
    from armswatch.extract.gazetteer import find_entities
    from armswatch.extract.roles import role_cue

    text = ("He stressed the U.S. military aid program to Lebanon, which is the framework used for delivery of the "
            "six A-29 Super Tucano aircraft.")
    us = next(e for e in find_entities(text) if e.iso3 == "USA")
    assert role_cue(text, 0, us).role == "sup"
    assert {m.recipient for m in deals(extractor, text)} == {"LBN"}


def test_inquiries_from_a_state_make_it_the_buyer(extractor):
    from armswatch.extract.gazetteer import find_entities
    from armswatch.extract.roles import role_cue

    text = "The plant can build 8 LCA-Tejas a year for export if inquiries from Malaysia become orders."
    malaysia = next(e for e in find_entities(text) if e.iso3 == "MYS")
    assert role_cue(text, 0, malaysia).role == "rec"
    assert {(m.supplier, m.recipient, m.system) for m in deals(extractor, text)} == {("IND", "MYS", "Tejas")}


def test_a_service_name_is_not_part_of_a_designation_and_a_mission_prefix_keeps_the_family(extractor):
    text = ("The United States has offered Niger an ex-US Air Force WC-130H Hercules aircraft under its Excess "
            "Defense Articles programme.")
    (m,) = deals(extractor, text, published="2017-01-16")
    s, e = m.spans["system"]
    assert (m.supplier, m.recipient, m.system, m.variant, text[s:e]) == (
        "USA", "NER", "C-130", "WC-130H", "WC-130H Hercules")


def test_a_made_in_adjective_belongs_to_its_own_system_in_a_list_of_imports(extractor):
    text = ("Ghana's air force is growing. Ghana will spend more on defence this year, its finance minister said. "
            "Some of its recent aircraft imports include Chinese-made Harbin Z-9EH utility helicopters, "
            "Brazilian-made Super Tucano trainers, Russian-made Mi-35 attack helicopters as well as Spanish CASA "
            "C295M airlifters.")
    ms = deals(extractor, text, published="2017-01-23")
    # each adjective names the supplier of the system after it, never the recipient of another one
    assert [(m.supplier, m.recipient, m.system) for m in ms] == [
        ("CHN", "GHA", "Z-9"), ("BRA", "GHA", "EMB-314"), ("RUS", "GHA", "Mi-35"), ("ESP", "GHA", "C-295")]


def test_a_buyer_named_just_before_a_system_is_not_its_supplier(extractor):
    text = ("The briefing note said the company had received an additional order from the Saudi Kingdom and those "
            "LAV-6 armoured vehicles were in various states of assembly.")
    (m,) = deals(extractor, text, published="2018-05-07")
    assert (m.supplier, m.recipient, m.system, m.status) == ("CAN", "SAU", "LAV-6", "signed")


def test_a_navy_before_a_ship_class_is_not_part_of_its_name():
    from armswatch.extract.gazetteer import find_designations, find_entities

    text = "The contract covers the Royal Canadian Navy Halifax-class frigates and two Navy Protecteur class vessels."
    found = find_designations(text, find_entities(text))
    assert [(e.text, e.family) for e in found] == [("Halifax-class", "Halifax class"),
                                                  ("Protecteur class", "Protecteur class")]


def test_a_number_inside_a_system_name_counts_nothing(extractor):
    text = "Algeria expressed interest in the Yabhon United 40 Block 5 UAV from the United Arab Emirates."
    (m,) = deals(extractor, text, published="2018-05-07")
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("ARE", "DZA", "Yabhon United-40", None)
    assert [(c.name, c.quantity) for c in m.claims] == [("Yabhon United 40 Block 5", None)]
    text = "Algeria is believed to have ordered one new Seeker 400 system with three aircraft from Denel."
    (m,) = deals(extractor, text, published="2018-05-07")
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("ZAF", "DZA", "Seeker-400", 1)


def test_a_letter_of_request_names_the_supplier_it_is_sent_to(extractor):
    text = ("Poland's plans to expedite its purchase of the American-made High Mobility Artillery Rocket System move "
            "forward, as the country has sent an official letter of request to the U.S. government to proceed with "
            "the sale.")
    (m,) = deals(extractor, text, published="2018-11-14")
    assert (m.supplier, m.recipient, m.system, m.status, m.cue) == (
        "USA", "POL", "HIMARS", "negotiating", "letter of request")


def test_a_system_another_is_compared_with_is_not_traded(extractor):
    text = ("Turkey has taken delivery of the S-400 air defence system from Russia. In comparison to its "
            "predecessor, the S-300, the S-400 features an improved radar.")
    assert triples(deals(extractor, text, published="2019-07-12")) == {("RUS", "TUR", "S-400")}
    text = ("The US Air Force has awarded Boeing a contract for 84 MH-139 helicopters. The MH-139 derives from the "
            "Leonardo AW139, which is used by more than 270 governments.")
    assert triples(deals(extractor, text, published="2018-09-24")) == {("USA", "USA", "MH-139")}


def test_weapons_a_platform_can_carry_are_described_not_bought(extractor):
    text = ("Egypt has received the first Ka-52 attack helicopters from Russia. The Ka-52 has four underwing "
            "hardpoints capable of carrying rockets, Vikhr-M anti-tank missiles or R-73 air-to-air missiles.")
    assert triples(deals(extractor, text, published="2018-03-14")) == {("RUS", "EGY", "Ka-52")}


def test_a_policy_or_a_part_maker_is_no_party_to_the_deal(extractor):
    text = ("NATO member Slovakia is on track to purchase 14 Lockheed Martin F-16V fighters to replace its MiG-29 "
            "jets in a wider effort to break from Russia, the Slovak Ministry of Defence said.")
    assert ("USA", "SVK", "F-16") in triples(deals(extractor, text, published="2018-11-18"))
    assert not any(m.supplier == "RUS" and m.system == "F-16" for m in deals(extractor, text))
    text = ("The UAE has signed a contract with France for two Gowind corvettes. The Gowind corvettes are powered by "
            "engines made by Germany's MTU, meaning Berlin could make the contract difficult.")
    assert triples(deals(extractor, text, published="2019-06-10")) == {("FRA", "ARE", "Gowind")}


def test_a_design_another_is_inspired_by_is_not_traded(extractor):
    text = ("Algeria is very interested in acquiring the Chinese CH-4 drone, which appears to have been inspired by "
            "the General Atomics MQ-9 Reaper.")
    assert triples(deals(extractor, text, published="2014-03-11")) == {("CHN", "DZA", "CH-4")}


def test_a_state_that_will_receive_aircraft_from_another_buys_them(extractor):
    text = ("Canadian special forces will receive three new surveillance aircraft from the U.S. with the planes "
            "expected to arrive in 2022.\n\nThe three Beechcraft King Air planes will be outfitted with sensors.")
    (m,) = deals(extractor, text, published="2019-06-24")
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("USA", "CAN", "King Air", 3)


def test_a_plain_name_after_its_maker_in_the_plural(extractor):
    text = "The Guyana Defence Force's Air Corps added two Britten-Norman Islanders to its fleet."
    (m,) = deals(extractor, text, published="2018-08-08")
    assert (m.supplier, m.recipient, m.system, m.quantity, m.status) == ("GBR", "GUY", "BN-2", 2, "delivered")


def test_counts_across_two_qualifiers_and_of_the_order_a_tranche_belongs_to(extractor):
    text = "Croatia will buy 12 new and used F-16 fighters from the United States."
    (m,) = deals(extractor, text, published="2018-03-28")
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("USA", "HRV", "F-16", 12)
    text = "Russia delivered two Mi-35Ms to Nigeria (out of 12 ordered in September 2015)."
    (m,) = deals(extractor, text, published="2018-03-14")
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("RUS", "NGA", "Mi-35", 2)
    assert [(c.name, c.quantity) for c in m.claims] == [(None, 12), ("Mi-35Ms", 2)]  # the order, the tranche


def test_upgraded_systems_a_state_receives_are_bought_not_a_fleet(extractor):
    text = "Angola received 12 upgraded Mi-24P attack helicopters from Russia."
    (m,) = deals(extractor, text, published="2018-03-14")
    assert (m.supplier, m.recipient, m.system, m.quantity, m.status) == ("RUS", "AGO", "Mi-24", 12, "delivered")
    assert deals(extractor, "India will upgrade its Mi-24 helicopters with help from Russia.") == []


def test_a_buyer_named_before_the_clause_of_the_system(extractor):
    text = ("The deal has come under fresh scrutiny after Lithuania last week announced its largest ever defense "
            "purchase: €386 million to buy 88 brand new German 'Boxer' armored fighting vehicles.")
    (m,) = deals(extractor, text, published="2016-09-07")
    assert (m.supplier, m.recipient, m.system, m.quantity, m.value_amount, m.value_currency) == (
        "DEU", "LTU", "Boxer", 88, 386e6, "EUR")


def test_a_rival_that_offered_a_price_is_not_the_buyer(extractor):
    text = ("The Philippines will buy 16 Black Hawk helicopters from the Sikorsky Aircraft Corp for $240 million.\n\n"
            "The air force would sign a contract early next year for the 16 Black Hawks, even though the Russians "
            "offered the second lowest price.")
    assert triples(deals(extractor, text, published="2018-12-07")) == {("USA", "PHL", "S-70")}


def test_negotiating_with_a_state_for_its_jets_is_a_deal_in_talks(extractor):
    text = ("Gaborone is believed to be negotiating with Sweden for between eight and 12 Gripen fighter jets to "
            "replace its CF-5 fighters, for an estimated cost of $1.7 billion.")
    (m,) = deals(extractor, text, published="2017-08-03")
    assert (m.supplier, m.recipient, m.system, m.status, m.value_amount) == ("SWE", "BWA", "JAS-39", "negotiating",
                                                                            1.7e9)
    # the deal keeps the high end; its claims state both ends of the range
    assert m.quantity == 12 and [(c.name, c.quantity) for c in m.claims if c.quantity] == [("Gripen", 12), (None, 8)]


def test_a_firm_awarded_a_contract_sells(extractor):
    text = ("Saab has been awarded a follow-on contract from India's Hindustan Aeronautics Limited (HAL) for IDAS-2 "
            "self-protection systems for the Dhruv advanced light helicopters it is building for the Indian Army.")
    ms = deals(extractor, text, published="2018-08-08")
    assert not any(m.recipient == "SWE" for m in ms)  # Saab is no buyer
    assert ("IND", "IND", "Dhruv") in triples(ms)


def test_a_gloss_in_brackets_cuts_no_clause_and_a_team_from_a_state_supplies_nothing(extractor):
    text = ("Tokyo-based The Diplomat reported that the Philippines had identified the Turkish Aerospace "
            "Industries' (TAI) T129 multirole combat helicopters as the replacement for the canceled deal with "
            "Canada.\\n\\nA procurement team from the Philippine Air Force has identified the T129 platform as "
            "fulfilling its capability demands.")
    assert triples(deals(extractor, text, published="2018-12-04")) == {("TUR", "PHL", "T-129")}


def test_a_national_defence_force_buying_from_its_own_firm_is_a_domestic_order(extractor):
    text = ("Denel Dynamics has received another order for its Seeker 400 unmanned aerial vehicle (UAV) after "
            "completing deliveries to the South African National Defence Force.")
    (m,) = deals(extractor, text, published="2018-09-14")
    assert (m.supplier, m.recipient, m.system, m.status) == ("ZAF", "ZAF", "Seeker-400", "signed")


def test_systems_that_entered_the_inventory_were_delivered_not_a_fleet(extractor):
    text = ("Turkey has started to receive the second batch of CH-47 helicopters from the U.S.\n\nThe first of five "
            "helicopters, part of the second delivery of Chinooks, entered the inventory of the Turkish Military on "
            "Saturday.")
    (m,) = deals(extractor, text, published="2018-08-26")
    assert (m.supplier, m.recipient, m.system) == ("USA", "TUR", "CH-47")
    # "the first of five helicopters": the count of the batch is stated too
    assert [(c.name, c.quantity) for c in m.claims] == [("CH-47", None), ("Chinooks", None), (None, 5)]


def test_platforms_a_product_is_integrated_on_and_missiles_a_system_uses_are_not_traded(extractor):
    text = ("Raytheon will supply AIM-120 AMRAAM missiles to Australia. The AMRAAM has been integrated on multiple "
            "platforms, including F-15, F-16 and Typhoon aircraft.")
    assert triples(deals(extractor, text, published="2018-05-01")) == {("USA", "AUS", "AIM-120")}
    text = ("Egypt has ordered the S-300VM air defence system from Russia. The S-300VM uses two different missiles "
            "(9M82 and 9M83) to shoot down aircraft.")
    assert triples(deals(extractor, text, published="2018-05-01")) == {("RUS", "EGY", "S-300")}


def test_a_bare_number_in_brackets_is_a_pennant_not_a_count(extractor):
    text = "Russia delivered the Kilo class submarine Akram Pasha (703) to Algeria last month."
    (m,) = deals(extractor, text, published="2018-01-01")
    assert (m.supplier, m.recipient, m.quantity) == ("RUS", "DZA", None)
    assert [c.quantity for c in m.claims] == [None]


def test_a_currency_and_a_stance_name_no_party(extractor):
    text = ("The United Arab Emirates has signed a contract worth about €750 million (U.S. $850 million) for two "
            "Gowind corvettes from France's Naval Group.")
    assert triples(deals(extractor, text, published="2019-06-10")) == {("FRA", "ARE", "Gowind")}
    text = ("Taiwan will buy 66 F-16V fighters from the United States, reviving an effort killed in 2011 due to "
            "Chinese pressure.")
    assert triples(deals(extractor, text, published="2018-11-28")) == {("USA", "TWN", "F-16")}


def test_second_hand_systems_taken_delivery_of_with_their_own_counts(extractor):
    text = ("Angola has already taken delivery of a number of helicopters, including eight Mi-171Sh armed transport "
            "helicopters from Russia and 12 second hand and upgraded Mi-24P/Mi-35P attack helicopters from Russia.")
    ms = deals(extractor, text, published="2018-05-10")
    assert [(m.supplier, m.recipient, m.system, m.quantity) for m in ms] == [
        ("RUS", "AGO", "Mi-17", 8), ("RUS", "AGO", "Mi-24P/Mi-35P", 12)]


def test_a_state_that_sells_a_system_made_elsewhere_is_its_supplier(extractor):
    # a licensed production and a second-hand sale: the seller the report names wins over the system's origin
    text = "Canada sold 16 Bell 412EPI helicopters to the Philippines on Tuesday."
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("CAN", "PHL", "Bell-412", 16)
    assert text[slice(*m.spans["supplier"])] == "Canada"
    # one that only offered is a rival, and the origin supplies
    text = "Although the Russians offered a lower price, the Philippines ordered 16 Black Hawk helicopters."
    assert triples(deals(extractor, text)) == {("USA", "PHL", "S-70")}


def test_a_count_of_one_system_is_not_the_count_of_another(extractor):
    text = ("Two Black Hawk helicopters ordered from the United States will go to the special forces, and Poland "
            "will buy Caracal helicopters from France later.")
    found = {m.system: m.quantity for m in deals(extractor, text)}
    assert found == {"S-70": 2, "H725": None}


def test_a_state_that_pledged_to_give_supplies(extractor):
    (m,) = deals(extractor, "The Netherlands has pledged to give 18 F-16 fighters to Ukraine.")
    assert (m.supplier, m.recipient, m.system, m.quantity, m.status) == ("NLD", "UKR", "F-16", 18, "approved")


def test_the_platform_of_a_weapon_is_not_traded_unless_bought_itself(extractor):
    text = ("Germany has ordered Spike missiles from Israel. A Milan launcher on the Marder IFV is shown above. "
            "The Marder vehicles are going to be replaced by the new Puma.")
    assert triples(deals(extractor, text)) == {("ISR", "DEU", "Spike")}
    text = ("Latvia has ordered Spike missiles from Israel. The missiles will also be installed on the secondhand "
            "CVR(T) vehicles the country purchased from the U.K.")
    assert triples(deals(extractor, text)) == {("ISR", "LVA", "Spike"), ("GBR", "LVA", "CVR(T)")}


def test_a_plain_word_system_counted_in_words_or_in_fire_units(extractor):
    text = "Switzerland signed contracts for 36 F-35A fighters and five Patriot fire units worth CHF 7.2 billion."
    found = {(m.supplier, m.recipient, m.system, m.quantity) for m in deals(extractor, text)}
    assert found == {("USA", "CHE", "F-35", 36), ("USA", "CHE", "Patriot", 5)}


def test_a_clause_joined_by_and_has_its_own_status_and_supplier(extractor):
    text = ("Vietnam has signed a contract with Russia for 12 Yak-130 trainers. Vietnam already operates Su-30MK2 "
            "fighters bought from Russia in the 2000s, and is also considering buying Indian BrahMos missiles.")
    found = {m.system: (m.supplier, m.recipient, m.status) for m in deals(extractor, text)}
    assert found["Yak-130"] == ("RUS", "VNM", "signed")
    assert found["BrahMos"] == ("IND", "VNM", "rumoured")  # not Russia's, and not bought like the Su-30s


def test_the_year_of_a_purchase_said_at_the_end_of_its_clause(extractor):
    (m,) = deals(extractor, "Brazil bought 36 Gripen E/F fighters from Sweden for SEK 39.3 billion in 2014.")
    assert (m.supplier, m.recipient, m.quantity, m.status, m.order_year) == ("SWE", "BRA", 36, "signed", 2014)


def test_every_state_of_a_supplier_list_supplies(extractor):
    text = "Ukraine has received the first batch of Leopard 1A5 tanks from Germany and Denmark."
    assert triples(deals(extractor, text)) == {("DEU", "UKR", "Leopard-1"), ("DNK", "UKR", "Leopard-1")}


def test_the_suppliers_own_air_force_does_not_cut_the_deals_thread(extractor):
    text = ("Azerbaijan has agreed to buy JF-17 fighters from Pakistan in a contract valued at USD 1.6 billion.\n\n"
            "The package is said to comprise eight aircraft and training for Azerbaijani pilots, who would fly "
            "the type under the supervision of Pakistan Air Force instructors.")
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("PAK", "AZE", "JF-17", 8)
    assert text[slice(*m.spans["quantity"])] == "eight"


def test_the_version_the_lead_names_wins_over_the_packages_other_versions(extractor):
    text = ("India has approved the purchase of 26 Rafale Marine fighters from France for its navy.\n\n"
            "The package of 22 single-seat Rafale M and four two-seat Rafale B trainers is worth 6.6 billion euros.")
    (m,) = deals(extractor, text)
    assert (m.system, m.variant, m.quantity) == ("Rafale", "Rafale M", 26)


def test_one_end_of_a_range_of_estimates_is_no_count(extractor):
    text = ("Azerbaijan has signed for JF-17 fighters from Pakistan worth $1.6 billion. Estimates of what that buys "
            "run from eight aircraft to sixty.")
    (m,) = deals(extractor, text)
    assert (m.system, m.quantity) == ("JF-17", None)


def test_a_count_of_the_ordered_type_after_an_order_word_is_the_order(extractor):
    text = ("Indonesia has converted its agreement on the Turkish KAAN into a firm order. A contract covering 48 of "
            "the fighters was signed on Saturday.")
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("TUR", "IDN", "KAAN", 48)
    text = ("Armenia has ordered Indian ATAGS howitzers. Yerevan wants 84 of the 155mm/52-calibre towed guns for "
            "about US$155 million.")
    (m,) = deals(extractor, text)
    assert (m.system, m.quantity) == ("ATAGS", 84)
    # a part of a set already named is a delivery tranche, not the order
    text = "Egypt has ordered 24 Rafale jets from France. Two of the jets have been delivered."
    (m,) = deals(extractor, text)
    assert m.quantity == 24


def test_a_national_export_total_is_no_deal_value(extractor):
    text = ("Paris has shown interest in the Pinaka rocket launcher from India.\n\nGuided Pinaka rockets are "
            "produced by Solar Industries and by Munitions India Ltd. India's defence exports reached a record "
            "Rs 21,083 crore in 2023-24, an increase of 32.5 per cent over the previous year.")
    (m,) = deals(extractor, text)
    assert (m.supplier, m.recipient, m.system, m.value_amount) == ("IND", "FRA", "Pinaka", None)


def test_the_same_system_is_the_system_named_before_and_the_title_marks_one_deal(extractor):
    text = ("The Indian Air Force has started deploying the first squadron of the Russian-made S-400 air defence "
            "system, officials said. India ordered five S-400 squadrons from Russia.\n\n"
            "Washington has yet to decide on sanctions over the purchase. It has "
            "already penalised China and Turkey, both of which have taken delivery of the same system.")
    title = "First S-400 squadron deploying in Punjab"
    found = {(m.supplier, m.recipient, m.system): (m.salience, m.status) for m in deals(extractor, text, title)}
    assert found == {("RUS", "IND", "S-400"): ("primary", "signed"),
                     ("RUS", "CHN", "S-400"): ("background", "delivered"),
                     ("RUS", "TUR", "S-400"): ("background", "delivered")}


def test_a_state_whose_officials_speak_is_no_party_of_the_list_before_it(extractor):
    text = "Iran has supplied Shahed-136 drones to Russia, US officials said, while Tehran denies it."
    (m,) = deals(extractor, text)
    # the source is no second buyer; the supplier's denial makes the reported deal a cancelled one
    assert (m.supplier, m.recipient, m.system, m.status) == ("IRN", "RUS", "Shahed-136", "cancelled")


def test_a_deal_financed_by_a_loan_keeps_its_value_but_a_loan_is_no_price(extractor):
    text = "Egypt will get 30 more Rafale jets from France under a €3.75 billion deal financed by a loan."
    (m,) = deals(extractor, text)
    assert (m.quantity, m.value_amount, m.value_currency) == (30, 3.75e9, "EUR")
    text = "Pakistan has ordered 12 J-10C fighters from China, which offered a $1.5 billion credit line for them."
    (m,) = deals(extractor, text)
    assert (m.system, m.quantity, m.value_amount) == ("J-10", 12, None)


def test_a_fleet_given_away_is_traded_and_the_replacement_is_no_fleet(extractor):
    assert triples(deals(extractor, "Slovakia handed over its MiG-29 fleet to Ukraine.")) == {
        ("SVK", "UKR", "MiG-29")}
    ms = deals(extractor, "Poland will replace its ageing MiG-29 fleet with F-35s bought from the US.")
    # the MiG-29s are the fleet; the F-35s are bought, not an existing fleet delivered long ago
    assert [(m.supplier, m.recipient, m.system, m.status) for m in ms] == [("USA", "POL", "F-35", "signed")]


def test_a_designation_spelled_with_a_space_is_found(extractor):
    text = "Hungary will acquire 44 Leopard 2A7+ tanks and 24 PzH 2000 howitzers from Germany's KMW."
    found = {(m.supplier, m.recipient, m.system, m.quantity) for m in deals(extractor, text)}
    assert found == {("DEU", "HUN", "Leopard-2", 44), ("DEU", "HUN", "PzH-2000", 24)}


def test_jets_that_bring_a_fleet_to_a_number_are_delivered_not_a_fleet(extractor):
    (m,) = deals(extractor, "Egypt has received two more Rafale fighters, bringing its fleet to 26.")
    assert (m.supplier, m.recipient, m.system, m.status) == ("FRA", "EGY", "Rafale", "delivered")


def test_a_state_named_through_another_is_not_that_state():
    from armswatch.extract.gazetteer import find_entities
    from armswatch.extract.roles import role_cue

    text = "The MiG 21/27/29 fighters are all sourced from India's traditional Cold War partner, not from France."
    cues = {e.text: role_cue(text, 0, e).role for e in find_entities(text) if e.kind == "country"}
    assert cues == {"India": "none", "France": "sup"}  # India's partner is not India


def test_an_amount_restated_in_another_currency_is_claimed_in_both(extractor):
    text = ("Airbus Helicopters will supply 55 H225 helicopters to Ukraine. The contract is worth €555 million "
            "($643M).")
    (m,) = deals(extractor, text, published="2018-06-27")
    assert (m.supplier, m.recipient, m.value_amount, m.value_currency) == ("FRA", "UKR", 555e6, "EUR")
    stated = [(a[0], a[1], text[a[2][0]:a[2][1]]) for c in m.claims for a in c.amounts]
    assert stated == [(555e6, "EUR", "€555 million"), (643e6, "USD", "$643M")]


def test_a_government_that_orders_a_review_buys_nothing(extractor):
    text = ("Just one day after signing a $233 million agreement to sell 16 helicopters to the Philippines, the "
            "Canadian government on Wednesday ordered a review of the deal.\n\nThe Bell 412EPI helicopters were due "
            "to be delivered early next year.")
    (m,) = deals(extractor, text, published="2018-02-07")
    assert m.recipient == "PHL" and m.system == "Bell-412"
    lead = [c for c in m.claims if c.sentence[0] == 0]
    assert [a[0] for c in lead for a in c.amounts] == [233e6]
    assert [c.quantity for c in lead if c.quantity] == [16]


def test_a_delivered_tranche_is_claimed_beside_the_order(extractor):
    text = ("On Feb. 16, the Royal Canadian Air Force accepted the first two of 25 Australian F/A-18A Hornet fighter "
            "aircraft at 4 Wing Cold Lake.")
    (m,) = deals(extractor, text, published="2019-02-19")
    assert (m.supplier, m.recipient, m.system, m.quantity, m.status) == ("AUS", "CAN", "F/A-18", 25, "delivered")
    assert sorted(c.quantity for c in m.claims if c.quantity) == [2, 25]
    text = "Egypt has taken delivery of the first four Rafale jets from France."
    (m,) = deals(extractor, text, published="2016-01-01")
    assert m.quantity is None and [c.quantity for c in m.claims if c.quantity] == [4]


def test_roles_read_from_how_a_state_is_named(extractor):
    # a state's name right before the system names its maker, not its buyer
    text = "India confirmed that it will be buying the US NASAMS-II systems earlier this month."
    assert triples(deals(extractor, text, published="2019-06-22")) == {("USA", "IND", "NASAMS")}
    # what a sale "poses to" a state makes it no buyer
    assert deals(extractor, "Lawmakers cited the risks that the sale of S-400s poses to the US and NATO.",
                 published="2019-01-11") == []
    # two states that "have pitched" two types are both bidders, neither buys from the other
    text = "The U.S. and Britain have pitched respectively the F-35 and Eurofighter Typhoon in the Belgian tender."
    assert all(m.recipient is None for m in deals(extractor, text, published="2018-03-09"))
    # the owner of what "was delivered" receives it; the first of two joined subjects supplies with the second
    text = "It has been alleged that Mali's Super Tucanos were delivered without sighting systems."
    assert triples(deals(extractor, text, published="2018-07-12")) == {("BRA", "MLI", "EMB-314")}
    text = "France and Germany will supply Leopard 2 tanks to Ukraine."
    assert triples(deals(extractor, text, published="2023-01-25")) == {("FRA", "UKR", "Leopard-2"),
                                                                       ("DEU", "UKR", "Leopard-2")}
    # a headline's "X to buy" makes X the buyer; "give up" gives nothing
    text = "The decision by the Turks to purchase a Chinese-made air defence system, the HQ-9, surprised many."
    assert triples(deals(extractor, text, published="2018-04-05")) == {("CHN", "TUR", "HQ-9")}
    text = "Washington urged Turkey to give up the S-400 systems it bought from Russia."
    assert triples(deals(extractor, text, published="2019-01-11")) == {("RUS", "TUR", "S-400")}


def test_a_list_of_systems_exported_to_a_list_of_states(extractor):
    text = ("The PLA is now exporting modernised platforms, including Type-99 MBTs, J-10 fighters and Yuan-class "
            "submarines to Thailand, Myanmar and Pakistan.")
    found = triples(deals(extractor, text, published="2017-09-27"))
    # what is exported is no fleet, though "modernised"; one list has one supplier, the one the J-10 names
    assert found == {("CHN", rec, fam) for rec in ("THA", "MMR", "PAK") for fam in ("Type-99", "J-10", "Yuan class")}
    text = "Russia has sold Su-30 jets to customers such as India, Algeria and Malaysia."
    assert triples(deals(extractor, text, published="2018-01-01")) == {
        ("RUS", rec, "Su-30") for rec in ("IND", "DZA", "MYS")}


def test_a_national_import_report_names_each_supplier(extractor):
    text = ("The South African National Defence Force imported military equipment worth R673 million in 2016, the "
            "arms control committee said. The army imported 21 000 rounds of 40 mm ammunition from Bulgaria. Other "
            "ammunition contracts were awarded to Norway. The import of 12 84 mm weapons from the Peoples Republic "
            "of China was approved.")
    ms = deals(extractor, text, published="2017-11-16")
    # "awarded to" a state makes it the supplier; "Peoples Republic of China" is China, not the Republic of China;
    # a weapon named by kind takes no party from another kind's frame
    assert triples(ms) == {("BGR", "ZAF", None), ("NOR", "ZAF", None), ("CHN", "ZAF", None)}
    assert next(m for m in ms if m.supplier == "CHN").quantity == 12


def test_a_makers_running_total_is_no_count_of_a_deal(extractor):
    text = ("The Netherlands received its first F-35A from the United States this week. To date, more than 360 F-35s "
            "have been delivered to eight countries.")
    ms = deals(extractor, text, published="2019-01-30")
    assert {(m.supplier, m.recipient, m.quantity) for m in ms} == {("USA", "NLD", None)}
    assert [c.quantity for m in ms for c in m.claims if c.quantity] == []
    text = "Russia delivered 12 Su-35 fighters to Egypt, one of more than 20 countries that buy its arms."
    (m,) = deals(extractor, text, published="2019-01-30")
    assert m.quantity == 12


def test_a_weapon_named_by_kind_before_its_name_is_that_system(extractor):
    text = ("BERLIN - Germany is looking to sell a secondhand surveillance drone that has cost the country more than "
            "700 million euros ($823 million) to Canada. A defence ministry reply states that Germany has decided to "
            "begin negotiations with Canada for the sale of the Euro Hawk aircraft and two ground stations.")
    (m,) = deals(extractor, text, published="2018-09-24")
    # a state that is looking to sell a system made elsewhere (a second-hand sale) supplies it
    assert (m.supplier, m.recipient, m.system) == ("DEU", "CAN", "RQ-4")
    (lead,) = [c for c in m.claims if c.sentence[0] == 0]
    # the lead's "surveillance drone" is the Euro Hawk, but it is no name as written
    assert lead.name is None and text[slice(*lead.sentence)].startswith("BERLIN")
    assert [(a[0], a[1]) for a in lead.amounts] == [(700e6, "EUR"), (823e6, "USD")]
    # a comparison names no party, nor does a region named like a state
    text = ("The deal would have put India next to the US and China with a fifth-generation fighter aircraft. Russia "
            "had offered India the Su-57 for joint development.")
    assert all(m.recipient not in ("USA", "CHN") for m in deals(extractor, text, published="2018-06-13"))
    text = "Ecuador is the first Latin American country to acquire an M28 aircraft."
    assert {m.recipient for m in deals(extractor, text, published="2018-09-05")} == {"ECU"}


def test_a_lead_that_sells_another_kind_of_weapon_is_a_deal_of_its_own(extractor):
    text = ("BEIRUT - The United States delivered a shipment of laser-guided rockets to the Lebanese Air Force on "
            "Feb. 13, part of a military aid package.\n\nThe aid program is the framework used for delivery of the six "
            "A-29 Super Tucano aircraft.")
    ms = deals(extractor, text, published="2019-02-20")
    rockets = [m for m in ms if m.system is None]
    assert [(m.supplier, m.recipient, m.status) for m in rockets] == [("USA", "LBN", "delivered")]
    assert {m.system for m in ms} == {None, "EMB-314"}
    # a lead whose kind is the named system's kind is that system, not another deal
    text = ("France delivered four fighter jets to Egypt on Tuesday.\n\nThe Rafale jets join the 24 ordered in "
            "2015.")
    assert {m.system for m in deals(extractor, text, published="2017-04-20")} == {"Rafale"}


def test_the_state_that_approves_a_sale_sells(extractor):
    for text in ("The US State Department has approved the possible sale of 12 A-29 Super Tucano aircraft to Nigeria "
                 "in a contract worth $593 million.",
                 "The U.S. government approved the sale of 12 A-29 Super Tucano aircraft to Nigeria."):
        (m,) = deals(extractor, text, published="2017-08-04")
        assert (m.supplier, m.recipient, m.system, m.quantity, m.status) == ("USA", "NGA", "EMB-314", 12, "approved")


def test_ships_sailing_are_no_shipment(extractor):
    from armswatch.extract.roles import TRANSFER_WORD

    # "ship", "ships" and "shipping" are nouns in naval news; a verb only before what is shipped
    for noun in ("sailed three navy ships through the strait", "began delaying shipping in the Sea of Azov",
                 "the ship was launched"):
        assert TRANSFER_WORD.search(noun) is None, noun
    for verb in ("will ship the missiles", "shipping arms to Yemen", "ships them to Turkey", "shipped"):
        assert TRANSFER_WORD.search(verb), verb
    # nor do the other senses of transfer words speak of a deal
    for other in ("in order to", "the supply chain", "the European Commission said", "won the election",
                  "The F-16 offers unmatched combat capability"):
        assert TRANSFER_WORD.search(other) is None, other
    for deal in ("an order of two A330 MRTT", "a deal with Russia", "commissioned into service", "offered to sell"):
        assert TRANSFER_WORD.search(deal), deal
    # a state or a system that gives no weapon: "which give a live video feed", "gives Germany interoperability"
    for other in ("turrets which give a live video feed", "the Chinook gives Germany interoperability",
                  "to give India capabilities"):
        assert TRANSFER_WORD.search(other) is None, other
    for deal in ("pledged to give 18 F-16s", "gave Ukraine 31 tanks"):
        assert TRANSFER_WORD.search(deal), deal
    # nor do services: "to deliver transformational results", "provided training to"
    for other in ("to deliver transformational results", "provided training to the pilots"):
        assert TRANSFER_WORD.search(other) is None, other
    for deal in ("provided Ukraine with Javelins", "delivered the 300th F-35"):
        assert TRANSFER_WORD.search(deal), deal
    text = "Russia will ship the S-400 missiles to Turkey next month."
    assert triples(deals(extractor, text, published="2019-05-01")) == {("RUS", "TUR", "S-400")}


def test_armed_forces_named_without_their_state_stand_for_it(extractor):
    text = ("The contract covering the delivery of the first batch of the Spike missiles for the Bundeswehr was "
            "signed in 2009 by the Eurospike joint venture.")
    assert triples(deals(extractor, text, published="2015-08-18")) == {("ISR", "DEU", "Spike")}
    text = "The PLA Navy took delivery of two more Su-35 fighters from Russia."
    assert triples(deals(extractor, text, published="2018-01-01")) == {("RUS", "CHN", "Su-35")}


def test_systems_listed_in_one_clause_share_its_parties(extractor):
    text = ("Egypt is another important African customer. It has expressed interest in T-90 tanks and Buyan class "
            "corvettes.")
    assert triples(deals(extractor, text, published="2018-03-14")) == {("RUS", "EGY", "T-90"),
                                                                       ("RUS", "EGY", "Buyan class")}
    # a rival named in the same clause shares nothing
    text = "India chose 26 Rafale M jets from France over the F/A-18 Super Hornet."
    assert triples(deals(extractor, text, published="2023-07-15")) == {("FRA", "IND", "Rafale")}


def test_each_item_of_a_list_has_its_own_source(extractor):
    text = ("The Ivory Coast has received a few items of military equipment since 2011, including a Predator patrol "
            "craft from China, three RPB 33 patrol boats from France and four AT-105 Saxon armoured patrol vehicles "
            "for use in United Nations operations.")
    assert triples(deals(extractor, text, published="2018-08-02")) == {
        ("CHN", "CIV", "Predator"), ("FRA", "CIV", "RPB-33"), ("GBR", "CIV", "AT-105")}


def test_a_bare_javelin_is_the_anti_tank_missile():
    from armswatch.extract.gazetteer import find_entities

    (e,) = [e for e in find_entities("the US delivered Javelin anti-tank weapons to Ukraine") if e.kind == "system"]
    assert e.family == "FGM-148"


def test_a_part_of_the_sellers_own_stock_is_the_count(extractor):
    text = "Russia has also offered to sell India 20 of its older MiG-29 fighter jets."
    (m,) = deals(extractor, text, published="2018-06-13")
    assert (m.supplier, m.recipient, m.system, m.quantity) == ("RUS", "IND", "MiG-29", 20)
    assert text[slice(*m.spans["quantity"])] == "20"


def test_a_domestic_order_from_a_listed_contractor(extractor):
    text = ("The U.S. Army has awarded Olin Corp. a contract for several sizes of small arms ammunition. The deal, "
            "announced by the Department of Defense, is worth $89 million.")
    (m,) = deals(extractor, text, published="2018-02-28")
    assert (m.supplier, m.recipient, m.system, m.value_amount) == ("USA", "USA", None, 89e6)


def test_forces_at_an_exercise_and_a_system_of_comparison_are_no_deal(extractor):
    text = ("The Cope India exercise between the Indian and American air forces starts on December 3, and while the "
            "IAF is deploying its fighters like Sukhoi-30MKIs and Mirage-2000s, the USAF has dispatched 12 F-15 jets.")
    assert deals(extractor, text, published="2018-12-01") == []
    text = ("Phase 2 is intended to give India capabilities in the class of the US Terminal High Altitude Area "
            "Defence (THAAD).")
    assert deals(extractor, text, published="2018-02-22") == []
    # a state that may "exercise its" right or an option is no exercise
    text = ("Asked about the offer of Rafale fighters to Belgium, Trappier said it was up to Belgium to exercise its "
            "rights.")
    assert ("FRA", "BEL", "Rafale") in triples(deals(extractor, text, published="2018-03-09"))


def test_a_source_named_after_according_to_is_no_party(extractor):
    text = ("Canada agreed to sell LAV 6 armoured vehicles to Saudi Arabia. Delivery of the first vehicles was slated "
            "to begin in early 2017, according to internal Global Affairs Canada emails.")
    assert triples(deals(extractor, text, published="2018-03-20")) == {("CAN", "SAU", "LAV 6")}
    from armswatch.extract.gazetteer import find_entities
    from armswatch.extract.roles import role_cue

    sent = text.index("Delivery")
    (canada,) = [e for e in find_entities(text) if e.start > sent and e.iso3 == "CAN"]
    assert role_cue(text, sent, canada).role == "none"


def test_a_state_that_must_authorise_a_sale_does_not_make_it(extractor):
    text = ("The French government must seek U.S. authorization before selling French Scalp cruise missiles with "
            "American components to Egypt.")
    assert triples(deals(extractor, text, published="2018-03-09")) == {("FRA", "EGY", "SCALP")}


def test_a_fleets_size_is_no_count_of_a_deal(extractor):
    text = ("Draken International bought twelve Denel Cheetah fighter jets from South Africa, which increased "
            "Draken's fleet size to over 150 fighter aircraft.")
    ms = deals(extractor, text, published="2018-04-11")
    assert [c.quantity for m in ms for c in m.claims if c.quantity] == [12]


def test_systems_bought_alongside_others_are_no_fleet(extractor):
    text = ("Pakistan ordered 12 Ukrainian armoured recovery vehicles alongside with 294 Oplot-M main battle tanks "
            "for delivery in 2018-2021.")
    assert ("UKR", "PAK", "T-84") in triples(deals(extractor, text, published="2018-04-18"))
    # alongside a fleet it already flies, a type is no deal
    text = "The Indian Air Force flies the Su-30MKI alongside its Mirage 2000 fleet, and has ordered 36 Rafale jets."
    assert all(m.system != "Mirage-2000" for m in deals(extractor, text, published="2018-04-18"))


def test_a_count_the_delivery_states_is_claimed(extractor):
    text = ("Egypt in 2017 began receiving the first of 46 MiG-29M fighters that were ordered from Russia in December "
            "2015 - 15 were delivered last year.")
    (m,) = deals(extractor, text, published="2018-03-14")
    assert m.quantity == 46 and sorted(c.quantity for c in m.claims if c.quantity) == [15, 46]
    # a delivery schedule and a bid count are not
    text = ("Egypt ordered 46 MiG-29M fighters from Russia in December 2015, with 30 shipped by 2020. Bids were "
            "solicited via the Internet with 67 received.")
    (m,) = deals(extractor, text, published="2018-03-14")
    assert [c.quantity for c in m.claims if c.quantity] == [46]


def test_a_sentence_about_another_buyer_goes_to_that_buyers_deal(extractor):
    text = ("Bell Helicopter will soon deliver five refurbished Huey II helicopters to Uganda's military.\n\nKenya "
            "received eight Huey IIs from Bell between December 2016 and July 2017. Bell was in September 2016 "
            "awarded a $34.5 million contract for the five helicopters for Uganda.")
    ms = deals(extractor, text, published="2018-01-03")
    uganda = next(m for m in ms if m.recipient == "UGA")
    assert uganda.value_amount == 34.5e6
    assert [a[0] for c in uganda.claims for a in c.amounts] == [34.5e6]
    assert all(m.value_amount is None for m in ms if m.recipient == "KEN")


def test_retired_jets_sold_and_an_option_exercised_are_deals(extractor):
    text = ("Draken sees the Cheetah jets as complementary.\n\nDenel sold 12 retired Cheetahs to the Ecuadorian Air "
            "Force six years ago.")
    (m,) = deals(extractor, text, published="2018-08-29")
    assert (m.supplier, m.recipient, m.quantity) == ("ZAF", "ECU", 12)
    text = ("Dassault expects a down payment from Qatar shortly after exercising an option in December for 12 more "
            "Rafale fighters.")
    assert ("FRA", "QAT", "Rafale") in triples(deals(extractor, text, published="2018-03-09"))


def test_a_kind_in_a_names_own_capitals_is_a_weapon(extractor):
    text = ("VT Halter Marine has won a $746m deal to build the US Coast Guard's lead Polar Security Cutter for the "
            "US Navy.")
    (m,) = deals(extractor, text, published="2019-04-23")
    assert (m.supplier, m.recipient, m.system, m.value_amount) == ("USA", "USA", None, 746e6)
    assert [c.name for c in m.claims] == ["Polar Security Cutter"]


def test_totals_cuts_and_budget_lines_are_no_price(extractor):
    for text in (
            "The top 10 Japanese contractors were awarded contracts worth $7.5 billion for F-35 parts from the US.",
            "The F-35 program has generated more than $1 billion in contracts for Netherlands industry, the US said.",
            "The Army confirmed an $800 million cut in JLTV purchases from the US, Kuwait said.",
            "The minister sought a supplementary provision of $484 million to procure two Islanders from the UK."):
        assert all(m.value_amount is None for m in deals(extractor, text, published="2018-08-15")), text
    # an amount restated in square brackets is its twin
    text = ("China and Cameroon signed a convention worth 4.5 billion francs CFA [$7.9 million] to assist the "
            "Cameroon defence forces in acquiring Type 90 armoured vehicles from China.")
    ms = deals(extractor, text, published="2018-07-19")
    assert sorted(a[0] for m in ms for c in m.claims for a in c.amounts) == [7.9e6, 4.5e9]


def test_what_a_unit_is_made_of_is_no_count_of_a_deal(extractor):
    from armswatch.extract.gazetteer import Entity
    from armswatch.extract.money import find_money
    from armswatch.extract.numbers import find_quantities
    from armswatch.extract.pipeline import _count_before

    for text, kind in (("Each battalion consists of eight launchers.", "launchers"),
                       ("The $800 million cut translates to at least 1,500 vehicles.", "vehicles"),
                       ("The deal with France consists of 36 jets.", "jets")):
        start = text.index(kind)
        e = Entity(start, start + len(kind), "system", kind, form="generic")
        q = _count_before(text, e, find_quantities(text, find_money(text)), 0)
        assert (q.value if q else None) == (36 if "France" in text else None), text
    # but what a deal consists of is its count
    text = "The deal with France consists of 36 Rafale jets for India."
    (m,) = deals(extractor, text, published="2016-09-23")
    assert m.quantity == 36


def test_an_earlier_purchase_and_an_ejection_from_a_programme(extractor):
    text = "Egypt went on to buy two Mistral helicopter carriers, which France had bought back from Russia."
    assert triples(deals(extractor, text, published="2018-03-09")) == {("FRA", "EGY", "Mistral")}
    text = ("The U.S. has warned Turkey that the buy will result in economic sanctions and also Turkey's ejection from "
            "the F-35 fighter jet program.")
    assert deals(extractor, text, published="2019-06-25") == []


def test_a_negated_buyer_is_still_the_buyer_and_bystanders_are_no_party(extractor):
    text = ("Turkey won't strike a deal on purchasing American-made Patriot air defense missile systems if the US ties "
            "it with tearing up the existing arms contract with Moscow.")
    assert triples(deals(extractor, text, published="2019-01-11")) == {("USA", "TUR", "Patriot")}
    text = "On the blocked sale of SCALP missiles to Egypt, the minister said: we are at the mercy of the Americans."
    assert triples(deals(extractor, text, published="2018-09-06")) == {("FRA", "EGY", "SCALP")}


def test_a_nato_reporting_name_is_the_same_system():
    from armswatch.extract.gazetteer import find_entities
    from armswatch.extract.pipeline import _one_per_name

    text = ("The Russian military took delivery of a new S-400 Triumf advanced Air Defense System (NATO reporting "
            "name: SA-21 Growler) regiment.")
    systems = [e for e in find_entities(text) if e.kind == "system"]
    assert [e.text for e in _one_per_name(text, systems)] == ["S-400 Triumf"]


def test_the_ships_a_weapon_is_bought_for_are_not_traded(extractor):
    text = ("The Egyptian military will receive Ka-52K Katran helicopters from Russia for its Mistral class landing "
            "helicopter dock vessels.")
    assert triples(deals(extractor, text, published="2017-06-13")) == {("RUS", "EGY", "Ka-52")}
    text = "Egypt went on to buy two Mistral helicopter carriers from France."
    assert triples(deals(extractor, text, published="2017-06-13")) == {("FRA", "EGY", "Mistral")}


def test_systems_measured_against_or_fired_are_not_bought(extractor):
    for text, family in (
            ("The follow-on model to the S-300 from Almaz-Antei, the S-400 system, was offered to Turkey by Russia.",
             "S-300"),
            ("Russia offered India the Su-35, which could make it competitive with Dassault Aviation's Rafale.",
             "Rafale"),
            ("Russia sold Iran the S-300PMU-2, which can purportedly also fire the 9M96E missiles.", "9M96")):
        assert all(m.system != family for m in deals(extractor, text, published="2018-04-05")), text


def test_a_full_stop_that_lost_its_space_still_ends_a_sentence(extractor):
    text = "Monitoring elections in 1994.The Seeker II has undergone tests. The U.S.Army said so."
    assert [text[a:b] for a, b in extractor.sentences(text)] == [
        "Monitoring elections in 1994.", "The Seeker II has undergone tests.", "The U.S.Army said so."]


def test_a_count_swallowed_by_the_kind_is_its_count(extractor):
    from armswatch.extract.money import find_money
    from armswatch.extract.numbers import find_quantities
    from armswatch.extract.pipeline import _count_before, _generic_systems

    text = "Hyundai has bagged an order to build two frigates."
    (g,) = _generic_systems(text)
    assert g.text == "frigates"
    assert _count_before(text, g, find_quantities(text, find_money(text)), 0).value == 2
    # what a force received over the last years in all is no count of a deal
    text = "Mali's Air Force has received nearly a dozen new aircraft from Brazil over the last couple of years."
    assert [c.quantity for m in deals(extractor, text, published="2018-07-12") for c in m.claims if c.quantity] == []


def test_kinds_found_from_their_head_nouns_are_the_full_scans():
    from armswatch.extract.pipeline import GENERIC_WEAPON, _generic_matches

    for text in ("Russia sold missiles and tanks to Algeria, and two fighter jets, 16 new helicopters and Chinese-made "
                 "patrol boats to Ghana.",
                 "The Navy will build two Fleet Support Ships and a Polar Security Cutter; combat aircraft come later.",
                 "No weapons here at all, only arms and ammunition and weapons."):
        found = [m.span() for m in _generic_matches(text, len(text))]
        assert found == [m.span() for m in GENERIC_WEAPON.finditer(text)]


def test_carriers_and_types_in_a_nations_service_are_not_traded(extractor):
    text = "Two sea vessels have delivered the first regimental set of S-400 Triumf systems from Russia to China."
    (m,) = deals(extractor, text, published="2018-04-03")
    assert (m.supplier, m.recipient, m.system) == ("RUS", "CHN", "S-400")
    assert [c.quantity for c in m.claims if c.quantity] == []
    text = ("The two Y-12E light transport aircraft were delivered from China to Mali in September 2017 and joined a "
            "number of Basler BT-67 turboprops in Malian service.")
    assert {m.system for m in deals(extractor, text, published="2018-07-12")} == {"Y-12"}
