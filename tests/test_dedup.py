"""Events from mentions, and reviewer decisions that survive every refresh."""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.archive import Archive
from pipeline.entities import name_key
from pipeline.dedup import cluster_mentions, date_range, deduplicate, load_dedup_config, mention_range, ranges_overlap
from pipeline.pair_rules import two_months
from pipeline.process import process_archive
from pipeline.review import append_decision, import_review_csv, load_decisions, queue_rows_from_csv, review_pairs
from pipeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_sources(ROOT / "config" / "sources.toml")
DEDUP = load_dedup_config(ROOT / "config" / "dedup.toml")


def run(out: Path, decisions: Path):
    return process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=decisions)


@pytest.fixture(scope="module")
def first(sample_output):
    return sample_output.out, sample_output.decisions


def mentions_of(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "mentions.parquet")


def event_of(mentions: pd.DataFrame, pattern: str) -> set[str]:
    found = mentions[mentions["evidence"].str.contains(pattern, regex=False)]
    assert len(found), pattern
    return set(found["event_id"])


def one_event(mentions: pd.DataFrame, *patterns: str) -> str:
    """The one event every sentence matching ``patterns`` belongs to."""
    ids = {pattern: event_of(mentions, pattern) for pattern in patterns}
    assert len(set().union(*ids.values())) == 1, ids
    return next(iter(ids[patterns[0]]))


def test_reports_of_one_sentencing_merge_across_publishers(first):
    out, _ = first
    mentions = mentions_of(out)
    event_id = one_event(  # the sentencing each sentence reports (a condemnation of it is a statement of its own)
        mentions[mentions["event_type"] == "conviction"],
        "sentenced to seven years’ imprisonment on July 17, 2019",
        "after he was sentenced to seven years in prison by a Kazakh court on 17 July",
        "The ITUC has harshly condemned the sentencing",
    )
    events = pd.read_parquet(out / "events.parquet").set_index("event_id")
    event = events.loc[event_id]
    assert event["n_sources"] >= 3 and event["event_type"] == "conviction"
    assert (event["event_date"], event["date_precision"]) == ("2019-07-17", "day")


def test_zhanaozen_killings_merge_whatever_the_toll_and_precision(first):
    out, _ = first
    one_event(
        mentions_of(out),
        "killings in Zhanaozen in December 2011 where the police shot 12 workers",
        "police killed at least 16 demonstrators",
        "shooting of striking workers in Zhanaozen in 2011",
    )


def test_near_misses_stay_apart(first):
    out, _ = first
    mentions = mentions_of(out)
    assert event_of(mentions, "On 7 November 2018, Kazakhstan’s Supreme Court upheld") != event_of(mentions, "On 22 May 2019, the Supreme Court")
    assert event_of(mentions, "on July 17, 2019") != event_of(mentions, "On 19 December 2019, the Court rejected Baltabay’s appeal")
    assert event_of(mentions, "Refusal to register the SFEWU Atyrau branch") != event_of(mentions, "Refusal to register the SFWEU Almaty branch")
    assert event_of(mentions, "Department of Justice of the Atyrau Region rejected") != event_of(mentions, "City of Almaty issued a decision on 10 February")
    # one report, two occurrences: the branch's de-registration and the court's suspension a month later
    assert event_of(mentions, "In January 2021, the authorities de-registered") != event_of(mentions, "In February 2021 the Specialised Interdistrict")
    assert event_of(mentions, "On 27 October 2021, the police arrested Jenis Orynaliev") != event_of(mentions, "did initiate talks with the company couriers")
    # refusing to pay a fine is no occurrence of the vocabulary (extract gives no mention): if it were one, not the pardon
    refusal = mentions[mentions["evidence"].str.contains("refused to pay the fine or recognise the presidential pardon", regex=False)]
    assert event_of(mentions, "issued a decree on the evening of August 9th pardoning").isdisjoint(refusal["event_id"])


def test_a_statement_is_one_event_from_heading_to_signature(first):
    out, _ = first
    mentions = mentions_of(out)
    one_event(
        mentions[mentions["event_type"] == "statement"],  # the sentence also reports the attempt it protests against
        "Statement by the Central Council of the University Solidarity trade union",
        "The Central Council protests against the attempt",  # the same speaker, shortened
        "Adopted by the Central Council of University Solidarity, 10 December 2016",  # three days before publication
    )


def test_different_months_are_incompatible_however_close_their_ends():
    january, february = date_range("2021-01", "month", "text", DEDUP), date_range("2021-02", "month", "text", DEDUP)
    assert not ranges_overlap(january, february, DEDUP.tolerance_days)
    last_day = date_range("2021-01-31", "day", "text", DEDUP)  # a single day keeps a day's slack
    assert ranges_overlap(last_day, date_range("2021-02-01", "day", "text", DEDUP), DEDUP.tolerance_days)
    assert ranges_overlap(last_day, february, DEDUP.tolerance_days)


def test_every_mention_is_traceable_and_events_are_consistent(first):
    out, _ = first
    mentions, events = mentions_of(out), pd.read_parquet(out / "events.parquet")
    assert events["event_id"].is_unique and set(mentions["event_id"]) == set(events["event_id"])
    counts = mentions.groupby("event_id").size()
    assert (events.set_index("event_id")["n_mentions"].sort_index() == counts.sort_index()).all()
    for event_id, group in mentions.groupby("event_id"):  # members' dates can all hold at once (a strike's widened by its window)
        ranges = [mention_range(r, DEDUP) for r in group.to_dict("records") if r["date_from"] == "text"]
        assert all(ranges_overlap(a, b, DEDUP.tolerance_days) for a in ranges for b in ranges), event_id
    pairs = pd.read_parquet(out / "pairs.parquet")
    assert set(pairs["outcome"]) <= {"same", "review", "different"}
    assert {"date_compatible", "actors", "event_type", "evidence", "score"} <= set(pairs.columns)


