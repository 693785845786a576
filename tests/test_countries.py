"""A new country by configuration alone: a test site about Tarvania, a country no list has
(defined by ``config/countries/XT/country.toml`` under a user-assigned ISO code, with its places
in ``places.csv``), and Moldova beside it (the tests' own text, three publishers, transliterated
names, a generic "Supreme Court" in each, a namesake in each, a place outside both), fetched and
processed with only sources entries and that folder added; and a country's own aliases
overriding nothing of Kazakhstan's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from site_server import SiteServer

from pipeline.check_config import check_knowledge
from pipeline.entities import EntityResolver
from pipeline.knowledge import alias_file_for
from pipeline.reporters import reporter_names, without_reporters
from pipeline.sources import ConfigError, parse_sources

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config"

ARTICLES = {
    "/tln/raid.html": ("Police detain miners' union leader", "2024-03-14", [
        "On 12 March 2024 police in Olvena detained Aliaksandr Vasilenka, the chairman of the Free Miners' Union of Tarvania.",
        "The Supreme Court had rejected the union's registration appeal on 2 February 2024.",
    ]),
    "/tln/moscow.html": ("Union organiser held in Moscow", "2024-04-03", [
        "On 1 April 2024 Russian police detained Siarhei Kovalenka, an organiser of the Free Miners' Union of Tarvania, in Moscow.",
    ]),
    "/km/vasilenka.html": ("Miners' leader detained", "2024-03-15", [
        "Aleksandr Vasilenko, leader of the Free Miners' Union of Tarvania, was detained by police in Olvena on 12 March 2024, "
        "according to Reuters.",
    ]),
    "/km/village.html": ("Strike broken up in Stari Brod", "2024-05-20", [
        "On 18 May 2024 police dispersed a strike of miners in Stari Brod and detained Ion Rusu, a shift leader.",
    ]),
    "/bakers/raid.html": ("Police detain bakers' union leader", "2024-06-12", [
        "On 10 June 2024 police in Chisinau detained Ion Rusu, the chairman of the Free Bakers' Union.",
        "The Supreme Court had rejected the union's registration appeal on 2 February 2024.",
    ]),
}
SOURCES = [  # name, publisher, country as the user writes it, folder of the site
    ("tarvania-labour-news", "Tarvania Labour News", "Tarvania", "tln"),
    ("kesmark-monitor", "Kesmark Monitor", "XT", "km"),
    ("bakers-voice", "Bakers Voice", "Moldova", "bakers"),
]
# The knowledge folder of a country that pycountry does not list: all a user adds besides sources.
COUNTRY_TOML = """name = "Tarvania"
official_name = "Republic of Tarvania"
capital = "Olvena"

[[regions]]
name = "Drava"

[[regions]]
name = "Kesmark Highlands"
latitude = 45.9
longitude = 19.1
"""
PLACES_CSV = """name,alternate_names,admin1,latitude,longitude
Olvena,Olvena City|Ольвена,Drava,45.52,18.71
Stari Brod,Staryi Brod,Kesmark Highlands,45.81,19.24
"""


def article(title: str, date: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><time>{date}</time>"
            f"<div class='article-body'>{body}</div></body></html>")


def sources(base: str) -> str:
    entries = ""
    for name, publisher, country, folder in SOURCES:
        links = "".join(f"<li><a href='{path}'>{ARTICLES[path][0]}</a></li>" for path in ARTICLES if path.startswith(f"/{folder}/"))
        entries += f"""
[[sources]]
name = "{name}"
publisher = "{publisher}"
country = "{country}"
start_urls = ["{base}/{folder}/"]
allowed_domains = ["127.0.0.1"]
max_depth = 1
max_pages = 10

[[sources.pages]]
kind = "listing"
match = "^/{folder}/$"
item = "li"
item_link = "a"
title = "a"

[[sources.pages]]
kind = "article"
title = "h1"
date = "time"
body = ".article-body"
"""
        yield folder, f"<html><body><ul>{links}</ul></body></html>"
    yield "sources", f"""
