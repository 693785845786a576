"""The language identifier's model, unpacked once into the run's cache and read from there:
the same languages as py3langid's own loading, a damaged copy mended, no folder no harm."""

from __future__ import annotations

import pytest

import pipeline.language as language

TEXTS = [
    "The workers of the copper plant went on strike on Monday after the management refused to pay their wages.",
    "Рабочие медеплавильного завода объявили забастовку после того, как руководство отказалось платить зарплату.",
    "Les travailleurs de l'usine ont entamé une grève lundi après le refus de la direction de payer les salaires.",
    "Die Arbeiter des Kupferwerks traten am Montag in den Streik, weil die Leitung die Löhne nicht zahlte.",
]


@pytest.fixture(autouse=True)
def fresh_identifier():
    language.keep_model_in(None)
    yield
    language.keep_model_in(None)


def own_loading() -> list:
    import py3langid

    return [py3langid.classify(t) for t in TEXTS]


def test_the_kept_model_classifies_as_py3langid_does(tmp_path):
    language.keep_model_in(tmp_path)
    found = [language.detect_language(t) for t in TEXTS]
    assert found == ["en", "ru", "fr", "de"]
    assert found == [code for code, _ in own_loading()]
    kept = language.model_folder(tmp_path)
    assert sorted(p.stem for p in kept.iterdir()) == sorted(language.ARRAYS)
    assert [language._identifier().classify(t) for t in TEXTS] == own_loading()  # the scores too


def test_a_second_process_reads_the_kept_arrays_without_unpacking(tmp_path, monkeypatch):
    language.keep_model_in(tmp_path)
    language.detect_language(TEXTS[0])
    language.keep_model_in(None)
    language.keep_model_in(tmp_path)  # as a new process would start

    def unpack(*_):
        raise AssertionError("unpacked again")

    monkeypatch.setattr(language, "_unpack", unpack)
    assert [language.detect_language(t) for t in TEXTS] == ["en", "ru", "fr", "de"]


def test_a_damaged_kept_model_is_unpacked_again(tmp_path):
    language.keep_model_in(tmp_path)
    language.detect_language(TEXTS[0])
    ptc = language.model_folder(tmp_path) / "ptc.npy"
    ptc.write_bytes(ptc.read_bytes()[:1000])
    language.keep_model_in(None)
    language.keep_model_in(tmp_path)
    assert [language.detect_language(t) for t in TEXTS] == ["en", "ru", "fr", "de"]
    assert ptc.stat().st_size > 1_000_000  # mended for the next run


def test_a_folder_that_cannot_be_written_leaves_py3langid_to_load_its_model(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    language.keep_model_in(blocked)
    assert [language.detect_language(t) for t in TEXTS] == ["en", "ru", "fr", "de"]
    assert language.detect_language("too short") is None