def test_same_input_same_event_ids(first, tmp_path):
    out, decisions = first
    run(tmp_path, decisions)
    assert mentions_of(tmp_path)[["mention_id", "event_id"]].equals(mentions_of(out)[["mention_id", "event_id"]])
    run(tmp_path, decisions)  # a refresh on top of existing output keeps them too
    assert mentions_of(tmp_path)[["mention_id", "event_id"]].equals(mentions_of(out)[["mention_id", "event_id"]])


def test_weak_links_never_join_groups_a_reviewer_separated():
    ranges = [None, None, None]
    scored = {(0, 1): {"score": 0.9, "outcome": "same"}, (1, 2): {"score": 0.8, "outcome": "same"}}
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1).labels)) == 1
    separated = cluster_mentions(3, ranges, scored, [], [(0, 2)], 1).labels
    assert separated[0] != separated[2]
    dated = [(0, 10), (5, 40), (30, 50)]  # 0 and 2 cannot both hold with 1
    labels = cluster_mentions(3, dated, scored, [], [], 0).labels
    assert labels[0] == labels[1] != labels[2]


def test_review_decisions_survive_a_full_rebuild(first, tmp_path):
    out, _ = first
    decisions = tmp_path / "decisions.jsonl"
    mentions = mentions_of(out)
    queue = pd.read_csv(out / "review_queue.csv")
    assert len(queue) > 0
    flagged = queue.iloc[0]
    merged = mentions.groupby("event_id")["mention_id"].apply(list)
    a, b = next(m for m in merged if len(m) >= 2)[:2]
    append_decision(decisions, flagged["mention_a"], flagged["mention_b"], "same", "tester")
    append_decision(decisions, a, b, "different", "tester")
    append_decision(decisions, "doc_gone:0000000000", a, "same", "tester")  # a mention that no longer exists
    rebuilt = tmp_path / "rebuilt"
    result = run(rebuilt, decisions)
    after = mentions_of(rebuilt).set_index("mention_id")["event_id"]
    assert after[flagged["mention_a"]] == after[flagged["mention_b"]]
    assert after[a] != after[b]
    assert result.counts["review decisions applied"] == 2 and result.counts["review decisions stale"] == 1
    assert any("no longer exists" in w for w in result.warnings)
    new_queue = pd.read_csv(rebuilt / "review_queue.csv")
    asked = {tuple(sorted(p)) for p in zip(new_queue["mention_a"], new_queue["mention_b"])}
    assert tuple(sorted((flagged["mention_a"], flagged["mention_b"]))) not in asked


def test_terminal_review_writes_each_decision_at_once_and_never_asks_twice(first, tmp_path):
    out, _ = first
    decisions = tmp_path / "decisions.jsonl"
    rows = queue_rows_from_csv(out / "review_queue.csv")
    assert len(rows) >= 4
    keys = iter(["s", "d", "z", "u", "k", "x", "q"])
    seen_lines = []

    def read_key() -> str:
        seen_lines.append(sum(1 for _ in open(decisions)) if decisions.exists() else 0)
        return next(keys)

    screen = io.StringIO()
    counts = review_pairs(rows, decisions, read_key, screen.write, "tester")
    assert counts == {"same": 1, "different": 0, "unsure": 1, "skipped": 1, "undone": 1}  # what stands: "d" was undone
    assert seen_lines[:3] == [0, 1, 2]  # each decision was on disk before the next key
    standing = load_decisions(decisions)
    key = lambda r: tuple(sorted((r["mention_a"], r["mention_b"])))  # noqa: E731
    assert standing[key(rows[0])]["decision"] == "same"
    assert standing[key(rows[1])]["decision"] == "unsure"  # "d" was undone, then "u"
    assert "unknown key 'x'" in screen.getvalue() and "A:" in screen.getvalue()
    again = io.StringIO()
    review_pairs(rows, decisions, iter(["q"]).__next__, again.write, "tester")
    assert "pair 1 of" in again.getvalue() and f"of {len(rows) - 2}" in again.getvalue()


def test_spreadsheet_round_trip(first, tmp_path):
    out, _ = first
    queue = pd.read_csv(out / "review_queue.csv", dtype=str, keep_default_na=False)
    queue.loc[0, "decision"] = "different"
    queue.loc[1, "decision"] = "maybe"
    filled = tmp_path / "filled.csv"
    queue.to_csv(filled, index=False)
    decisions = tmp_path / "decisions.jsonl"
    taken, problems = import_review_csv(filled, decisions, "sheet-user")
    assert taken == 1 and len(problems) == 1 and "unknown decision 'maybe'" in problems[0]
    line = json.loads(decisions.read_text().splitlines()[0])
    assert line["decision"] == "different" and line["reviewer"] == "sheet-user"


