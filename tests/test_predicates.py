"""Who did what to whom: event predicates, their roles, types, counts and dates, read from the
dependency parse of the real spaCy model. Every sentence is written for these tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import settings
from pipeline.entities import EntityResolver
from pipeline.eventtypes import load_event_types
from pipeline.extract import _resolve_names, coordinated_dates, extract_mentions, mention_id, text_units
from pipeline.occurrences import sentence_events
from pipeline.participants import listed_names
from pipeline.dates import parse_date
from pipeline.nlp import annotate_texts, load_nlp
from pipeline.predicates import load_role_patterns, sentence_doc
from pipeline.roles import load_actor_types

ROOT = Path(__file__).resolve().parent.parent
TYPES = load_event_types(ROOT / "config" / "event_types.toml")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


@pytest.fixture(scope="module")
def resolver():
    return EntityResolver.from_alias_file(ROOT / "config" / "aliases.csv")


@pytest.fixture(scope="module")
def read(nlp, resolver):
    def events(text: str):
        (sentence, *_), = annotate_texts([text], nlp)
        return sentence_events(sentence, _resolve_names(sentence, resolver), TYPES)
    return events


def kinds(events) -> list[str]:
    return [e.rule.name for e in events]


# -- several occurrences in one sentence --------------------------------------------------


def test_coordinated_verbs_are_two_occurrences_sharing_their_subject(read):
    arrest, conviction = read("The union's lawyer was again arrested and sentenced to an additional five months.")
    assert (arrest.rule.name, conviction.rule.name) == ("arrest", "conviction")
    assert arrest.targets == conviction.targets == [("The union's lawyer", "activists")]
    assert conviction.years == pytest.approx(5 / 12, abs=0.01)


def test_a_relative_clause_is_its_own_occurrence_with_its_own_date(read, nlp):
    text = "Ivan Petrov and Anna Smirnova, who were initially arrested in 2017, were convicted in May 2018."
    arrest, conviction = read(text)
    assert kinds([arrest, conviction]) == ["arrest", "conviction"]
    for event in (arrest, conviction):
        assert [t for t, _ in event.targets] == ["Ivan Petrov", "Anna Smirnova"]
    mentions = _mentions(nlp, text)  # one arrest of both, and each one's conviction
    assert sorted(zip(mentions["event_type"], mentions["event_date"], mentions["people"].map(tuple))) == [
        ("arrest", "2017", ("Anna Smirnova", "Ivan Petrov")),
        ("conviction", "2018-05", ("Anna Smirnova",)), ("conviction", "2018-05", ("Ivan Petrov",))]


def test_a_relative_clause_shares_its_noun_with_a_coordinated_verb(read):
    conviction, release = read("Ivan Petrov, who was convicted in 2017 and in May 2018 released early from prison, is still banned.")
    assert (conviction.rule.name, release.rule.name) == ("conviction", "release")
    assert conviction.targets == release.targets == [("Ivan Petrov", "person")]


def test_coordinated_days_give_one_mention_each(nlp):
    mentions = _mentions(nlp, "On 6 and 27 August 2018, the Ministry of Justice refused registration of the drivers' union.")
    assert list(mentions["event_type"]) == ["registration_denied"] * 2
    assert sorted(mentions["event_date"]) == ["2018-08-06", "2018-08-27"]
    assert mentions["mention_id"].is_unique and mentions["evidence"].nunique() == 1
    assert coordinated_dates("6 and 27 August 2018", parse_date("2019-01-01"), None)[1].iso == "2018-08-27"
    assert coordinated_dates("between 6 and 27 August 2018", None, None) == []  # a range keeps its start (resolver)
    assert coordinated_dates("27 August 2018", None, None) == []


def test_mention_ids_include_the_predicate_and_stay_stable():
    assert mention_id("doc_0123456789abcdef", "Police arrested him.") != mention_id("doc_0123456789abcdef", "Police arrested him.", "7:arrested")
    assert mention_id("doc_0123456789abcdef", "Police  arrested him.", "7:arrested") == mention_id("doc_0123456789abcdef", "Police arrested him.", "7:arrested")


# -- unnamed actors, roles and actor types -------------------------------------------------


@pytest.mark.parametrize(
    "sentence, kind, actors, targets, count",
    [
        ("Nearly 8,000 people have been detained, the ministry said.", "arrest", [], [("Nearly 8,000 people", "civilians")], 8000),
        ("The regional authorities responded by arresting 19 people.", "arrest",
         [("The regional authorities", "government")], [("19 people", "civilians")], 19),
        ("The police opened fire on workers in the square.", "violence", [("The police", "security_forces")], [("workers", "workers")], None),
        ("The company laid off 300 miners in March.", "dismissal", [("The company", "employer")], [("300 miners", "workers")], 300),
        ("The journalist disappeared after the rally.", "disappearance", [("The journalist", "journalists")], [], None),
    ],
)
def test_unnamed_participants_have_roles_types_and_counts(read, sentence, kind, actors, targets, count):
    event, = read(sentence)
    assert (event.rule.name, event.actors, event.targets, event.n_people) == (kind, actors, targets, count)


def test_an_ing_clause_shares_the_main_subject(read):
    events = read("Security forces opened fire on the crowd, killing 16 and injuring over 100.")
    assert kinds(events) == ["violence", "killing", "injury"]
    assert all(e.actors == [("Security forces", "security_forces")] for e in events)
    assert [e.n_people for e in events] == [None, 16, 100]


def test_nominal_events_take_their_of_phrase_as_target(read):
    statement, killing = read("The ITUC deplored the killing of more than 160 people.")
    assert (statement.rule.name, killing.rule.name) == ("statement", "killing")
    assert killing.targets == [("more than 160 people", "civilians")] and killing.n_people == 160
    assert read("During the strike, the director spoke to journalists.") == []  # a reference, not a report


# -- what did not happen --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "No arrest has been made.",
        "The union leader has not been arrested.",
        "The union leader will be released next week.",
        "The new rules could lead to her disbarment.",
        "The company threatened to dismiss the strikers.",
        "Workers have the right to strike.",
        "Following this conviction, the chairman left the country.",
    ],
)
def test_negated_modal_and_asked_for_predicates_are_no_occurrences(read, sentence):
    assert read(sentence) == []


def test_what_is_called_for_is_no_occurrence_but_the_call_is(read):
    assert kinds(read("IndustriALL is calling for the release of the two drivers.")) == ["statement"]


def test_a_reporter_is_no_participant_of_what_it_reports(read):
    killing, = read("Four reporters were killed in 2020, Human Rights Watch said.")
    assert killing.targets == [("Four reporters", "journalists")] and killing.names == []


def test_resisting_arrest_is_no_arrest(read):
    assert kinds(read("Two workers were killed after allegedly resisting arrest.")) == ["killing"]


# -- types from the predicate and its arguments ---------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The activist was gunned down outside his home.", ["killing"]),
        ("A man was murdered in the village in May.", ["killing"]),
        ("Riot police stormed the workers' camp at dawn.", ["raid"]),
        ("Thousands of teachers marched through the capital on 1 May.", ["protest"]),
        ("Guards fired upon the strikers.", ["violence"]),
        ("The company fired the union's chairman.", ["dismissal"]),
        ("The complaint was dismissed by prosecutors.", ["other"]),
        ("The regional court dismissed the appeal of the union.", ["court_ruling"]),
        ("The police took the driver into custody.", ["arrest"]),
        ("The enforcement of a restrictive trade union law adopted in 2014 continued.", ["legislation"]),
        ("She was fined 150,000 tenge on 3 March 2020.", ["fine"]),
        ("A court in the capital ordered the activist placed in pre-trial detention for two months.", ["arrest"]),
        ("The court's decision to release him on parole came on 10 May.", ["court_ruling"]),
        ("Their request for registration was denied on three occasions.", ["registration_denied"]),
        ("The economic court ordered the closure of the confederation.", ["court_ruling"]),
        ("A district court found the reporter guilty of disobedience and fined her 20,000 tenge.", ["conviction", "fine"]),
        ("The drivers were taken to a police station after the rally.", ["arrest"]),
        ("Two hundred machinists stopped work on Monday.", ["strike"]),
        ("Riot police entered the camp of the hunger strikers at night.", ["raid"]),
        ("The chairman refused to pay the fine or to recognise the pardon.", []),
        ("Four reporters were killed in 2020, Human Rights Watch said.", ["killing"]),
        ("In October the chairman was given a new prison sentence for failing to pay the fine.", ["conviction"]),
        ("The local court decided to release the chairman on parole on 10 May.", ["court_ruling"]),
        ("Three activists were detained for participating in protests in the capital.", ["arrest", "protest"]),
        ("He was released on 22 May, following a decision of the district court handed down on 4 May.", ["release", "court_ruling"]),
        ("On 4 March, a group of residents gathered outside city hall with one demand: they want jobs.", ["protest"]),
        ("Hundreds of oil workers in the town have been demanding higher wages since May.", ["protest"]),
        ("The judge ruled on 25 July that she will be banned from holding office for five years.", ["conviction"]),
    ],
)
def test_types_follow_what_happened_to_whom(read, sentence, expected):
    assert kinds(read(sentence)) == expected


def test_fines_and_sentences_are_measured(read):
    fine, = read("She was fined 150,000 tenge (US$350) on 3 March 2020.")
    assert fine.fine == (150000.0, "KZT")
    conviction, = read("The union leader was sentenced to seven years' imprisonment.")
    assert conviction.years == 7.0


def test_a_pronoun_takes_the_person_last_named(nlp):
    mentions = _mentions(nlp, "Erlan Baltabay leads the union.\n\nHe was sentenced to seven years in prison on 17 July 2019.")
    conviction = mentions[mentions["event_type"] == "conviction"].iloc[0]
    assert list(conviction["people"]) == ["Erlan Baltabay"] and list(conviction["targets"]) == ["Erlan Baltabay"]


def test_a_sentence_that_is_only_a_date_dates_the_next(nlp):
    mentions = _mentions(nlp, "January 26. Oil workers in the port go on strike.")
    assert list(zip(mentions["event_type"], mentions["event_date"], mentions["date_from"])) == [("strike", "2020-01-26", "text")]


def test_it_is_the_organisation_it_stands_for(nlp):
    mentions = _mentions(nlp, "Since it was deregistered on 28 March 2017, the Northern Miners' Union has worked without status.\n\n"
                              "The Teachers' Union held a congress.\n\nIt was dissolved on 3 May 2018.")
    orgs = {d: list(o) for d, o in zip(mentions["event_date"], mentions["organisations"])}
    assert orgs["2017-03-28"] == ["Northern Miners' Union"] and orgs["2018-05-03"] == ["Teachers' Union"]


def test_a_registration_refused_is_the_union_the_document_is_about(nlp):
    mentions = _mentions(nlp, "The Northern Miners' Union applied for registration. The Northern Miners' Union waited.\n\n"
                              "On 3 May 2020, the registration was refused.")
    refusal = mentions[mentions["event_type"] == "registration_denied"].iloc[0]
    assert list(refusal["organisations"]) == ["Northern Miners' Union"]


def test_his_is_the_person_last_named(nlp):
    mentions = _mentions(nlp, "Erlan Baltabay was released in August 2019.\n\nHis remaining prison sentence was replaced by a fine.")
    fine = mentions[mentions["event_type"] == "fine"].iloc[0]
    assert list(fine["people"]) == ["Erlan Baltabay"]


def test_they_are_the_people_last_named_together(nlp):
    mentions = _mentions(nlp, "Ivan Petrov and Anna Smirnova led the strike.\n\nOn 3 June 2020 they were arrested in the capital.")
    arrest = mentions[mentions["event_type"] == "arrest"].iloc[0]
    assert sorted(arrest["people"]) == ["Anna Smirnova", "Ivan Petrov"]


def test_the_clause_span_points_into_the_document_text(nlp):
    text = "The union was founded in 2010.\n\nOn 5 May 2020, police detained the union's chairman, and the company then dismissed ten workers."
    mentions = _mentions(nlp, text)
    spans = {kind: text[s:e] for kind, s, e in zip(mentions["event_type"], mentions["clause_start"], mentions["clause_end"])}
    assert spans["arrest"].startswith("On 5 May 2020, police detained the union's chairman")
    assert "dismissed ten workers" not in spans["arrest"]
    assert spans["dismissal"] == "the company then dismissed ten workers"


# -- the parse and the config are data -----------------------------------------------------


def test_a_cached_sentence_rebuilds_its_parse(nlp):
    (sentence, *_), = annotate_texts(["Police arrested two drivers on Monday."], nlp)
    doc = sentence_doc(sentence)
    assert [t.text for t in doc] == ["Police", "arrested", "two", "drivers", "on", "Monday", "."]
    assert doc[3].dep_ == "dobj" and doc[3].head.text == "arrested" and doc[1].lemma_ == "arrest"


def test_config_errors_name_the_entry(tmp_path):
    bad_rule = tmp_path / "event_types.toml"
    bad_rule.write_text('[[types]]\nname = "arrest"\ndefinition = "d"\nexample = "e"\n\n'
                        '[[rules]]\ntype = "raid"\nreads = "x"\nlemmas = ["storm"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"rule 1 \(raid\): type 'raid' is not in \[\[types\]\]"):
        load_event_types(bad_rule)
    bad_field = tmp_path / "fields.toml"
    bad_field.write_text('[[types]]\nname = "arrest"\ndefinition = "d"\nexample = "e"\n\n'
                         '[[rules]]\ntype = "arrest"\nreads = "x"\nlemmas = ["arrest"]\nobjects = ["x"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"rule 1 \(arrest\): unknown field\(s\) objects"):
        load_event_types(bad_field)
    patterns = tmp_path / "predicate_patterns.jsonl"
    patterns.write_text('{"id": "p", "role": "victim", "construction": "c", "intent": "i", "pattern": [{"RIGHT_ID": "predicate"}]}\n')
    with pytest.raises(ValueError, match=r"pattern 'p': role 'victim' is not one of"):
        load_role_patterns(patterns)
    actors = tmp_path / "actor_types.toml"
    actors.write_text('[[types]]\nname = "police"\ndefinition = ""\nexample = "e"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"actor type 'police': 'definition' must be a non-empty string"):
        load_actor_types(actors)


def test_no_rule_or_pattern_names_a_person_place_or_case():
    """Rules are written for kinds of sentences: no capitalised word in their lemmas or words."""
    for rule in TYPES.rules:
        assert all(w == w.lower() for w in rule.lemmas | rule.with_words | set(rule.object)), rule.reads
    for kind in TYPES.actor_types.types:
        assert all(w == w.lower() for w in kind.words), kind.name


def _mentions(nlp, text: str, published: str = "2020-06-01", publisher: str = "Test") -> pd.DataFrame:
    documents = pd.DataFrame([{
        "doc_id": "doc_0123456789abcdef", "title": None, "text": text, "published": published, "duplicate_of": None,
        "publisher": publisher, "source": "test", "url": "https://example.org/a",
    }])
    units = text_units(documents)
    annotations = annotate_texts([u for _, u in units], nlp)
    mentions, _, _ = extract_mentions(documents, annotations, TYPES, EntityResolver.from_alias_file(ROOT / "config" / "aliases.csv"))
    return mentions


def test_every_actor_type_is_defined_in_the_data_dictionary():
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for kind in TYPES.actor_types.types:
        assert f"| `{kind.name}` |" in dictionary, kind.name


def test_the_trade_union_of_a_company_is_the_union(nlp):
    (sentence, *_), = annotate_texts(["The trade union of Northern Copper Company was dissolved in 2019."], nlp)
    assert ["trade union of Northern Copper Company", "ORG"] in [e[:2] for e in sentence["ents"]]


def test_the_union_named_after_a_company_is_the_union_not_the_company(nlp):
    mentions = _mentions(nlp, "On 3 May 2020, police detained Ivan Petrov, chair of the Northern Copper Company trade union.")
    arrest = mentions[mentions["event_type"] == "arrest"].iloc[0]
    assert list(arrest["organisations"]) == ["Northern Copper Company trade union"]


def test_the_publisher_takes_part_only_in_its_own_statements():
    publisher = ("ORG", "org-x", "Labour Rights Monitor", "Labour Rights Monitor", 0, 21)
    initials = ("ORG", "org-y", "LRM", "LRM", 30, 33)
    union = ("ORG", "org-z", "Northern Miners' Union", "Northern Miners' Union", 40, 62)
    assert listed_names([publisher, initials, union], "arrest", "Labour Rights Monitor") == [union]
    assert listed_names([publisher, union], "statement", "Labour Rights Monitor") == [publisher, union]
    assert listed_names([publisher, union], "arrest", "Another Publisher") == [publisher, union]
    # reporting on its own staff, the publisher is in the occurrence's arguments
    assert listed_names([initials], "fine", "Labour Rights Monitor", ["An LRM correspondent"]) == [initials]


def test_an_organisation_named_inside_another_ones_name_is_not_listed():
    company = ("ORG", "org-a", "Northern Copper Company", "NCC", 0, 3)
    union = ("ORG", "org-b", "Northern Copper Company trade union", "trade union of Northern Copper Company", 10, 48)
    person = ("PERSON", "per-a", "Ivan Petrov", "Ivan Petrov", 50, 61)
    assert listed_names([company, union, person], "release", None) == [union, person]


def test_relative_dates_after_an_update_heading_count_from_the_update(nlp):
    text = "August 15, 2020 Update: The appeal was heard. Ivan Petrov was released from prison on Wednesday."
    mentions = _mentions(nlp, text, published="2020-06-01")
    release = mentions[mentions["event_type"] == "release"].iloc[0]
    assert release["event_date"] == "2020-08-12"  # the Wednesday before the update, not before publication


def test_his_is_the_person_the_last_occurrence_befell(nlp):
    mentions = _mentions(nlp, "Ivan Petrov was released from prison on 9 May 2020 under a decree signed by President Anna Smirnova.\n\n"
                              "His remaining sentence was replaced by a fine.")
    fine = mentions[mentions["event_type"] == "fine"].iloc[0]
    assert list(fine["people"]) == ["Ivan Petrov"]


def test_a_source_named_as_a_modifier_after_according_to_is_no_participant(nlp):
    mentions = _mentions(nlp, "According to the Vremya news agency, up to 300 workers gathered in the central square on 3 May 2020.")
    protest = mentions[mentions["event_type"] == "protest"].iloc[0]
    assert list(protest["organisations"]) == []


def test_a_union_described_in_the_clause_is_the_union_last_named(nlp):
    mentions = _mentions(nlp, "The Northern Miners' Union held its congress in 2019.\n\n"
                              "On 3 May 2020, a court ordered the closure of the confederation.\n\n"
                              "On 4 May 2020, police detained a lawyer who cited the trade union law.")
    ruling = mentions[mentions["event_date"] == "2020-05-03"].iloc[0]
    arrest = mentions[mentions["event_date"] == "2020-05-04"].iloc[0]
    assert list(ruling["organisations"]) == ["Northern Miners' Union"]
    assert list(arrest["organisations"]) == []  # the law named after unions is no union


def test_the_organisation_refused_under_a_new_name_is_also_the_union_the_document_is_about(nlp):
    mentions = _mentions(nlp, "The Northern Miners' Union applied for registration. The Northern Miners' Union waited.\n\n"
                              "On 3 May 2020, the Ministry of Labour refused registration of the organisation under "
                              "its new name, Free Miners' Union.")
    refusal = mentions[mentions["event_type"] == "registration_denied"].iloc[0]
    assert "Northern Miners' Union" in list(refusal["organisations"])


def test_a_court_described_by_its_kind_alone_is_no_entity(resolver):
    assert resolver.resolve("the Court of Appeal", "ORG") is None
    assert resolver.resolve("City Court", "ORG") is None
    assert resolver.resolve("Northern District Court", "ORG") is not None


def test_a_description_does_not_replace_the_body_the_occurrence_names(nlp):
    mentions = _mentions(nlp, "The Northern District Court convicted Ivan Petrov in 2019.\n\n"
                              "On 3 May 2020, the Supreme Court of the Republic upheld the court's decision.")
    ruling = mentions[mentions["event_date"] == "2020-05-03"].iloc[0]
    assert "Northern District Court" not in list(ruling["organisations"])


def test_people_counted_in_a_description_are_those_the_page_names_together(nlp):
    mentions = _mentions(nlp, "On 3 May 2020, police arrested two union leaders in the port.\n\n"
                              "Ivan Petrov and Anna Smirnova lead the dockers' union.")
    arrest = mentions[mentions["event_type"] == "arrest"].iloc[0]
    assert sorted(arrest["people"]) == ["Anna Smirnova", "Ivan Petrov"]


def test_a_court_upholding_the_decision_names_the_person_it_befell(nlp):
    mentions = _mentions(nlp, "Anna Smirnova was convicted of embezzlement in 2018.\n\n"
                              "On 3 May 2020, the appeal court upheld the decision.")
    ruling = mentions[mentions["event_date"] == "2020-05-03"].iloc[0]
    assert list(ruling["people"]) == ["Anna Smirnova"]


def test_an_undated_occurrence_takes_the_previous_date_only_for_the_same_kind(nlp):
    mentions = _mentions(nlp, "On 4 May 2020, dockers in the port went on strike. Drivers of the bus company also went on strike.\n\n"
                              "Police detained Ivan Petrov.")
    dates = dict(zip(mentions["evidence"].str[:7], zip(mentions["event_type"], mentions["event_date"], mentions["date_from"])))
    assert dates["Drivers"] == ("strike", "2020-05-04", "text")
    assert dates["Police "] == ("arrest", "2020-06-01", "published")


def test_two_organisation_spans_split_at_a_space_are_one_name(resolver):
    text = "Drivers at the transport company VK Tranzit stopped work; the ITUC and IndustriALL protested."
    at = text.index("VK")
    sentence = {"text": text, "ents": [["VK", "ORG", "", at, at + 2], ["Tranzit", "ORG", "", at + 3, at + 10],
                                       ["ITUC", "ORG", "", text.index("ITUC"), text.index("ITUC") + 4],
                                       ["IndustriALL", "ORG", "", text.index("Indus"), text.index("Indus") + 11]]}
    assert [n[3] for n in _resolve_names(sentence, resolver)] == ["VK Tranzit", "ITUC", "IndustriALL"]


def test_an_organisation_is_of_the_kind_its_head_word_says():
    from pipeline.coreference import _org_type
    named = lambda name: ("ORG", "org-x", name, name, 0, len(name))
    assert _org_type(named("Northern Copper Company trade union"), TYPES) == "union"
    assert _org_type(named("Ministry of Labour"), TYPES) == "government"
    assert _org_type(named("Northern Copper Company"), TYPES) == "employer"


def test_a_court_of_another_instance_is_not_the_court_last_named(nlp):
    mentions = _mentions(nlp, "The Northern District Court convicted Ivan Petrov in 2019.\n\n"
                              "On 3 May 2020, the appeal court upheld the verdict.")
    ruling = mentions[mentions["event_date"] == "2020-05-03"].iloc[0]
    assert "Northern District Court" not in list(ruling["organisations"])


def test_a_name_in_a_background_clause_is_no_participant(nlp):
    mentions = _mentions(nlp, "Following an appeal by the Northern Miners' Union, police released Ivan Petrov on 3 May 2020.")
    release = mentions[mentions["event_type"] == "release"].iloc[0]
    assert list(release["organisations"]) == [] and list(release["people"]) == ["Ivan Petrov"]


def test_the_sentence_matcher_groups_matches_as_spacys_own(nlp):
    """``sentence_matcher`` finds the tokens each node fits and their roots another way: on
    every sentence of the seed texts, the grouping is the one spaCy's ``DependencyMatcher``
    makes, and so are the matches; a node it cannot read sends the Doc through spaCy's Matcher."""
    from spacy.matcher import DependencyMatcher

    from pipeline.predicates import _matcher
    from pipeline.sentence_matcher import matcher_class, node_index

    matcher = _matcher(TYPES.role_patterns, TYPES.lexicon)
    assert node_index(matcher) is not None  # the shipped patterns are all read here
    plain = DependencyMatcher(matcher.vocab)  # spaCy's own, with the same patterns
    for key, patterns in matcher._raw_patterns.items():
        plain.add(key, patterns)
    texts = [p for path in sorted((ROOT / "tests" / "fixture_site" / "seeds").glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    sentences = [s for unit in annotate_texts(texts, nlp) for s in unit if s["tokens"]]
    assert len(sentences) > 100
    matched = 0
    for sentence in sentences:
        doc = sentence_doc(sentence)
        ours, theirs = matcher._get_keys_to_position_maps(doc), DependencyMatcher._get_keys_to_position_maps(matcher, doc)
        assert [(root, dict(keys)) for root, keys in ours.items()] == [(root, dict(keys)) for root, keys in theirs.items()]
        assert matcher(doc) == plain(doc)
        matched += bool(plain(doc))
    assert matched > 50
    other = matcher_class()(matcher.vocab)  # a node with an operator this module does not read
    other.add("x", [[{"RIGHT_ID": "predicate", "RIGHT_ATTRS": {"LEMMA": {"NOT_IN": ["be"]}}},
                     {"LEFT_ID": "predicate", "REL_OP": ">", "RIGHT_ID": "argument", "RIGHT_ATTRS": {"DEP": "nsubj"}}]])
    assert node_index(other) is None
    plain_other = DependencyMatcher(matcher.vocab)
    plain_other.add("x", other._raw_patterns[matcher.vocab.strings["x"]])
    assert [other(sentence_doc(s)) for s in sentences[:20]] == [plain_other(sentence_doc(s)) for s in sentences[:20]]


def test_a_rebuilt_sentence_is_the_doc_spacys_constructor_makes(nlp):
    """``sentence_doc`` sets the parse from one array; on every sentence of the seed texts the
    Doc is the one ``Doc(words=..., lemmas=..., heads=...)`` makes: same bytes, same tokens."""
    from spacy.tokens import Doc

    from pipeline.predicates import _vocab

    texts = [p for path in sorted((ROOT / "tests" / "fixture_site" / "seeds").glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    sentences = [s for unit in annotate_texts(texts, nlp) for s in unit if s["tokens"]]
    assert len(sentences) > 100
    for sentence in sentences:
        text, tokens = sentence["text"], sentence["tokens"]
        words = [text[s:e] for s, e, *_ in tokens]
        spaces = [k + 1 < len(tokens) and tokens[k + 1][0] > e for k, (s, e, *_) in enumerate(tokens)]
        theirs = Doc(_vocab(), words=words, spaces=spaces, lemmas=[t[2] for t in tokens],
                     pos=[t[3] for t in tokens], tags=[t[4] for t in tokens],
                     deps=[t[5] or "dep" for t in tokens], heads=[t[6] for t in tokens])
        ours = sentence_doc(sentence)
        assert ours.to_bytes(exclude=["user_data"]) == theirs.to_bytes(exclude=["user_data"])
        assert [(t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in ours] == \
               [(t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in theirs]
    assert any(t.head.i > t.i for s in sentences[:20] for t in sentence_doc(s))  # heads on both sides
    assert any(t.head.i < t.i for s in sentences[:20] for t in sentence_doc(s))


def test_predicate_candidates_read_from_the_lists_are_those_of_the_tokens(nlp):
    """``_candidate_forms`` reads the tokens that may be predicates from a sentence's lists: on
    every sentence of the seed texts, and on written ones with split hyphenated words, double
    spaces and dates, they are the tokens, forms, lemmas and parts of speech the Doc's tokens give."""
    from pipeline.predicates import PREDICATE_POS, _candidate_forms, token_forms

    texts = [p for path in sorted((ROOT / "tests" / "fixture_site" / "seeds").glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    texts += ["The union was de-registered on 4 May 2021 and re-registered  in  June.",
              "Police detained - and beat - two members; the court re - tried them on 5 March."]
    sentences = [s for unit in annotate_texts(texts, nlp) for s in unit if s["tokens"]]
    hyphenated = 0
    for sentence in sentences:
        doc = sentence_doc(sentence)
        dates = [(e[3], e[4]) for e in sentence["ents"] if e[1] in ("DATE", "MONEY")]
        by_tokens = [(t.i, token_forms(doc, t.i), t.lemma_.lower(), t.pos_) for t in doc
                     if t.pos_ in PREDICATE_POS and t.dep_ != "prep" and not any(s <= t.idx < e for s, e in dates)]
        by_lists = [(k, forms, sentence["tokens"][k][2].lower(), sentence["tokens"][k][3])
                    for k, forms in _candidate_forms(sentence, dates)]
        assert by_lists == by_tokens, sentence["text"]
        hyphenated += any(len(forms) > 2 for _, forms, _, _ in by_lists)
    assert len(sentences) > 100 and hyphenated >= 1