[fetch]
user_agent = "labour-rights-events-tests/0.1 (contact: tests@example.org)"
delay_seconds = 0.0
max_retries = 0
{entries}"""


def knowledge_with_tarvania(tmp: Path) -> dict:
    """The shipped knowledge plus the folder config/countries/XT/; the environment that points
    the pipeline at it."""
    config = tmp / "config"
    shutil.copytree(CONFIG, config)
    (config / "countries" / "XT").mkdir()
    (config / "countries" / "XT" / "country.toml").write_text(COUNTRY_TOML, encoding="utf-8")
    (config / "countries" / "XT" / "places.csv").write_text(PLACES_CSV, encoding="utf-8")
    return {**os.environ, "PIPELINE_ALIASES_FILE": str(config / "aliases.csv"),
            "PIPELINE_PATTERNS_FILE": str(config / "entity_patterns.jsonl")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site fetched and processed with the shipped knowledge, Tarvania's folder and the
    sources file."""
    tmp = tmp_path_factory.mktemp("tarvania")
    env = knowledge_with_tarvania(tmp)
    site = tmp / "site"
    for path, (title, date, paragraphs) in ARTICLES.items():
        (site / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (site / path.lstrip("/")).write_text(article(title, date, paragraphs), encoding="utf-8")
    with SiteServer(site) as server:
        for folder, text in sources(server.base_url):
            if folder == "sources":
                (tmp / "sources.toml").write_text(text, encoding="utf-8")
            else:
                (site / folder / "index.html").write_text(text, encoding="utf-8")
        for command in (["fetch", "--raw", str(tmp / "raw")], ["process", "--raw", str(tmp / "raw"), "--out", str(tmp / "out")]):
            done = subprocess.run([sys.executable, "-m", "pipeline", *command, "--sources", str(tmp / "sources.toml"), "-q"],
                                  cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
            assert done.returncode == 0, done.stderr[-2000:]
    return {name: pd.read_parquet(tmp / "out" / f"{name}.parquet") for name in ("documents", "mentions", "entities", "events")}


def test_documents_carry_the_sources_country(site):
    documents = site["documents"]
    assert set(documents["country"]) == {"XT", "MD"}
    by_source = dict(zip(documents["source"], documents["country"]))
    assert by_source == {"tarvania-labour-news": "XT", "kesmark-monitor": "XT", "bakers-voice": "MD"}


def test_each_countrys_generic_supreme_court_is_its_own(site):
    entities = site["entities"]
    courts = entities[entities["canonical"].str.startswith("Supreme Court")]
    assert set(courts["canonical"]) == {"Supreme Court (Tarvania)", "Supreme Court (Moldova)"}
    assert {i.split("-")[2] for i in courts["entity_id"]} == {"xt", "md"}  # generated IDs scoped by country
    assert "org-supreme-court" not in set(entities["entity_id"])  # the Supreme Court of Kazakhstan


def test_one_person_across_transliterations_and_publishers(site):
    people = site["entities"][site["entities"]["label"] == "PERSON"]
    vasilenka = people[people["canonical"].str.contains("Vasilen")]
    assert len(vasilenka) == 1, people
    assert {"Aliaksandr Vasilenka", "Aleksandr Vasilenko"} <= set(vasilenka.iloc[0]["variants"])
    assert vasilenka.iloc[0]["entity_id"].startswith("per-x-xt-")


def test_namesakes_of_two_countries_are_two_people(site):
    people = site["entities"][site["entities"]["label"] == "PERSON"]
    rusu = people[people["canonical"].str.startswith("Ion Rusu")]
    assert set(rusu["canonical"]) == {"Ion Rusu (Tarvania)", "Ion Rusu (Moldova)"}, rusu
    assert len(set(rusu["entity_id"])) == 2
    mentions = site["mentions"]
    named = {c for names in mentions["people"] for c in names if c.startswith("Ion Rusu")}
    assert named == {"Ion Rusu (Tarvania)", "Ion Rusu (Moldova)"}  # mentions name the renamed entities


def test_mentions_and_events_are_placed_from_the_countrys_own_places(site):
    mentions = site["mentions"]
    olvena = mentions[mentions["location"] == "Olvena"]
    assert not olvena.empty
    assert set(olvena["country"]) == {"XT"} and set(olvena["country_name"]) == {"Tarvania"}
    assert set(olvena["admin1"]) == {"Drava"} and set(olvena["geo_precision"]) == {"place"}
    assert olvena["latitude"].iloc[0] == pytest.approx(45.52) and olvena["longitude"].iloc[0] == pytest.approx(18.71)
    village = mentions[mentions["location"] == "Stari Brod"]  # a village only places.csv knows
    assert not village.empty and set(village["admin1"]) == {"Kesmark Highlands"}
    assert village["latitude"].iloc[0] == pytest.approx(45.81)
    chisinau = mentions[mentions["location"] == "Chisinau"]
    assert not chisinau.empty and set(chisinau["country"]) == {"MD"}
    assert chisinau["latitude"].iloc[0] == pytest.approx(47.0, abs=0.1)
    events = site["events"]
    assert {"XT", "MD", "RU"} <= set(events["country"])  # the organiser held in Moscow is placed in Russia
    moscow = events[events["location"] == "Moscow"]
    assert not moscow.empty and set(moscow["country_name"]) == {"Russian Federation"}
    assert events["country"].notna().all()


def test_a_reporter_is_an_actor_only_of_its_own_statements():
    reporters = reporter_names(["Bakers Voice"])
    names = [("ORG", "a", "Reuters", "Reuters"), ("ORG", "b", "Bakers Voice", "Bakers Voice"),
             ("ORG", "c", "Free Bakers' Union", "Free Bakers' Union"), ("ORG", "d", "Associated Press", "AP")]
    assert [n[2] for n in without_reporters(names, reporters)] == ["Free Bakers' Union"]
    assert without_reporters(names, reporters, own_statement=True) == names
    kept = without_reporters(names, reporters, arguments=["a Reuters correspondent"])
    assert [n[2] for n in kept] == ["Reuters", "Free Bakers' Union"]


def scoped_tables(tmp_path: Path) -> Path:
    """The shipped knowledge plus a Moldovan folder whose spellings clash with Kazakhstan's."""
    config = tmp_path / "config"
    shutil.copytree(CONFIG / "countries", config / "countries")
    shutil.copy(CONFIG / "aliases.csv", config / "aliases.csv")
    shutil.copy(CONFIG / "entity_patterns.jsonl", config / "entity_patterns.jsonl")
    (config / "countries" / "MD").mkdir()
    (config / "countries" / "MD" / "aliases.csv").write_text(
        "id,canonical,label,variants,note\n"
        "org-md-supreme-court,Supreme Court of Justice of Moldova,ORG,Supreme Court|Supreme Court of Justice,\n"
        "org-md-ministry-of-labour,Ministry of Labour and Social Protection of Moldova,ORG,Ministry of Labour,\n"
        "per-md-erlan,Erlan Baltabay,PERSON,,a namesake written for the test\n", encoding="utf-8")
    (config / "countries" / "XT").mkdir()  # the fictional country, with its own spellings of Kazakhstan's bodies
    (config / "countries" / "XT" / "country.toml").write_text(COUNTRY_TOML, encoding="utf-8")
    (config / "countries" / "XT" / "places.csv").write_text(PLACES_CSV, encoding="utf-8")
    (config / "countries" / "XT" / "aliases.csv").write_text(
        "id,canonical,label,variants,note\n"
        "org-xt-supreme-court,Supreme Court of Tarvania,ORG,Supreme Court|Supreme Court of Justice,\n"
        "org-xt-ministry-of-labour,Ministry of Labour and Mines of Tarvania,ORG,Ministry of Labour,\n"
        "org-xt-fmu,Free Miners' Union of Tarvania,ORG,FMU|Kazakhmys Workers,a spelling Kazakhstan's knowledge may not lose\n",
        encoding="utf-8")
    return config / "aliases.csv"


def test_a_countrys_aliases_override_nothing_of_kazakhstans(tmp_path):
    aliases = scoped_tables(tmp_path)
    kazakh, moldovan = EntityResolver.from_alias_file(aliases, "KZ"), EntityResolver.from_alias_file(aliases, "MD")
    assert kazakh.resolve("the Supreme Court", "ORG")[0] == "org-supreme-court"
    assert kazakh.resolve("Ministry of Labour", "ORG")[0] == "org-ministry-of-labour"
    assert kazakh.resolve("Erlan Baltabay", "PERSON")[0] == "per-erlan-baltabay"
    assert moldovan.resolve("the Supreme Court", "ORG")[0] == "org-md-supreme-court"
    assert moldovan.resolve("Ministry of Labour", "ORG")[0] == "org-md-ministry-of-labour"
    tarvanian = EntityResolver.from_alias_file(aliases, "XT")
    assert tarvanian.resolve("the Supreme Court", "ORG")[0] == "org-xt-supreme-court"
    assert tarvanian.resolve("Ministry of Labour", "ORG")[0] == "org-xt-ministry-of-labour"
    assert tarvanian.resolve("Kazakhmys Workers", "ORG")[0] == "org-xt-fmu"
    assert kazakh.resolve("Kazakhmys Workers", "ORG")[0] != "org-xt-fmu"  # Tarvania's spelling stays Tarvania's
    assert kazakh.resolve("Supreme Court of Tarvania", "ORG")[0] == "org-xt-supreme-court"  # its full name, anywhere
    assert kazakh.resolve("Kazakhmys", "ORG")[0] == "org-kazakhmys"
    cambodian = EntityResolver.from_alias_file(aliases, "KH")
    assert cambodian.resolve("the Supreme Court", "ORG")[1] == "Supreme Court (Cambodia)"
    assert cambodian.resolve("Ministry of Labour and Vocational Training", "ORG")[1] == \
        "Ministry of Labour and Vocational Training (Cambodia)"
    assert cambodian.resolve("Supreme Court of Kazakhstan", "ORG")[0] == "org-supreme-court"  # a full name is one body anywhere
    problems, _ = check_knowledge(aliases, aliases.parent / "entity_patterns.jsonl")
    assert any("erlan baltabay" in p for p in problems) is False  # two countries may each know a namesake
    assert alias_file_for(aliases, "MD") == aliases.parent / "countries" / "MD" / "aliases.csv"
    assert alias_file_for(aliases, "") == aliases


def test_a_country_typo_is_a_config_error_naming_the_entry():
    with pytest.raises(ConfigError, match=r"source 'bakers' .*country.*'Moldava' is not an ISO 3166 country"):
        parse_sources({"sources": [{"name": "bakers", "publisher": "B", "country": "Moldava", "start_urls": ["http://127.0.0.1/"]}]})
    assert parse_sources({"sources": [{"name": "b", "publisher": "B", "country": "MDA", "start_urls": ["http://127.0.0.1/"]}]}).sources[0].country == "MD"


def test_check_config_passes_on_the_shipped_config_and_finds_clashes(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipeline", "check-config", "--out", str(tmp_path / "none")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "0 problem(s)" in done.stdout, done.stdout + done.stderr
    aliases = scoped_tables(tmp_path)
    with open(aliases.parent / "countries" / "KZ" / "aliases.csv", "a", encoding="utf-8") as fh:
        fh.write("org-kz-clash,Another Court,ORG,Supreme Court,\nper-bad,Somebody,PERSN,,\n")
    (aliases.parent / "countries" / "XX").mkdir()
    (aliases.parent / "countries" / "XX" / "aliases.csv").write_text("id,canonical,label,variants,note\n", encoding="utf-8")
    problems, _ = check_knowledge(aliases, aliases.parent / "entity_patterns.jsonl", texts=["Nothing matches here."])
    assert any("'supreme court'" in p and "org-kz-clash" in p and "org-supreme-court" in p for p in problems), problems
    assert any("unknown label 'PERSN'" in p for p in problems)
    assert any("'XX' is not an ISO 3166" in p for p in problems)
    assert any("pat-court-of-appeal" in p and "matches nothing" in p for p in problems)


def test_another_countrys_longer_ministry_is_not_cut_by_a_known_shorter_name():
    from pipeline import settings
    from pipeline.nlp import load_nlp

    nlp = load_nlp(settings.SPACY_MODEL, str(settings.ALIASES_FILE), str(settings.PATTERNS_FILE))
    doc = nlp("The Ministry of Labour and Vocational Training refused to register the union.")
    resolver = EntityResolver.from_alias_file(settings.ALIASES_FILE, "KH")
    found = [resolver.resolve(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert found == [(found[0][0], "Ministry of Labour and Vocational Training (Cambodia)")]