def test_review_command_line(first, tmp_path):
    out, _ = first
    decisions = tmp_path / "decisions.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "review", "--out", str(out), "--decisions", str(decisions), "--reviewer", "cli", "--no-color"],
        input="s\nq\n", capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "[s]ame" in done.stdout and "1 same" in done.stdout
    assert len(load_decisions(decisions)) == 1
    aliases = tmp_path / "aliases.csv"
    shutil.copy(ROOT / "config" / "countries" / "KZ" / "aliases.csv", aliases)  # the sample's people
    merged = subprocess.run(
        [sys.executable, "-m", "pipeline", "review", "--merge-entity", "Erlan Baltabai", "Erlan Baltabay", "--aliases", str(aliases),
         "--decisions", str(decisions)],  # the merge's judgement line goes beside these decisions, not into review/
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert merged.returncode == 0 and "Erlan Baltabai" in aliases.read_text(encoding="utf-8")
    assert (tmp_path / "entity_merges.jsonl").read_text(encoding="utf-8").count("Erlan Baltabai") == 1


# -- reports written for these tests: no shared name needed, conflicts kept, near misses apart --


def mention(doc: str, evidence: str, event_type: str, when: str | None, publisher: str, *, people=(), organisations=(),
            locations=(), published: str = "2023-06-30", precision: str = "day", from_title: bool = False) -> dict:
    """One mention row as extraction writes it (date from the sentence unless ``when`` is None)."""
    dated = when is not None
    return {
        "mention_id": f"doc_{doc:0>16}:" + hashlib.sha1(evidence.encode()).hexdigest()[:10], "doc_id": f"doc_{doc:0>16}",
        "evidence": evidence, "from_title": from_title, "event_type": event_type,
        "event_date": when if dated else published, "date_precision": precision if dated else "day",
        "date_text": when if dated else None, "date_from": "text" if dated else "published",
        "people": list(people), "organisations": list(organisations), "locations": list(locations),
        "people_text": list(people), "organisations_text": list(organisations), "locations_text": list(locations),
        "context_date": None, "context_precision": None, "context_from": None,
        "publisher": publisher, "source": publisher, "url": f"https://{publisher}.example/{doc}", "published": published,
    }


def dedup_rows(*rows: dict, links: dict[str, str] | None = None):
    return deduplicate(pd.DataFrame(list(rows)), {}, DEDUP, links=links)


def same_event(result, i: int, j: int) -> bool:
    ids = list(result.mentions["event_id"])
    return ids[i] == ids[j]


def test_two_publishers_a_day_apart_on_one_arrest_are_one_event_with_the_conflict_shown():
    result = dedup_rows(
        mention("a1", "Police arrested union leader Maria Lopez at the port on 20 January 2023.", "arrest", "2023-01-20",
                "harbour-news", people=["Maria Lopez"], locations=["Port Elm"], published="2023-01-21"),
        mention("b1", "Maria Lopez, head of the dockers' union, was arrested at the port on 21 January 2023.", "arrest",
                "2023-01-21", "labour-wire", people=["Maria Lopez"], locations=["Port Elm"], published="2023-01-22"),
    )
    assert same_event(result, 0, 1)
    event = result.events.iloc[0]
    assert (event["date_start"], event["date_end"]) == ("2023-01-20", "2023-01-21")
    assert event["n_sources"] == 2


def test_an_appeal_ruling_stays_apart_from_the_conviction_it_upholds():
    result = dedup_rows(
        mention("a2", "A district court sentenced union leader Ivan Petrov to four years in prison in March 2020.",
                "conviction", "2020-03", "harbour-news", people=["Ivan Petrov"], precision="month"),
        mention("b2", "On 30 March 2020 the regional court rejected Ivan Petrov's appeal and upheld the sentence.",
                "court_ruling", "2020-03-30", "labour-wire", people=["Ivan Petrov"]),
    )
    assert not same_event(result, 0, 1)


def test_a_second_sentence_stays_apart_from_the_first():
    result = dedup_rows(
        mention("a3", "Ivan Petrov was sentenced to four years in prison on 3 March 2020.", "conviction", "2020-03-03",
                "harbour-news", people=["Ivan Petrov"]),
        mention("b3", "In 2020 Ivan Petrov was sentenced a second time, to five more years.", "conviction", "2020",
                "labour-wire", people=["Ivan Petrov"], precision="year"),
    )
    assert not same_event(result, 0, 1)


def test_fines_of_workers_stay_apart_from_the_arrest_of_their_leaders():
    result = dedup_rows(
        mention("a4", "Police detained the union leaders Anna Kim and Oleg Sato on 5 June 2022.", "arrest", "2022-06-05",
                "harbour-news", people=["Anna Kim", "Oleg Sato"], organisations=["Dockers Union"]),
        mention("b4", "On 5 June 2022 a court fined 15 workers of the Dockers Union who had joined the strike.", "fine",
                "2022-06-05", "labour-wire", organisations=["Dockers Union"]),
    )
    assert not same_event(result, 0, 1)


def test_an_anniversary_statement_stays_apart_from_the_killings_it_recalls():
    result = dedup_rows(
        mention("a5", "Police shot dead eleven striking workers in Riverton on 16 December 2011.", "violence", "2011-12-16",
                "harbour-news", locations=["Riverton"], published="2011-12-17"),
        mention("b5", "On 16 December 2021 the union marked the tenth anniversary of the Riverton killings.", "statement",
                "2021-12-16", "labour-wire", organisations=["Dockers Union"], locations=["Riverton"], published="2021-12-16"),
    )
    assert not same_event(result, 0, 1)


def test_reports_that_name_no_one_link_through_place_day_and_type():
    rows = [
        mention(f"c{k}", sentence, "violence", "2022-04-04", publisher, locations=["Port Elm"], published="2022-04-05")
        for k, (sentence, publisher) in enumerate([
            ("Gunmen killed a trade union organiser outside the Port Elm docks on 4 April 2022.", "harbour-news"),
            ("A union organiser was shot dead in Port Elm on 4 April 2022.", "labour-wire"),
            ("On 4 April 2022 an organiser of the dockers was murdered in Port Elm.", "city-daily"),
            ("Unknown attackers killed a union organiser in Port Elm on 4 April 2022, the federation said.", "union-voice"),
        ])
    ]
    result = dedup_rows(*rows)
    assert result.mentions["event_id"].nunique() == 1
    blocks = {b for bs in result.pairs["blocks"] for b in bs}
    assert "place_type" in blocks and result.block_stats["place_type"].largest == 4


def test_a_pronoun_links_a_sentence_to_the_person_named_before_it():
    result = dedup_rows(
        mention("a6", "Union leader Maria Lopez was detained at her home in May 2023.", "arrest", "2023-05", "harbour-news",
                people=["Maria Lopez"], precision="month", published="2023-05-26"),
        mention("a6", "She was sentenced on 24 May 2023 to two years of restricted freedom.", "conviction", "2023-05-24",
                "harbour-news", published="2023-05-26"),
        mention("b6", "A court sentenced Maria Lopez to two years of restricted freedom on 24 May 2023.", "conviction",
                "2023-05-24", "labour-wire", people=["Maria Lopez"], published="2023-05-25"),
    )
    pairs = result.pairs.set_index(["mention_a", "mention_b"])
    ids = list(result.mentions["mention_id"])
    assert "coref" in pairs.loc[(ids[1], ids[2]), "blocks"]
    assert same_event(result, 1, 2) and not same_event(result, 0, 1)


def test_an_index_entry_and_its_own_page_are_one_report():
    entry = mention("d1", "Dockers' leader detained", "arrest", None, "harbour-news", published="2023-03-02", from_title=True)
    page = mention("d2", "Police detained the dockers' leader at the gate on 1 March 2023.", "arrest", "2023-03-01",
                   "harbour-news", published="2023-03-02")
    result = dedup_rows(entry, page, links={entry["doc_id"]: page["url"]})
    assert "link" in result.pairs.iloc[0]["blocks"] and same_event(result, 0, 1)


def test_pairs_carry_a_probability_and_each_features_contribution():
    result = dedup_rows(
        mention("a1", "Police arrested union leader Maria Lopez at the port on 20 January 2023.", "arrest", "2023-01-20",
                "harbour-news", people=["Maria Lopez"]),
        mention("b1", "Maria Lopez was arrested at the port on 21 January 2023.", "arrest", "2023-01-21", "labour-wire",
                people=["Maria Lopez"]),
    )
    pair = result.pairs.iloc[0]
    contributions = json.loads(pair["contributions"])
    assert set(contributions) == set(DEDUP.model.features)
    z = DEDUP.model.intercept + sum(contributions.values())
    assert abs(pair["probability"] - 1 / (1 + math.exp(-z))) < 1e-3


def test_roles_and_counts_link_reports_that_name_no_one_and_missing_values_are_harmless():
    rows = [
        mention("e1", "Security forces opened fire on striking oil workers on 9 May 2022.", "violence", "2022-05-09", "harbour-news"),
        mention("e2", "On 9 May 2022 security forces opened fire on strikers, killing twelve.", "violence", "2022-05-09", "labour-wire"),
        mention("e3", "A journalist was beaten on 9 May 2022.", "violence", "2022-05-09", "city-daily"),
    ]
    roles = [(["Security forces"], ["security_forces"], ["striking oil workers"], ["workers"], None, "opened fire"),
             (["security forces"], ["security_forces"], ["strikers"], ["protesters"], 12, "opened fire"),
             ([], [], ["A journalist"], ["journalists"], pd.NA, "beaten")]
    for row, (actors, actor_types, targets, target_types, n_people, trigger) in zip(rows, roles):
        row.update(actors=actors, actor_types=actor_types, targets=targets, target_types=target_types, n_people=n_people,
                   trigger=trigger, event_subtype=None)
    result = dedup_rows(*rows)
    assert result.block_stats["role"].pairs == 1  # the same kind of actor, not the journalist's unnamed assailant
    assert {"targets", "n_people", "actors", "event_id"} <= set(result.mentions.columns)
    assert same_event(result, 0, 1) and not same_event(result, 0, 2)
    bare = [{k: v for k, v in row.items() if k not in ("actor_types", "target_types", "n_people", "trigger")} for row in rows]
    assert len(dedup_rows(*bare).pairs) == 3  # without the columns: the unnamed block still pairs them, nothing breaks


def test_no_chaining_across_two_peoples_events_through_a_sentence_naming_both():
    ranges = [(0, 30), (0, 30), (0, 30)]
    scored = {(0, 1): {"score": 0.9, "outcome": "same"}, (1, 2): {"score": 0.8, "outcome": "same"}}
    people = [{"Maria Lopez"}, {"Maria Lopez", "Oleg Sato"}, {"Oleg Sato"}]  # "Lopez and Sato were released in May"
    labels = cluster_mentions(3, ranges, scored, [], [], 1, None, people).labels
    assert labels[0] == labels[1] != labels[2]
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1).labels)) == 1  # without names, one chain


