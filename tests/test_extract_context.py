"""What a mention takes from its context within the document: dates of the same decision,
bodies described or left unnamed, people a pronoun stands for, and names written as a kind
followed by a quoted name. Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import settings
from pipeline.eventtypes import load_event_types
from pipeline.coreference import fold_restatements
from pipeline.extract import _joined_organisations
from pipeline.nlp import load_nlp

from test_predicates import _mentions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


def rows(mentions, kind):
    return mentions[mentions["event_type"] == kind].to_dict("records")


# -- dates --------------------------------------------------------------------------------


def test_a_fine_replacing_a_sentence_takes_the_date_of_the_release_before_it(nlp):
    text = ("Ivan Petrov was released from prison in March 2019 under a presidential pardon. "
            "The rest of his prison term was replaced by a fine.")
    (fine,) = rows(_mentions(nlp, text, "2019-11-20"), "fine")
    assert (fine["event_date"], fine["date_precision"], fine["date_from"]) == ("2019-03", "month", "text")


def test_a_fine_after_another_kind_of_occurrence_keeps_the_default(nlp):
    text = "Ivan Petrov was arrested in March 2019. He was fined for taking part in the rally."
    (fine,) = rows(_mentions(nlp, text, "2019-11-20"), "fine")
    assert fine["date_from"] == "published"


def test_decided_with_must_name_types_of_the_vocabulary(tmp_path):
    source = (ROOT / "config" / "event_types.toml").read_text(encoding="utf-8")
    broken = tmp_path / "event_types.toml"
    broken.write_text(source.replace('decided_with = ["release"]', 'decided_with = ["pardon_decree"]'), encoding="utf-8")
    with pytest.raises(ValueError, match=r"'fine'.*decided_with 'pardon_decree'"):
        load_event_types(broken)


def test_a_clause_describing_a_nominal_occurrence_gives_its_date(nlp):
    text = ("Ivan Petrov was released from prison on 22 May following a decision of the regional court "
            "handed down on 4 May.")
    mentions = _mentions(nlp, text, "2018-06-01")
    assert [r["event_date"] for r in rows(mentions, "release")] == ["2018-05-22"]
    assert [r["event_date"] for r in rows(mentions, "court_ruling")] == ["2018-05-04"]


# -- people --------------------------------------------------------------------------------


def test_people_a_pronoun_stands_for_were_released_together(nlp):
    text = "Ivan Petrov and Anna Smirnova were arrested on 6 January. After an appeal by the union, they were later released."
    (release,) = rows(_mentions(nlp, text, "2020-01-20"), "release")
    assert list(release["people"]) == ["Anna Smirnova", "Ivan Petrov"]


def test_people_named_in_the_sentence_are_each_convicted(nlp):
    mentions = _mentions(nlp, "Ivan Petrov and Anna Smirnova were sentenced on 3 March 2020.", "2020-03-10")
    assert sorted(tuple(r["people"]) for r in rows(mentions, "conviction")) == [("Anna Smirnova",), ("Ivan Petrov",)]


def test_a_ruling_that_is_the_occurrence_itself_takes_no_earlier_person(nlp):
    text = ("Ivan Petrov was detained on 2 January. "
            "The strikers were protesting the court ruling on 4 January that shut down the confederation.")
    (ruling,) = rows(_mentions(nlp, text, "2020-01-20"), "court_ruling")
    assert list(ruling["people"]) == []


def test_a_court_upholding_the_decision_still_names_the_person_it_befell(nlp):
    text = "Ivan Petrov was sentenced to two years on 2 March 2020. On 9 June 2020, the appeal court upheld the decision."
    rulings = rows(_mentions(nlp, text, "2020-07-01"), "court_ruling")
    assert [list(r["people"]) for r in rulings] == [["Ivan Petrov"]]


# -- organisations ---------------------------------------------------------------------------


def test_a_registration_refused_by_no_one_named_was_refused_by_the_ministry_last_named(nlp):
    text = ("The Ministry of Justice received the application of the drivers' union in May 2019. "
            "The request for registration was denied on three occasions.")
    (refusal,) = rows(_mentions(nlp, text, "2019-12-01"), "registration_denied")
    assert "Ministry of Justice of Kazakhstan" in refusal["organisations"]


def test_a_registration_refused_by_unnamed_authorities_lists_no_ministry(nlp):
    text = ("The Ministry of Justice received the application of the drivers' union in May 2019. "
            "In June 2019, the authorities refused registration of the union.")
    (refusal,) = rows(_mentions(nlp, text, "2019-12-01"), "registration_denied")
    assert "Ministry of Justice of Kazakhstan" not in refusal["organisations"]
    assert refusal["actor_types"] == ["government"]


def test_the_ministry_described_in_a_clause_is_the_ministry_last_named(nlp):
    text = ("The Ministry of Justice refused to register the drivers' union in May 2019. "
            "In October 2019, the judge ruled in favour of the Ministry.")
    (ruling,) = rows(_mentions(nlp, text, "2019-12-01"), "court_ruling")
    assert "Ministry of Justice of Kazakhstan" in ruling["organisations"]


def test_a_kind_of_body_followed_by_its_quoted_name_is_the_name():
    text = 'He chaired the Energy Workers Union "Fair Pay" until 2015.'
    start = text.index("Energy")
    quoted = text.index("Fair")
    sentence = {"text": text, "ents": [["Energy Workers Union", "ORG", "", start, start + 20],
                                       ["Fair Pay", "ORG", "", quoted, quoted + 8]]}
    assert [e[0] for e in _joined_organisations(sentence)] == ["Fair Pay"]


def test_a_span_opening_a_quote_it_does_not_close_keeps_the_quoted_part():
    text = "She founded the Public Association “Free Drivers’ Union” in 2018."
    start = text.index("Public")
    end = text.index("”")
    sentence = {"text": text, "ents": [[text[start:end], "ORG", "", start, end]]}
    ((surface, label, _, at, until),) = _joined_organisations(sentence)
    assert (surface, label, text[at:until]) == ("Free Drivers’ Union", "ORG", "Free Drivers’ Union")


def test_two_separate_organisations_are_not_joined_across_a_comma():
    text = "The Drivers Union, the Miners Union and others protested."
    a, b = text.index("Drivers"), text.index("Miners")
    sentence = {"text": text, "ents": [["Drivers Union", "ORG", "", a, a + 13], ["Miners Union", "ORG", "", b, b + 12]]}
    assert [e[0] for e in _joined_organisations(sentence)] == ["Drivers Union", "Miners Union"]



def test_a_registration_refused_in_a_sentence_describing_the_government_lists_no_ministry(nlp):
    text = ("The Ministry of Justice received the application of the drivers' union in May 2019. "
            "On 4 September 2019, the government accepted another name; however, registration was again declined.")
    refusals = rows(_mentions(nlp, text, "2019-12-01"), "registration_denied")
    assert refusals and all("Ministry of Justice of Kazakhstan" not in r["organisations"] for r in refusals)


def test_the_employer_described_in_a_ruling_is_the_employer_last_named(nlp):
    text = ("Workers of Temir Steel Ltd went on strike on 3 May 2021. "
            "On 5 May 2021, the court decided in the employer's favour and declared the strike illegal.")
    rulings = rows(_mentions(nlp, text, "2021-06-01"), "court_ruling")
    assert rulings and all("Temir Steel Ltd" in r["organisations"] for r in rulings)


def test_an_undated_restatement_folds_its_names_into_the_first_mention(nlp):
    text = ("In July 2017, Anna Smirnova, president of the Drivers' Union, was convicted on false charges. "
            "The Enbekshinsky District Court sentenced her to four years of restricted freedom.")
    first, restated = rows(_mentions(nlp, text, "2017-09-01"), "conviction")
    assert "Enbekshinsky District Court of Shymkent" in first["organisations"]
    assert list(first["people"]) == list(restated["people"]) == ["Anna Smirnova"]


def test_a_second_occurrence_with_its_own_date_folds_nothing(nlp):
    text = "Anna Smirnova was convicted on 3 March 2017. She was convicted again on 5 May 2017 by the Enbekshinsky District Court."
    first, second = rows(_mentions(nlp, text, "2017-09-01"), "conviction")
    assert list(first["organisations"]) == [] and list(second["organisations"]) == ["Enbekshinsky District Court of Shymkent"]



def test_a_body_reporting_a_restatement_is_not_folded():
    def row(evidence, date_from, date_text, organisations, actors):
        return {"evidence": evidence, "event_type": "conviction", "date_from": date_from, "date_text": date_text,
                "people": ["Anna Smirnova"], "organisations": organisations, "locations": [],
                "actors": actors, "targets": ["Anna Smirnova"]}
    first = row("On 3 March 2017, a court sentenced Anna Smirnova.", "text", "3 March 2017", [], ["a court"])
    reported = row("The Drivers' Union condemned Smirnova's sentencing.", "published", None, ["Drivers' Union"], [])
    restated = row("The Temir District Court sentenced her to two years.", "published", None,
                   ["Temir District Court"], ["Temir District Court"])
    fold_restatements([first, reported, restated])
    assert first["organisations"] == ["Temir District Court"]


# -- types -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, published, kind, date", [
    ('In 2015 participation in "unlawful strikes" was made a criminal offence.', "2016-12-13", "legislation", "2015"),
    ("In 2016 the government criminalised participation in unlawful strikes.", "2016-12-13", "legislation", "2016"),
    ("Anna Smirnova told a press conference in Almaty on April 1 that the case is political.", "2019-04-02", "statement", "2019-04-01"),
])
def test_a_law_punishing_an_act_and_a_press_conference_are_typed_by_their_predicate(nlp, text, published, kind, date):
    assert date in [r["event_date"] for r in rows(_mentions(nlp, text, published), kind)]


def test_the_union_made_a_statement_is_no_law(nlp):
    mentions = _mentions(nlp, "The drivers' union made a statement on 3 May 2016.", "2016-05-04")
    assert "legislation" not in set(mentions["event_type"])


def test_a_ruling_upholding_the_decision_befell_whom_the_previous_ruling_befell(nlp):
    text = ("In February 2021 the regional court suspended the activities of the Drivers' Union for six months. "
            "This decision was maintained by the appellate court and entered into force on 29 April 2021.")
    first, upheld = rows(_mentions(nlp, text, "2021-08-31"), "court_ruling")
    assert upheld["event_date"] == "2021-04-29" and list(upheld["organisations"]) == ["Drivers' Union"]
    assert list(upheld["people"]) == []


def test_strikers_naming_no_union_are_of_the_union_the_document_is_about(nlp):
    text = ("The court ordered the closure of the Independent Drivers Trade Union. The Independent Drivers Trade Union "
            "appealed. On 5 January, around 90 workers started a hunger strike to protest these decisions.")
    (strike,) = rows(_mentions(nlp, text, "2017-01-20"), "strike")
    assert list(strike["organisations"]) == ["Independent Drivers Trade Union"]


def test_a_registration_declined_under_another_name_is_also_the_union_the_document_is_about(nlp):
    text = ("The Independent Drivers Trade Union was refused registration in May 2018. The Independent Drivers Trade "
            "Union applied again. On 4 September 2018, the government accepted another name that was proposed, the "
            "Free Drivers Trade Union; however, registration was again declined.")
    refusals = rows(_mentions(nlp, text, "2018-12-20"), "registration_denied")
    assert sorted(refusals[-1]["organisations"]) == ["Free Drivers Trade Union", "Independent Drivers Trade Union"]


def test_a_ruling_on_the_strike_the_sentence_before_dated_takes_the_strike_date(nlp):
    text = ("Workers of the cement plant went on a hunger strike in March 2020 over unpaid wages. "
            "The strike was stopped after a regional court declared it illegal.")
    (ruling,) = rows(_mentions(nlp, text, "2020-11-20"), "court_ruling")
    assert (ruling["event_date"], ruling["date_precision"], ruling["date_from"]) == ("2020-03", "month", "text")


def test_a_ruling_that_names_no_earlier_occurrence_keeps_the_default(nlp):
    text = ("Workers of the cement plant went on a hunger strike in March 2020 over unpaid wages. "
            "A regional court later ordered the closure of their union.")
    (ruling,) = rows(_mentions(nlp, text, "2020-11-20"), "court_ruling")
    assert ruling["date_from"] == "published"



def test_earlier_today_dates_a_report_to_its_publication_day(nlp):
    text = "Earlier today, riot police entered the town in an attempt to end a hunger strike by oil workers."
    mentions = _mentions(nlp, text, "2020-11-20")
    assert set(zip(mentions["event_date"], mentions["date_from"])) == {("2020-11-20", "text")}
    assert set(rows(mentions, "strike")[0]["date_text"].lower().split()) == {"earlier", "today"}


@pytest.mark.parametrize("text, year", [
    ("The court ruling had its legal grounds in the 2014 trade union law.", "2014"),
    ("The 2018 law on trade unions was amended.", "2018"),
    ("Under the law, unions must register with the ministry.", None),
])
def test_a_law_named_by_its_year_is_its_adoption_that_year(nlp, text, year):
    laws = rows(_mentions(nlp, text, "2020-11-20"), "legislation")
    assert [(r["event_date"], r["date_from"]) for r in laws] == ([(year, "text")] if year else [])


def test_a_release_told_inside_a_later_sentence_is_its_own_occurrence_with_its_date(nlp):
    text = ("The union leader Ivan Petrov was again arrested and sentenced to five more months in prison for not "
            "paying a fine imposed when he was previously released from prison in August 2019.")
    mentions = _mentions(nlp, text, "2019-12-19")
    dated = dict(zip(mentions["event_type"], zip(mentions["event_date"], mentions["date_from"])))
    assert dated["release"] == ("2019-08", "text")
    assert dated["arrest"] == dated["conviction"] == ("2019-12-19", "published")  # not the release's month


@pytest.mark.parametrize("text, kind, date", [
    ("Ivan Petrov was sentenced to seven years in prison and banned from any public activity, including trade union "
     "activities, in July 2019.", "conviction", "2019-07"),
    ("Anna Petrova was detained and held overnight by police in the town of Karatau, on 11 March.", "arrest", "2020-03-11"),
])
def test_coordinated_predicates_share_the_date_written_last(nlp, text, kind, date):
    (row,) = rows(_mentions(nlp, text, "2020-11-20"), kind)
    assert (row["event_date"], row["date_from"]) == (date, "text")


@pytest.mark.parametrize("text, start", [
    ("On 16 December 2011 police opened fire on the workers in the square. "
     "The violence ended a seven-month long strike involving more than 3,000 workers demanding a wage increase.", "2011-05"),
    ("In December 2011 the shootings ended an eight-month strike by the town's oil workers.", "2011-04"),
])
def test_a_strike_ended_after_lasting_months_is_dated_by_its_start(nlp, text, start):
    (strike,) = rows(_mentions(nlp, text, "2021-12-16"), "strike")
    assert (strike["event_date"], strike["date_precision"], strike["date_from"]) == (start, "month", "text")


def test_a_strike_ended_on_a_day_keeps_that_day(nlp):
    strikes = rows(_mentions(nlp, "The strike ended on 5 May after a two-week walkout.", "2020-06-01"), "strike")
    assert strikes and {s["event_date"] for s in strikes} == {"2020-05-05"}


def test_a_date_of_what_someone_did_since_their_accession_is_not_the_protest_date(nlp):
    text = ("The fuel protest in the town quickly spread across the country, as people demanded better living "
            "conditions, things the president had promised since his coming to power in 2019.")
    protests = rows(_mentions(nlp, text, "2022-03-01"), "protest")
    assert protests and all(r["event_date"] != "2019" for r in protests)


def test_an_undated_sentence_between_leaves_the_release_a_fine_is_decided_with(nlp):
    text = ("Ivan Petrov was released from prison in August 2019 under a pardon. "
            "His rights were not restored, and he faced a ban on union activity. "
            "The rest of his prison term was then replaced by a fine.")
    (fine,) = rows(_mentions(nlp, text, "2019-12-19"), "fine")
    assert (fine["event_date"], fine["date_from"]) == ("2019-08", "text")
