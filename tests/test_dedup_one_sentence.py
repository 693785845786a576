"""Two mentions extraction read in one sentence with one type, each dated by a date expression
of its own ("protests this year, starting with a demo in the town on 3 March"), are two
occurrences: never one event, even through other reports of either; and the near misses: two
mentions of one sentence sharing their date text (the days of "on 6 and 27 August", told apart
by their dates), or one dated by its publication, are not kept apart by this rule."""

from __future__ import annotations

from pipeline.pair_rules import one_sentence

from test_dedup import dedup_rows, mention, same_event

WAVE = "Nationwide protests shook the country earlier this year, starting with a demo in the town of Kryvyi Rih on 3 March."


def test_a_wave_of_protests_and_the_demo_it_started_with_never_merge_even_through_other_reports():
    rows = [
        mention("w1", WAVE, "protest", "2021", "harbour-news", locations=["Ukraine", "Kryvyi Rih"], precision="year",
                published="2021-05-20"),
        mention("w1", WAVE, "protest", "2021-03-03", "harbour-news", locations=["Ukraine", "Kryvyi Rih"], published="2021-05-20"),
        mention("w2", "Hundreds of residents marched in Kryvyi Rih on 3 March 2021 against rising prices.", "protest",
                "2021-03-03", "labour-wire", locations=["Kryvyi Rih"], published="2021-03-04"),
        mention("w3", "Protests spread across the country in 2021 as prices rose.", "protest", "2021", "city-daily",
                locations=["Ukraine"], precision="year", published="2021-06-01"),
    ]
    rows[1]["mention_id"] += "b"  # the sentence's second occurrence (extraction hashes it with its predicate)
    rows[0]["date_text"], rows[1]["date_text"] = "earlier this year", "3 March"
    result = dedup_rows(*rows)
    assert not same_event(result, 0, 1)
    assert same_event(result, 1, 2)  # the demo still meets another publisher's report of it


def test_one_sentences_mentions_sharing_a_date_text_or_dated_by_publication_are_not_kept_apart_by_it():
    text = "On 6 and 27 August 2018 the Ministry refused registration of the union."
    first = mention("r1", text, "deregistration", "2018-08-06", "harbour-news")
    second = mention("r1", text, "deregistration", "2018-08-27", "harbour-news")
    first["date_text"] = second["date_text"] = "6 and 27 August 2018"
    assert not one_sentence(first, second)  # their days tell them apart, not this rule
    undated = mention("r1", text, "deregistration", None, "harbour-news")
    assert not one_sentence(first, undated)
    other_sentence = mention("r1", "The Ministry refused registration again on 27 August 2018.", "deregistration",
                             "2018-08-27", "harbour-news")
    assert not one_sentence(first, other_sentence)
    own = dict(second, date_text="27 August 2018")
    first["date_text"] = "6 August 2018"
    assert one_sentence(first, own)
