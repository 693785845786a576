"""The event's own date: weekdays, named days, parts of days, relative and coordinated dates,
update boxes, deadlines; and every date within the configured plausible range, never raising.

Sentences are written for these tests; those that go through spaCy use the real model."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from pipeline import settings as pipeline_settings
from pipeline.dates import (
    DateConfigError, ParsedDate, clause_dates, load_date_config, out_of_bounds, parse_date, publication_default,
    resolve_date, update_reference,
)
from pipeline.extract import Reading, load_event_types, sentence_date, sentence_dates
from pipeline.occurrences import background_spans


def read_sentence(text, rules):
    """What the extractor passes to sentence_date for a sentence read on its own: its background spans."""
    return Reading(None, None, background_spans(text, rules))

FRIDAY = parse_date("2021-12-03")  # a Friday
RULES = load_event_types(pipeline_settings.EVENT_TYPES_FILE)


def iso(resolution):
    return (resolution.date.iso, resolution.date.precision) if resolution.date else None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Wednesday", ("2021-12-01", "day")),  # the last Wednesday on or before the reference
        ("on Friday", ("2021-12-03", "day")),  # the reference day itself
        ("last Saturday", ("2021-11-27", "day")),
        ("Sunday night", ("2021-11-28", "day")),  # a part of a day keeps the day
        ("on the evening of Tuesday", ("2021-11-30", "day")),
        ("the morning of 21 September 2021", ("2021-09-21", "day")),
        ("a week ago", ("2021-11-26", "day")),
        ("three days ago", ("2021-11-30", "day")),
        ("two months ago", ("2021-10", "month")),
        ("a year ago", ("2020", "year")),
        ("last month", ("2021-11", "month")),
        ("earlier this year", ("2021", "year")),
        ("last year", ("2020", "year")),
        ("last week", ("2021-11", "month")),
        ("on New Year's Eve", ("2020-12-31", "day")),  # the last one before the reference
        ("on New Year’s Day", ("2021-01-01", "day")),
        ("on Christmas Day 2019", ("2019-12-25", "day")),  # a year of its own
        ("on International Workers' Day", ("2021-05-01", "day")),
        ("on May Day", ("2021-05-01", "day")),
        ("in August and October 2020", ("2020-08", "month")),  # a series: its start
        ("from 5 to 9 March", ("2021-03-05", "day")),  # a range: its start
        ("between 2015 and 2017", ("2015", "year")),
    ],
)
def test_expressions_resolve_against_the_reference_date(text, expected):
    assert iso(resolve_date(text, FRIDAY)) == expected


@pytest.mark.parametrize("text", ["next Monday", "for two years", "aged 45", "a 30-day strike", "on Wednesday"])
def test_no_date_without_a_reference_or_for_durations_and_days_to_come(text):
    reference = None if text == "on Wednesday" else FRIDAY
    resolution = resolve_date(text, reference)
    assert resolution.date is None and resolution.problem


@pytest.mark.parametrize(
    "text, previous, expected",
    [
        ("Two days earlier, police had searched his flat", "2021-03-10", ("2021-03-08", "day")),
        ("a year before", "2021-03-10", ("2020", "year")),
        ("three months prior", "2021-02", ("2020-11", "month")),
        ("two days before the strike", "2021-03-10", None),  # counts from the strike, not from the date read before
    ],
)
def test_earlier_dates_count_back_from_the_previous_date(text, previous, expected):
    assert iso(resolve_date(text, FRIDAY, parse_date(previous))) == expected
    assert resolve_date(text, FRIDAY).date is None


def test_a_named_day_after_the_reference_is_last_years():
    assert iso(resolve_date("on Christmas Eve", parse_date("2021-12-03"))) == ("2020-12-24", "day")
    assert iso(resolve_date("on Christmas Eve", parse_date("2021-12-27"))) == ("2021-12-24", "day")
    assert iso(resolve_date("on New Year's Eve", parse_date("2022-01-02"))) == ("2021-12-31", "day")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("were arrested in August and October 2020 respectively", ["2020-08", "2020-10"]),
        ("On 6 and 27 August 2018 the ministry refused registration", ["2018-08-06", "2018-08-27"]),
        ("detained on 3 March and 5 April 2021", ["2021-03-03", "2021-04-05"]),  # the year is shared
        ("on 5, 9 and 12 March", ["2021-03-05", "2021-03-09", "2021-03-12"]),
        ("from 5 to 9 March", ["2021-03-05"]),
        ("fined in 2019 and dismissed on Wednesday", ["2019", "2021-12-01"]),
        ("jailed for five years in 2016", ["2016"]),  # a duration is no date
    ],
)
def test_clause_dates_distribute_over_coordinated_events(text, expected):
    assert [d.iso for d in clause_dates(text, FRIDAY)] == expected


def test_an_update_heading_is_the_reference_not_the_event_date():
    text = "November 29, 2021 Update: the organiser was freed on Wednesday."
    reference, start, end = update_reference(text)
    assert reference == ParsedDate("2021-11-29", "day") and text[start:end] == "November 29, 2021 Update:"
    assert update_reference("UPDATE (2 March 2020): the charges were dropped.")[0] == ParsedDate("2020-03-02", "day")
    assert update_reference("The union will update its members on 2 March 2020.") is None


def test_publication_default_day_for_the_items_own_act_month_for_a_violation():
    assert publication_default(FRIDAY, own_act=True) == FRIDAY
    assert publication_default(FRIDAY, own_act=False) == ParsedDate("2021-12", "month")
    assert publication_default(None, own_act=False) is None


# -- bounds -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["0000", "0001-01-01T00:00:00Z", "31-12-9999", "01-01-0001", "10000", "1899-12-31", "9999-12"])
def test_impossible_and_implausible_dates_are_refused(text):
    assert parse_date(text) is None


def test_a_refused_date_comes_with_its_reason():
    from pipeline.dates import checked_date

    assert checked_date("0001-01-01T00:00:00Z") == (None, "implausible date 0001-01-01 before 1900")
    assert checked_date("31-12-9999", FRIDAY)[1].startswith("implausible date 9999-12-31 more than 1 year(s) after 2021-12-03")
    assert checked_date("0000")[1] == "impossible date '0000'"  # year 0 is no year
    assert checked_date("30-02-2020")[1] == "impossible date '30-02-2020'"
    assert checked_date("soon")[1] == "no date"
    assert checked_date("2021-03-05") == (ParsedDate("2021-03-05", "day"), "")


def test_relative_dates_from_implausible_dates_give_a_reason_not_an_exception():
    far = ParsedDate("9999-12-31", "day")  # as if it had slipped through
    later = resolve_date("a week later", FRIDAY, far)
    assert later.date is None and later.problem
    assert resolve_date("last year", ParsedDate("0001-01-01", "day")).date is None
    assert resolve_date("a week ago", ParsedDate("1900-01-03", "day")).date is None  # 1899
    assert "before 1900" in out_of_bounds(ParsedDate("1899", "year"))
    assert out_of_bounds(ParsedDate("2023-01", "month"), FRIDAY)  # more than a year after the reference
    assert out_of_bounds(ParsedDate("2022-11-30", "day"), FRIDAY) == ""


REFERENCES = st.one_of(
    st.none(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(lambda d: ParsedDate(d.isoformat(), "day")),
    st.integers(0, 9999).map(lambda y: ParsedDate(f"{y:04d}", "year")),
)
PIECES = st.sampled_from([
    "on", "Wednesday", "a week later", "a week ago", "last year", "31-12-9999", "01-01-0001", "0000", "10000",
    "New Year's Eve", "5", "March", "and", "2021", "9999", "respectively", "the next day", "Update:", "Sunday night",
    "between", "to", "1 and 31 February", "29 February 2019", "99 days ago", "999 years ago", ",", "1899",
])
TEXTS = st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=8).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS, REFERENCES, REFERENCES)
def test_resolve_date_is_within_bounds_or_none_and_never_raises(text, reference, previous):
    resolution = resolve_date(text, reference, previous)
    if resolution.date is not None:
        assert out_of_bounds(resolution.date, reference) == ""
        assert int(resolution.date.iso[:4]) >= 1900
    for when in clause_dates(text, reference, previous):
        assert out_of_bounds(when, reference) == ""
    parsed = parse_date(text)
    assert parsed is None or out_of_bounds(parsed) == ""


def test_the_dates_file_is_validated_naming_the_entry(tmp_path):
    good = tmp_path / "dates.toml"
    good.write_text('[dates]\nearliest_year = 1950\nyears_after_reference = 0\n[named_days]\n"founders\' day" = "06-14"\n', encoding="utf-8")
    config = load_date_config(good)
    assert (config.earliest_year, config.years_after_reference, config.named_days) == (1950, 0, {"founders day": (6, 14)})
    for body, entry in [
        ("[dates]\nearliest_year = \"1900\"\n", "earliest_year"),
        ("[dates]\nyears_after_reference = -1\n", "years_after_reference"),
        ("[dates]\nlatest = 3\n", "latest"),
        ('[named_days]\n"harvest day" = "13-01"\n', "harvest day"),
        ("[dates\n", "not valid TOML"),
    ]:
        good.write_text(body, encoding="utf-8")
        with pytest.raises(DateConfigError, match=entry):
            load_date_config(good)
    with pytest.raises(DateConfigError, match="not found"):
        load_date_config(tmp_path / "missing.toml")


# -- a sentence's own date, through the real spaCy model ----------------------------------------

SENTENCES = [
    # (sentence, reference given by the caller, expected date of the sentence, its dates in order)
    ("November 29, 2021 Update: the union organiser Aigerim Tolegenova was released on Wednesday.", None,
     ("2021-11-24", "day"), ["2021-11-24"]),
    ("A district court in Shalkar on Wednesday sentenced the union leader Marat Dosov to two years in prison.", None,
     ("2021-12-01", "day"), ["2021-12-01"]),
    ("The activist Ruslan Beketov was released a week ago after serving his sentence.", None, ("2021-11-26", "day"), ["2021-11-26"]),
    ("The two organisers of the drivers' union were arrested in August and October 2020 respectively.", None,
     ("2020-08", "month"), ["2020-08", "2020-10"]),
    ("Police detained twelve striking miners on New Year's Eve in the town of Kentau.", None, ("2020-12-31", "day"), ["2020-12-31"]),
    ("Security forces dispersed the rally of oil workers on Sunday night, witnesses said.", None, ("2021-11-28", "day"), ["2021-11-28"]),
    ("On the morning of 21 September 2021, police searched the office of the teachers' union.", None,
     ("2021-09-21", "day"), ["2021-09-21"]),
    ("The court ordered the union to close its office by 4 February 2022.", None, None, []),  # a deadline
    ("The labour inspectorate fined the bakery company last month.", None, ("2021-11", "month"), ["2021-11"]),
    # the date of an anniversary is not the date of the occurrence remembered
    ("12 March 2021 marked the tenth anniversary of the shooting of striking dockers in Aktau by police.", None,
     ("2011-03-12", "day"), ["2011-03-12"]),
    ("Dockers rallied on 12 March 2021 to mark the tenth anniversary of the shooting.", None, ("2021-03-12", "day"), ["2021-03-12"]),
    # a sentence of an update box dated by the caller: its weekday counts from the update
    ("The union leader Saule Omarova was detained on Monday.", ParsedDate("2021-11-20", "day"), ("2021-11-15", "day"), ["2021-11-15"]),
]


@pytest.fixture(scope="module")
def annotated():
    from pipeline.nlp import annotate_texts, load_nlp

    nlp = load_nlp(pipeline_settings.SPACY_MODEL, str(pipeline_settings.ALIASES_FILE), str(pipeline_settings.PATTERNS_FILE))
    return annotate_texts([s for s, *_ in SENTENCES], nlp)


@pytest.mark.parametrize("k", range(len(SENTENCES)))
def test_a_sentence_is_dated_by_its_own_event(annotated, k):
    text, reference, expected, in_order = SENTENCES[k]
    [sentence] = annotated[k]
    reading = read_sentence(sentence["text"], RULES)
    when, _, problems = sentence_date(sentence, FRIDAY, reading, None, reference=reference)
    assert ((when.iso, when.precision) if when else None) == expected
    assert [d.iso for d in sentence_dates(sentence, FRIDAY, reading, None, reference=reference)] == in_order
    assert problems == []


def test_sentences_after_an_update_heading_resolve_against_it(annotated):
    from pipeline.extract import sentence_references
    from pipeline.nlp import annotate_texts, load_nlp

    paragraph = ("The miners' leader Kanat Sultanov was detained in March. 12 May 2021 Update: he was freed on Monday. "
                 "The union welcomed the decision on Tuesday.")
    nlp = load_nlp(pipeline_settings.SPACY_MODEL, str(pipeline_settings.ALIASES_FILE), str(pipeline_settings.PATTERNS_FILE))
    [sentences] = annotate_texts([paragraph], nlp)
    references = sentence_references(paragraph, sentences, FRIDAY)
    assert references[0] == FRIDAY and set(references[1:]) == {ParsedDate("2021-05-12", "day")}
    dated = [sentence_date(s, FRIDAY, read_sentence(s["text"], RULES), None, reference=r)[0] for s, r in zip(sentences, references)]
    assert [d.iso for d in dated] == ["2021-03", "2021-05-10", "2021-05-11"]


def test_an_undated_clause_takes_the_previous_date_only_for_the_same_kind_of_occurrence():
    from pipeline.extract import undated_default

    may4 = ParsedDate("2021-05-04", "day")
    assert undated_default("arrest", FRIDAY, may4, "arrest") == (may4, "previous")
    # another kind: the conventions' default, not the neighbour's date
    assert undated_default("court_ruling", FRIDAY, may4, "release") == (ParsedDate("2021-12", "month"), "published")
    assert undated_default("statement", FRIDAY, may4, "arrest") == (FRIDAY, "published")
    assert undated_default("other", FRIDAY, may4, "other") == (ParsedDate("2021-12", "month"), "published")


def test_a_broken_dates_file_stops_with_its_message(tmp_path, monkeypatch):
    from pipeline import dates

    broken = tmp_path / "dates.toml"
    broken.write_text("[dates]\nearliest_year = 0\n", encoding="utf-8")
    monkeypatch.setattr(pipeline_settings, "DATES_FILE", broken)
    dates.date_config.cache_clear()
    dates.named_day_re.cache_clear()
    try:
        with pytest.raises(DateConfigError, match="earliest_year"):
            resolve_date("on 5 March", FRIDAY)
        with pytest.raises(DateConfigError, match="earliest_year"):
            parse_date("2021-03-05")
    finally:
        monkeypatch.undo()
        dates.date_config.cache_clear()
        dates.named_day_re.cache_clear()
    assert parse_date("2021-03-05") == ParsedDate("2021-03-05", "day")


def test_an_occurrence_ended_after_months_began_that_much_earlier():
    from pipeline.dates import ParsedDate, began_before_end

    end = ParsedDate("2011-12-16", "day")
    assert began_before_end("the shootings ended an eight-month strike", "strike", end) == (ParsedDate("2011-04", "month"), "ended an eight-month strike")
    assert began_before_end("police ended a two-year protest camp", "protest", ParsedDate("2020", "year"))[0] == ParsedDate("2018", "year")
    assert began_before_end("the shootings ended an eight-month strike", "protest", end) is None  # another occurrence
    assert began_before_end("they ended a three-day strike", "strike", end) is None  # short: the end's date stands
    assert began_before_end("the strike began", "strike", end) is None


def test_written_dates_read_without_dateparser_as_dateparser_reads_them():
    """``dates._written_fast`` reads the plain written dates itself; on every shape, case,
    ending and separator (and days that do not exist, left to dateparser) it gives what
    dateparser gives, and it leaves the rest to dateparser."""
    import itertools

    from pipeline.dates import NOT_READ, WRITTEN_RE, _checked, _parser, _written_fast

    def by_dateparser(text):
        data = _parser().get_date_data(text)
        if data is None or data.date_obj is None:
            return None
        when, period = data.date_obj, data.period or "day"
        return _checked(when.year, when.month) if period == "month" else _checked(when.year) if period == "year" \
            else _checked(when.year, when.month, when.day)

    months = ["Jan", "february", "MAR.", "Apr", "May", "June", "Jul.", "August", "Sep", "Sept.", "October", "Dec"]
    texts = []
    for n, (month, day, ending, year) in enumerate(itertools.product(months, (1, 2, 3, 11, 22, 29, 30, 31), ("", "th", "st"),
                                                                     (1999, 2020, 2024))):
        space = ("\xa0", " ", "\n")[n % 3]
        comma = "," if n % 2 else ""
        texts += [f"{day}{ending}{space}{month}{comma}{space}{year}", f"{month}{space}{day}{ending}{comma} {year}"]
    texts += [f"{month}{comma} {year}" for month in months for comma in ("", ",") for year in (1899, 2016, 2101)]
    texts = [t for t in texts if (m := WRITTEN_RE.search(t)) and m[0] == t]
    assert len(texts) > 1000
    read = [t for t in texts[::3] if _written_fast(t) is not NOT_READ]
    assert len(read) > 200 and any(_written_fast(t) is NOT_READ for t in texts)  # "31 June", "1th", 1899: dateparser
    assert [_written_fast(t) for t in read] == [by_dateparser(t) for t in read]
    assert _written_fast("4 March 2021") == ("2021-03-04", "day") and _written_fast("March, 2021") == ("2021-03", "month")
