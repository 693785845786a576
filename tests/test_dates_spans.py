"""The days a lasting or roughly dated mention may cover (pipeline/spans.py), on sentences
written for these tests: spans where the text tells one, none for one-day occurrences and for a
"since" of a post or a law."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline import settings
from pipeline.dates import DateConfigError, ParsedDate, load_date_config
from pipeline.nlp import load_nlp
from pipeline.spans import occurrence_span

from test_predicates import _mentions

ROOT = Path(__file__).resolve().parent.parent


def day(iso: str) -> ParsedDate:
    return ParsedDate(iso, {10: "day", 7: "month", 4: "year"}[len(iso)])


def span(text, trigger, kind, when, date_text="", ended=None, reference="2021-06-01", previous=None):
    found = occurrence_span(text, trigger, kind, when and day(when), date_text, ended and day(ended),
                            reference and day(reference), previous and day(previous))
    return found and (found.start.isoformat(), found.end.isoformat())


@pytest.mark.parametrize("text, trigger, kind, when, date_text, ended, expected", [
    # ended after lasting: from that long before the end to the end, covering the start's month
    ("The shootings ended an eight-month strike by the miners.", "strike", "strike", "2011-04", "ended an eight-month strike",
     "2011-12-16", ("2011-04-01", "2011-12-16")),
    ("The raid ended a 12-day sit-in at the factory.", "sit-in", "protest", "2020-03-10", "10 March 2020", "2020-03-10",
     ("2020-02-27", "2020-03-10")),
    # counted into the occurrence: from its first day or month to the date
    ("On 20 March the miners were on the 20th day of their hunger strike.", "strike", "strike", "2020-03-20", "20 March", None,
     ("2020-03-01", "2020-03-20")),
    ("The teachers gathered on 7 February, the sixth day of their rallies.", "gathered", "protest", "2022-02-07", "7 February",
     None, ("2022-02-02", "2022-02-07")),
    ("By 8 July the drivers were in the second month of their strike.", "strike", "strike", "2011-07-08", "8 July", None,
     ("2011-06-01", "2011-07-08")),
    # going on since a date: from it to the report
    ("Nurses have been holding rallies since 22 February 2021.", "rallies", "protest", "2021-02-22", "22 February 2021", None,
     ("2021-02-22", "2021-06-01")),
    # a count of the occurrence's length: the count either side of a date inside it
    ("On 5 May 2020 some 300 miners began a ten-day hunger strike.", "strike", "strike", "2020-05-05", "5 May 2020", None,
     ("2020-04-25", "2020-05-15")),
    ("In March 2021 the dockers struck for three weeks.", "struck", "strike", "2021-03", "March 2021", None,
     ("2021-02-08", "2021-04-21")),
])
def test_a_lasting_occurrence_spans_the_days_its_sentence_tells(text, trigger, kind, when, date_text, ended, expected):
    assert span(text, trigger, kind, when, date_text, ended) == expected


def test_an_occurrence_going_on_at_the_report_for_a_while_ends_at_the_report():
    assert span("The miners have been on strike for three months.", "strike", "strike", None, reference="2021-03-10") == (
        "2020-12-10", "2021-03-10")


@pytest.mark.parametrize("date_text, previous, reference, expected", [
    # counted from the date read before, in years: half a year either side, and the counted year
    ("Ten years prior", "2022-01", "2022-08-11", ("2011-07-03", "2012-12-31")),
    ("a year later", "2017-01-21", "2019-01-01", ("2017-07-23", "2018-12-31")),
    ("two years ago", None, "2021-06-15", ("2018-12-15", "2019-12-31")),
])
def test_a_round_count_of_years_covers_half_a_year_either_side(date_text, previous, reference, expected):
    when = {"Ten years prior": "2012", "a year later": "2018", "two years ago": "2019"}[date_text]
    assert span(f"{date_text}, police opened fire on the strikers.", "opened fire", "violence", when, date_text,
                reference=reference, previous=previous) == expected


@pytest.mark.parametrize("text, trigger, kind, when, date_text", [
    ("Ivan Petrov was detained for two days on 5 May 2021.", "detained", "arrest", "2021-05-05", "5 May 2021"),  # one-day arrest
    ("He was sentenced to three months in prison on 4 June 2021.", "sentenced", "conviction", "2021-06-04", "4 June 2021"),
    ("Ivan Petrov, chair of the union since 2010, was arrested.", "arrested", "arrest", "2010", "2010"),  # a post held since
    ("The law, in force since 2014, bans strikes in the oil sector.", "bans", "legislation", "2014", "2014"),
    ("It was the first strike since 2011 in the region.", "strike", "strike", "2011", "2011"),  # a comparison, not a start
    ("Police dispersed the rally on 3 May 2021.", "dispersed", "protest", "2021-05-03", "3 May 2021"),  # one day of a protest
    ("Two weeks later the workers went on strike.", "strike", "strike", "2021-05-17", "Two weeks later"),  # days, not years
    ("Workers struck on 9 May 2021, a week before the ten-day deadline.", "struck", "strike", "2021-05-09", "9 May 2021"),
    ("Workers went on strike on 9 May 2021, demanding their unpaid wages for three months of work.", "strike", "strike",
     "2021-05-09", "9 May 2021"),  # a "for" count of something else, far from the trigger
])
def test_a_one_day_occurrence_or_a_since_of_a_state_has_no_span(text, trigger, kind, when, date_text):
    assert span(text, trigger, kind, when, date_text, previous="2021-05-03") is None


def test_a_span_never_leaves_out_the_mentions_own_date():
    start, end = span("The raid ended a three-month occupation of the mine.", "occupation", "protest", "2020-01",
                      "ended a three-month occupation", ended="2020-04-02")
    assert start <= "2020-01-01" and end >= "2020-04-02"


def test_the_lasting_types_and_nouns_are_validated_with_the_entry_named(tmp_path):
    good = tmp_path / "dates.toml"
    good.write_text('[lasting]\ntypes = ["strike"]\nnouns = ["Picket"]\n', encoding="utf-8")
    config = load_date_config(good)
    assert config.lasting_types == {"strike"} and config.lasting_nouns == {"picket"}
    for body, entry in (('[lasting]\ntypes = "strike"\n', "types"), ('[lasting]\nnouns = [""]\n', "nouns"),
                        ('[lasting]\nkinds = ["strike"]\n', "unknown")):
        bad = tmp_path / "bad.toml"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(DateConfigError, match=entry):
            load_date_config(bad)


# -- in extraction, with the real model ------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


def test_a_strike_reported_by_its_end_and_one_reported_by_its_start_share_days(nlp):
    end = _mentions(nlp, "The police shootings on 16 December 2011 ended an eight-month strike by the town's oil workers.",
                    "2021-12-16")
    (strike,) = end[end["event_type"] == "strike"].to_dict("records")
    assert (strike["event_date"], strike["span_start"], strike["span_end"]) == ("2011-04", "2011-04-01", "2011-12-16")
    rallies = _mentions(nlp, "Workers at the plant have been holding rallies since 22 February 2019, demanding higher wages.",
                        "2019-03-15")
    (protest,) = rallies[rallies["event_type"] == "protest"].to_dict("records")
    assert (protest["event_date"], protest["span_start"], protest["span_end"]) == ("2019-02-22", "2019-02-22", "2019-03-15")


def test_a_since_of_a_post_gives_way_to_the_arrest_date_and_gives_no_span(nlp):
    mentions = _mentions(nlp, "Ivan Petrov, chair of the union since 2010, was arrested on 4 March 2021.", "2021-03-10")
    (arrest,) = mentions[mentions["event_type"] == "arrest"].to_dict("records")
    assert arrest["event_date"] == "2021-03-04"
    assert arrest["span_start"] is None and arrest["span_end"] is None


def test_ten_years_prior_counts_from_the_date_read_before_and_reaches_the_year_before(nlp):
    mentions = _mentions(nlp, "Protests began in the capital in January. Ten years prior, another strike in the town "
                              "had ended when police opened fire on protesters.", "2022-08-11")
    (strike,) = mentions[mentions["event_type"] == "strike"].to_dict("records")
    assert strike["event_date"] == "2012"
    assert strike["span_start"] <= "2011-12-16" <= strike["span_end"]  # a shooting in December 2011 may be it
    assert date.fromisoformat(strike["span_start"]) > date(2011, 6, 1)


# -- in the mentions table ---------------------------------------------------------------------


def test_the_mentions_table_keeps_spans_and_refuses_one_ending_before_it_starts(sample_output):
    import pandas as pd

    from pipeline.schema import schema_problems, schemas

    mentions = pd.read_parquet(sample_output.out / "mentions.parquet")
    spanned = mentions[mentions["span_start"].notna()]
    assert len(spanned) and (spanned["span_start"] <= spanned["span_end"]).all()
    assert mentions[mentions["span_start"].isna()]["span_end"].isna().all()
    schema = schemas()["mentions"]
    assert schema_problems("mentions", mentions, schema) == []
    assert schema_problems("mentions", mentions.drop(columns=["span_start", "span_end"]), schema) == []  # written before
    broken = mentions.copy()
    at = spanned.index[0]
    broken.loc[at, "span_end"] = "1999-01-01"
    assert any("span_start" in str(p) for p in schema_problems("mentions", broken, schema))
