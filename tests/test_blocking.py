"""Blocks that need no shared name stay bounded; "he" and "the union" resolve within a page."""

from __future__ import annotations

from pipeline.blocking import extra_pairs, rare_words
from pipeline.coref import complete_participants


def row(doc: str, evidence: str, people=(), organisations=(), event_type: str = "arrest", url: str = "") -> dict:
    return {"doc_id": doc, "evidence": evidence, "people": list(people), "organisations": list(organisations),
            "event_type": event_type, "url": url or f"https://example.org/{doc}"}


def test_pronouns_and_descriptions_take_the_nearest_earlier_name_of_the_same_page():
    rows = [
        row("d1", "Union leader Maria Lopez was detained on Monday.", people=["Maria Lopez"], organisations=["Dockers Union"]),
        row("d1", "He was sentenced on Wednesday.", people=[]),
        row("d1", "The union said the charges were false.", people=[]),
        row("d2", "She was released.", people=[]),  # another page: no antecedent
        row("d1", "Oleg Sato and Anna Kim were fined.", people=["Oleg Sato", "Anna Kim"]),
        row("d1", "The two leaders appealed.", people=[]),
    ]
    done = complete_participants(rows)
    assert done[1]["people"] == ["Maria Lopez"] and done[1]["resolved"]
    assert done[2]["organisations"] == ["Dockers Union"] and done[2]["resolved"]
    assert done[3] == {"people": [], "organisations": [], "resolved": False}
    assert done[5]["people"] == ["Oleg Sato", "Anna Kim"]
    assert not done[0]["resolved"] and done[0]["people"] == ["Maria Lopez"]


def test_rare_words_are_shared_and_not_everywhere():
    rows = [row(f"d{k}", text) for k, text in enumerate([
        "Couriers went on strike over unpaid wages.", "The couriers strike entered its third day.",
        "Police detained the strike leaders.", "Strike leaders were fined by a court.",
    ])]
    words = rare_words(rows, max_share=0.5, per_mention=2)
    assert "couriers" in words[0] and "couriers" in words[1]
    assert all("strike" not in w for w in words)  # in every mention: no block


def test_blocks_are_bounded_split_by_year_and_counted():
    day = 738000
    rows = [row(f"d{k}", f"Report number {k} of an arrest.") for k in range(30)]
    ranges = [(day + 400 * (k % 3), day + 400 * (k % 3)) for k in range(30)]  # three years, ten a year
    nobody = [{"people": [], "organisations": [], "resolved": False}] * 30
    places = [{"Port Elm"}] * 30
    pairs, stats = extra_pairs(rows, ranges, [None] * 30, nobody, places, [set()] * 30, {}, 1, 12, 0.05, 4)
    assert stats["place_type"].blocks == 3 and stats["place_type"].largest == 10 and stats["place_type"].skipped == 0
    assert stats["place_type"].pairs == 3 * 45 and len(pairs) == 3 * 45  # only same-day pairs, never across years
    # a year of ten reports of one day over a bound of 8: split (month, day), then a sorted window
    narrow, crowded = extra_pairs(rows, ranges, [None] * 30, nobody, places, [set()] * 30, {}, 1, 8, 0.05, 4, window=4)
    assert crowded["place_type"].skipped == 0 and crowded["place_type"].split == 3 and crowded["place_type"].windowed == 3
    assert crowded["place_type"].pairs == 3 * (1 + 2 + 3 + 4 * 6) and set(narrow) < set(pairs)  # each meets its 4 nearest


def test_an_index_entry_pairs_with_the_page_it_links_to():
    rows = [row("entry", "Dockers' leader detained", url="https://example.org/index"),
            row("page", "Police detained the dockers' leader.", url="https://example.org/news/1"),
            row("other", "Police detained a journalist.", url="https://example.org/news/2")]
    nobody = [{"people": [], "organisations": [], "resolved": False}] * 3
    pairs, stats = extra_pairs(rows, [None] * 3, [None] * 3, nobody, [set()] * 3, [set()] * 3,
                               {"entry": "https://example.org/news/1"}, 1, 50, 0.05, 4)
    assert pairs == {(0, 1): {"link"}} and stats["link"].pairs == 1


def test_related_types_share_a_type_block_and_others_do_not():
    from pipeline.blocking import type_keys

    alike = frozenset({frozenset({"strike", "protest"})})
    assert type_keys("strike", alike) == ["strike", "protest+strike"]
    assert type_keys("protest", alike) == ["protest", "protest+strike"]
    assert type_keys("arrest", alike) == ["arrest"]
    rows = [dict(row(f"d{k}", text, event_type=t), locations=["Greenfield"]) for k, (text, t) in enumerate([
        ("Workers began a hunger strike.", "strike"), ("Workers staged a hunger protest.", "protest"),
        ("Police detained two workers.", "arrest"),
    ])]
    ranges = [(10, 10)] * 3
    participants = complete_participants(rows)
    pairs, stats = extra_pairs(rows, ranges, ranges, participants, [{"Greenfield"}] * 3, [set()] * 3, {}, 1, 50, 1.0, 4, alike)
    assert "place_type" in pairs[(0, 1)] and "unnamed" in pairs[(0, 1)]
    assert not any(k in pairs.get((0, 2), set()) for k in ("place_type", "unnamed", "type_date"))


def test_they_refers_back_to_several_people_named_together_never_to_one():
    rows = [
        row("d1", "Union leader Maria Lopez was detained on Monday.", people=["Maria Lopez"]),
        row("d1", "Dockers said their wages had not been paid for months.", people=[]),  # the dockers, not Lopez
        row("d1", "She was released on Friday.", people=[]),
        row("d2", "Oleg Sato and Anna Kim were fined.", people=["Oleg Sato", "Anna Kim"]),
        row("d2", "They appealed on Tuesday.", people=[]),
        row("d2", "He was not in court.", people=[]),  # one of two: not resolved to both
    ]
    done = complete_participants(rows)
    assert done[1]["people"] == [] and not done[1]["resolved"]
    assert done[2]["people"] == ["Maria Lopez"] and done[2]["resolved"]
    assert done[4]["people"] == ["Oleg Sato", "Anna Kim"] and done[4]["resolved"]
    assert done[5]["people"] == [] and not done[5]["resolved"]