def test_one_report_giving_two_days_tells_two_occurrences():
    result = dedup_rows(
        mention("f1", "Police detained the reporter Anna Kim on 11 March 2019.", "arrest", "2019-03-11", "harbour-news",
                people=["Anna Kim"]),
        mention("f1", "She was held overnight and on 12 March 2019 a court found Anna Kim guilty.", "arrest", "2019-03-12",
                "harbour-news", people=["Anna Kim"]),
    )
    assert not same_event(result, 0, 1)


def test_a_strike_reported_as_it_began_and_as_it_spread_is_one_strike_with_its_span():
    result = dedup_rows(
        mention("g1", "About 80 dockers of the Dockers Union began a hunger strike at the port on 5 January 2017.", "strike",
                "2017-01-05", "harbour-news", organisations=["Dockers Union"], locations=["Port Elm"], published="2017-01-06"),
        mention("h1", "By 17 January 2017 the dockers' hunger strike at the port had spread to 300 workers of the Dockers Union.",
                "strike", "2017-01-17", "labour-wire", organisations=["Dockers Union"], locations=["Port Elm"], published="2017-01-18"),
        mention("h2", "Dockers of the Dockers Union went on strike at the port on 20 March 2017.", "strike", "2017-03-20",
                "labour-wire", organisations=["Dockers Union"], locations=["Port Elm"], published="2017-03-21"),
    )
    assert same_event(result, 0, 1) and not same_event(result, 0, 2)
    strike = result.events.set_index("event_id").loc[result.mentions["event_id"][0]]
    assert (strike["date_start"], strike["date_end"]) == ("2017-01-05", "2017-01-17")


def test_two_occurrences_of_one_sentence_never_merge_even_through_other_reports():
    sentence = "Police arrested union leader Anna Kim on 3 May 2021 and a court sentenced her to a year the same day."
    rows = [
        mention("k1", sentence, "arrest", "2021-05-03", "harbour-news", people=["Anna Kim"]),
        mention("k1", sentence, "conviction", "2021-05-03", "harbour-news", people=["Anna Kim"]),
        mention("k2", "Anna Kim was arrested by police on 3 May 2021.", "arrest", "2021-05-03", "labour-wire", people=["Anna Kim"]),
        mention("k3", "A court sentenced Anna Kim to a year in prison on 3 May 2021.", "conviction", "2021-05-03", "city-daily",
                people=["Anna Kim"]),
    ]
    rows[1]["mention_id"] += "b"  # the sentence's second occurrence (extraction hashes it with its predicate)
    result = dedup_rows(*rows)
    assert not same_event(result, 0, 1)
    assert result.conflicts == []  # a rule of the machine, not a reviewer's decision overruled


def test_a_stage_cue_counts_near_its_own_trigger_only():
    shooting = mention("l1", "Police shot dead eleven striking workers in Riverton on 16 December 2011.", "violence", "2011-12-16",
                       "harbour-news", locations=["Riverton"], published="2011-12-17")
    recalled = mention("l2", "Ten years on, on the anniversary, the town remembers 16 December 2011, when police shot dead eleven "
                       "striking workers in Riverton.", "violence", "2011-12-16", "labour-wire", locations=["Riverton"],
                       published="2021-12-16")
    for row in (shooting, recalled):
        row.update(trigger="shot dead", actors=["police"], actor_types=["security_forces"], targets=["eleven striking workers"],
                   target_types=["workers"], n_people=11)
    result = dedup_rows(shooting, recalled)
    assert json.loads(result.pairs.iloc[0]["contributions"])["stage_mismatch"] == 0  # "anniversary" is nine words away
    assert same_event(result, 0, 1)
    without = dedup_rows(*({k: v for k, v in row.items() if k != "trigger"} for row in (shooting, recalled)))
    assert json.loads(without.pairs.iloc[0]["contributions"])["stage_mismatch"] != 0  # no trigger: the whole sentence


def test_a_dateline_place_is_where_the_report_was_filed_not_a_place_conflict():
    result = dedup_rows(
        mention("d1", "(Lakeside) – Police arrested the union leaders Anna Kim and Oleg Sato on 20 January 2023.",
                "arrest", "2023-01-20", "rights-desk", people=["Anna Kim", "Oleg Sato"], locations=["Lakeside"]),
        mention("d2", "On 21 January 2023 police in Port Elm arrested the union leaders Anna Kim and Oleg Sato.",
                "arrest", "2023-01-21", "labour-wire", people=["Anna Kim", "Oleg Sato"], locations=["Port Elm"]),
    )
    assert same_event(result, 0, 1)  # Lakeside is the publisher's desk, not where the arrest happened
    assert result.pairs.iloc[0]["location_conflict"] == 0.0


def test_two_places_named_in_the_text_still_keep_two_arrests_apart():
    result = dedup_rows(
        mention("d3", "(Lakeside) – Police detained union organiser Anna Kim in Port Elm on 20 January 2023.", "arrest",
                "2023-01-20", "rights-desk", people=["Anna Kim"], locations=["Lakeside", "Port Elm"]),
        mention("d4", "Union organiser Anna Kim was detained in Riverton on 20 January 2023 after a rally.", "arrest",
                "2023-01-20", "labour-wire", people=["Anna Kim"], locations=["Riverton"]),
    )
    assert not same_event(result, 0, 1)


def test_a_month_one_publisher_gives_meets_the_day_another_gives_but_not_a_month_earlier():
    near = dedup_rows(
        mention("e1", "Union leader Ivan Petrov was sentenced in June 2019 to seven years in prison for embezzlement.",
                "conviction", "2019-06", "harbour-news", people=["Ivan Petrov"], precision="month"),
        mention("e2", "A court sentenced union leader Ivan Petrov to seven years in prison on 17 July 2019.",
                "conviction", "2019-07-17", "labour-wire", people=["Ivan Petrov"]),
    )
    assert same_event(near, 0, 1)
    far = dedup_rows(
        mention("e3", "Union leader Ivan Petrov was sentenced in April 2019 to seven years in prison for embezzlement.",
                "conviction", "2019-04", "harbour-news", people=["Ivan Petrov"], precision="month"),
        mention("e4", "A court sentenced union leader Ivan Petrov to seven years in prison on 17 July 2019.",
                "conviction", "2019-07-17", "labour-wire", people=["Ivan Petrov"]),
    )
    assert not same_event(far, 0, 1)
    assert not ranges_overlap(mention_range(far.mentions.iloc[0], DEDUP), mention_range(far.mentions.iloc[1], DEDUP), 1)


def test_two_days_a_month_apart_are_two_refusals_whatever_the_month_window():
    result = dedup_rows(
        mention("e5", "On 6 August 2018 the ministry refused to register the Dockers Union.", "registration_denied",
                "2018-08-06", "harbour-news", organisations=["Dockers Union"]),
        mention("e6", "The ministry refused to register the Dockers Union on 7 September 2018.", "registration_denied",
                "2018-09-07", "labour-wire", organisations=["Dockers Union"]),
    )
    assert not same_event(result, 0, 1)


def test_a_hunger_strike_one_publisher_calls_a_protest_is_one_event_without_a_shared_name():
    result = dedup_rows(
        mention("f1", "Around ninety oil workers started a hunger strike at the Greenfield depot on 5 January 2017.",
                "strike", "2017-01-05", "harbour-news", locations=["Greenfield"]),
        mention("f2", "On 5 January 2017 oil workers at the Greenfield depot began a hunger protest against the closure.",
                "protest", "2017-01-05", "labour-wire", locations=["Greenfield"]),
    )
    assert same_event(result, 0, 1)
    assert result.pairs.iloc[0]["event_type"] == 0.75


def test_leaders_arrested_for_calling_for_a_strike_are_no_reaction_to_their_arrest():
    from pipeline.pair_features import REACTION_CUES, own_words

    row = mention("g1", "Police arrested union leaders Anna Kim and Oleg Sato on 20 January 2023 for calling for a strike.",
                  "arrest", "2023-01-20", "harbour-news", people=["Anna Kim", "Oleg Sato"])
    assert not REACTION_CUES.search(own_words({**row, "trigger": "arrested"}))
    reaction = mention("g2", "The federation condemned the arrest of Anna Kim and Oleg Sato.", "arrest", None, "labour-wire",
                       people=["Anna Kim", "Oleg Sato"])
    assert REACTION_CUES.search(own_words({**reaction, "trigger": "arrest"}))


def test_several_likely_links_join_a_report_to_a_group_but_never_across_a_reviewers_different():
    ranges = [(0, 0), (0, 0), (0, 0)]
    likely = {"score": 0.5, "outcome": "review", "corroborates": True}
    scored = {(0, 1): {"score": 0.9, "outcome": "same"}, (0, 2): dict(likely), (1, 2): dict(likely)}
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1, corroboration=2).labels)) == 1
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1, corroboration=0).labels)) == 2  # off: links only
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1, corroboration=3).labels)) == 2  # two members, not three
    apart = cluster_mentions(3, ranges, scored, [], [(0, 2)], 1, corroboration=2).labels
    assert apart[0] == apart[1] != apart[2]
    one = {**scored, (1, 2): {"score": 0.5, "outcome": "review", "corroborates": False}}  # one likely link is not several
    assert len(set(cluster_mentions(3, ranges, one, [], [], 1, corroboration=2).labels)) == 2
    far = [(0, 0), (0, 0), (9, 9)]
    assert len(set(cluster_mentions(3, far, scored, [], [], 1, corroboration=2).labels)) == 2  # dates that cannot all hold


def test_a_join_must_suit_the_group_as_a_whole_not_one_strong_link():
    ranges = [(0, 0), (0, 0), (0, 0)]
    scored = {(0, 1): {"score": 0.9, "outcome": "same"}, (1, 2): {"score": 0.8, "outcome": "same"},
              (0, 2): {"score": 0.05, "outcome": "different"}}  # 2 is like 1 but nothing like 0
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1).labels)) == 1  # single link chains them
    labels = cluster_mentions(3, ranges, scored, [], [], 1, average_link=0.5).labels
    assert labels[0] == labels[1] != labels[2]  # mean of 0.8 and 0.05 is below 0.5
    unscored = {k: v for k, v in scored.items() if k != (0, 2)}  # a pair no block proposed says nothing
    assert len(set(cluster_mentions(3, ranges, unscored, [], [], 1, average_link=0.5).labels)) == 1
    one_report = {**scored, (1, 2): {"score": 0.2, "outcome": "same", "one_report": True}}  # a statement's signature
    assert len(set(cluster_mentions(3, ranges, one_report, [], [], 1, average_link=0.5).labels)) == 1
    assert DEDUP.average_link > 0  # the shipped configuration uses it


def test_a_journalists_beating_and_a_shooting_of_strikers_the_same_day_and_place_stay_apart():
    rows = [
        mention("t1", "Police beat a journalist covering the dockers' strike in Port Elm on 9 May 2022.", "violence",
                "2022-05-09", "harbour-news", locations=["Port Elm"]),
        mention("t2", "Security forces shot at striking dockers in Port Elm on 9 May 2022.", "violence", "2022-05-09",
                "labour-wire", locations=["Port Elm"]),
        mention("t3", "On 9 May 2022 police fired on protesters at the Port Elm docks.", "violence", "2022-05-09",
                "city-daily", locations=["Port Elm"]),
    ]
    for row, targets in zip(rows, (["journalists"], ["workers"], ["protesters"])):
        row.update(target_types=targets, actor_types=["security_forces"], trigger="beat" if targets == ["journalists"] else "shot")
    result = dedup_rows(*rows)
    ids = list(result.mentions["mention_id"])
    pairs = result.pairs.set_index(["mention_a", "mention_b"])

    def contribution(i: int, j: int) -> float:
        key = (ids[i], ids[j]) if (ids[i], ids[j]) in pairs.index else (ids[j], ids[i])
        return json.loads(pairs.loc[key, "contributions"])["target_conflict"]

    assert contribution(0, 1) < 0 and contribution(0, 2) < 0  # a journalist is not the strikers
    assert contribution(1, 2) == 0  # striking workers and protesters: one crowd, two publishers' words
    assert not same_event(result, 0, 1) and not same_event(result, 0, 2)


def test_a_listed_reporter_is_never_a_shared_actor():
    assert name_key("Eurasianet") in DEDUP.reporter_keys  # from config/reporters.toml, not dedup.toml's short list
    result = dedup_rows(
        mention("r1", "Police detained a union organiser in Port Elm on 3 May 2023, Eurasianet reported.", "arrest",
                "2023-05-03", "harbour-news", organisations=["Eurasianet"], locations=["Port Elm"]),
        mention("r2", "Eurasianet reports that a court fined a dock worker in Riverton on 3 May 2023.", "arrest",
                "2023-05-03", "labour-wire", organisations=["EURASIANET"], locations=["Riverton"]),
    )
    assert len(result.pairs) == 0 or (not any("actor" in b for b in result.pairs["blocks"]) and (result.pairs["actors"] == 0).all())
    assert not same_event(result, 0, 1)


def test_one_outcome_rule_for_the_model_and_the_hand_weights():
    from pipeline.pair_rules import hand_mergeable, pair_outcome

    assert pair_outcome(0.9, 0.6, 0.4, compatible=True, mergeable=True) == "same"
    assert pair_outcome(0.9, 0.6, 0.4, compatible=True, mergeable=False) == "review"  # a hard rule holds it back
    assert pair_outcome(0.99, 0.6, 0.4, compatible=False, mergeable=True, one_report=True) == "different"  # dates first
    assert pair_outcome(0.99, 0.6, 0.4, compatible=True, mergeable=True, separate=True) == "different"
    assert pair_outcome(0.1, 0.6, 0.4, compatible=True, mergeable=False, one_report=True) == "same"
    assert pair_outcome(0.3, 0.6, 0.4, compatible=True, mergeable=True) == "different"
    assert hand_mergeable(0.5, same_document=False) and not hand_mergeable(0.5, same_document=True)


def test_one_report_giving_two_months_tells_two_refusals_and_another_publisher_still_meets_one():
    def refusal(doc: str, evidence: str, when: str, publisher: str = "harbour-news", precision: str = "month") -> dict:
        return mention(doc, evidence, "registration_denied", when, publisher, organisations=["Dockers Union", "Ministry of Justice"],
                       locations=["Port Elm"], precision=precision, published="2021-12-01")

    october = refusal("m1", "In October 2021 the Ministry of Justice refused to register the Port Elm branch of the Dockers Union.", "2021-10")
    november = refusal("m1", "In November 2021 the Ministry of Justice refused to register the Port Elm branch of the Dockers Union, "
                       "citing no ground.", "2021-11")
    two = dedup_rows(october, november)
    assert not same_event(two, 0, 1) and two.pairs["probability"].iloc[0] >= DEDUP.model.same  # likely, but two
    # the near misses: the same report giving one month twice tells one refusal ...
    again = refusal("m1", "The Ministry of Justice refused to register the Port Elm branch of the Dockers Union in October 2021, "
                    "citing no ground.", "2021-10")
    assert same_event(dedup_rows(october, again), 0, 1)
    assert two_months(october, november) and not two_months(october, again)
    # ... and another publisher's report a month off is no report of two months: the month window still holds
    other = refusal("m2", "On 2 November 2021 the Ministry of Justice refused to register the Port Elm branch of the Dockers Union.",
                    "2021-11-02", "labour-wire", "day")
    assert same_event(dedup_rows(october, other), 0, 1)


def test_a_new_sentence_is_a_later_stage_like_a_second_one():
    first = mention("n1", "Ivan Petrov was sentenced to four years in prison on 3 March 2020.", "conviction", "2020-03-03",
                    "harbour-news", people=["Ivan Petrov"])
    new = mention("n2", "In March 2020 the court gave Ivan Petrov a new prison sentence of five months for unpaid fines.", "conviction",
                  "2020-03", "labour-wire", people=["Ivan Petrov"], precision="month")
    again = mention("n3", "On 16 March 2020 a court jailed Ivan Petrov again, adding a new, five-month sentence for unpaid fines.",
                    "conviction", "2020-03-16", "union-voice", people=["Ivan Petrov"])
    result = dedup_rows(first, new, again)
    assert same_event(result, 1, 2)  # both tell the later sentence
    assert not same_event(result, 0, 1) and not same_event(result, 0, 2)  # neither is the first


def test_torture_of_detainees_stays_apart_from_the_shooting_that_led_to_their_arrest():
    shooting = (
        mention("t1", "Police opened fire on striking dockers in Port Elm on 16 December 2021, killing 14 people.", "violence",
                "2021-12-16", "harbour-news", locations=["Port Elm"], published="2021-12-17"),
        mention("t2", "On 16 December 2021 police in Port Elm shot dead 14 striking dockers.", "violence", "2021-12-16",
                "labour-wire", locations=["Port Elm"], published="2021-12-18"),
        mention("t3", "Police killed 14 dockers in Port Elm on 16 December 2021, union-voice learned.", "violence", "2021-12-16",
                "union-voice", locations=["Port Elm"], published="2021-12-19"),
    )
    torture = mention("t4", "The torture of dockers detained in Port Elm on 16 December 2021 must be investigated.", "violence",
                      "2021-12-16", "rights-desk", locations=["Port Elm"], published="2021-12-20")
    torture_again = mention("t5", "Dockers detained in Port Elm on 16 December 2021 were tortured in custody, lawyers said.",
                            "violence", "2021-12-16", "city-post", locations=["Port Elm"], published="2021-12-21")
    result = dedup_rows(*shooting, torture, torture_again)
    assert same_event(result, 0, 1) and same_event(result, 0, 2)
    assert not any(same_event(result, k, 3) or same_event(result, k, 4) for k in range(3))
    assert same_event(result, 3, 4)  # the near miss: two reports of the torture are one


def test_a_teaser_is_one_report_of_one_occurrence_of_its_page_not_of_every_one():
    teaser = mention("p1", "Crane drivers go on strike", "strike", None, "harbour-news", published="2021-04-10", from_title=True)
    page = [
        mention("p2", "On 26 January 2021 crane drivers at the Port Elm terminal went on strike over wages.", "strike", "2021-01-26",
                "harbour-news", published="2021-04-10"),
        mention("p2", "In December 2020 machinists of the Elm Transport company stopped work for a week.", "strike", "2020-12",
                "harbour-news", precision="month", published="2021-04-10"),
        mention("p2", "On 6 March 2021 bakers in Riverton walked out of the Riverton Bread plant.", "strike", "2021-03-06",
                "harbour-news", published="2021-04-10"),
    ]
    result = dedup_rows(teaser, *page, links={teaser["doc_id"]: page[0]["url"]})
    linked = result.pairs[result.pairs["blocks"].map(lambda b: "link" in b)]
    assert len(linked) == 1  # the crane drivers' strike only
    assert same_event(result, 0, 1)
    assert not same_event(result, 1, 2) and not same_event(result, 1, 3) and not same_event(result, 2, 3)


def test_a_protest_going_on_since_a_day_meets_its_reports_up_to_the_publication_of_that_report():
    since = mention("r1", "Dockers in Port Elm have been holding rallies since 22 February 2019, demanding higher wages.", "protest",
                    "2019-02-22", "harbour-news", locations=["Port Elm"], published="2019-03-15")
    since.update(date_text="22 February 2019", span_start="2019-02-22", span_end="2019-03-15")  # as extraction reads "since"
    later = mention("r2", "On 26 March 2019 the dockers' rallies in Port Elm went on for higher wages, the union said.", "protest",
                    "2019-03-26", "labour-wire", locations=["Port Elm"], published="2019-03-27")
    assert same_event(dedup_rows(since, later), 0, 1)
    # the near miss: a rally held on that day, not going on since, is no report of one a month later
    once = {**since, "evidence": "Dockers in Port Elm held a rally on 22 February 2019, demanding higher wages.",
            "mention_id": since["mention_id"] + "x", "span_start": None, "span_end": None}
    assert not same_event(dedup_rows(once, later), 0, 1)
    assert mention_range(since, DEDUP)[1] > mention_range(once, DEDUP)[1]


def test_one_report_dating_a_strike_by_two_months_still_tells_one_strike():
    began = mention("s1", "Dockers of the Dockers Union began a strike at the Port Elm terminal in December 2020.", "strike",
                    "2020-12", "harbour-news", organisations=["Dockers Union"], locations=["Port Elm"], precision="month",
                    published="2021-02-01")
    spread = mention("s1", "In January 2021 the strike of the Dockers Union at the Port Elm terminal spread to the crane drivers.",
                     "strike", "2021-01", "harbour-news", organisations=["Dockers Union"], locations=["Port Elm"],
                     precision="month", published="2021-02-01")
    result = dedup_rows(began, spread)
    assert two_months(began, spread) and result.pairs["probability"].iloc[0] >= DEDUP.model.same
    assert same_event(result, 0, 1)  # the two months of one strike do not cut it


def test_a_strike_reported_by_its_end_meets_a_report_of_its_start_through_the_span_extraction_gives():
    start = mention("e1", "Miners of the Copper Union at the Vell pit went on strike on 3 March 2021 over unpaid wages.", "strike",
                    "2021-03-03", "mining-news", organisations=["Copper Union"], locations=["Vell"], published="2021-03-04")
    ended = mention("e2", "On 9 November 2021 the miners of the Copper Union ended an eight-month strike at the Vell pit.", "strike",
                    "2021-11-09", "labour-wire", organisations=["Copper Union"], locations=["Vell"], published="2021-11-10")
    assert not same_event(dedup_rows(start, ended), 0, 1)  # one day each, eight months apart: two strikes
    spanned = {**ended, "span_start": "2021-03-09", "span_end": "2021-11-09"}  # what extraction reads of "eight-month"
    assert mention_range(spanned, DEDUP)[0] < mention_range(ended, DEDUP)[0]
    assert same_event(dedup_rows(start, spanned), 0, 1)
    # the near miss: an arrest with no span stays its own day
    arrest = mention("e3", "Police arrested the strike leader of the Copper Union at the Vell pit on 9 November 2021.", "arrest",
                     "2021-11-09", "labour-wire", organisations=["Copper Union"], locations=["Vell"], published="2021-11-10")
    assert mention_range(arrest, DEDUP) == mention_range({**arrest, "span_start": None, "span_end": None}, DEDUP)
