"""The index follows the content the moment a change is committed."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from communique.newsroom import services
from communique.newsroom.models import Correction, Text
from communique.search import backends
from communique.search.models import IndexEntry
from communique.search.selectors import search
from tests.factories import make_category, make_release

pytestmark = pytest.mark.django_db


def found(query):
    return [hit.text.title for hit in search(query).hits]


def test_a_published_text_is_found_at_once(publish):
    publish("Boreholes for three villages")
    assert found("boreholes") == ["Boreholes for three villages"]


def test_a_draft_is_never_found(committed):
    with committed():
        make_release(title="Draft about boreholes")
    assert found("boreholes") == []
    assert search("boreholes").total == 0


def test_an_edit_replaces_the_old_words(publish, committed):
    text = publish("Boreholes for three villages")
    with committed():
        text.title = "Solar pumps for three villages"
        text.save()
    assert found("boreholes") == []
    assert found("solar") == ["Solar pumps for three villages"]


def test_a_correction_is_found_with_the_corrected_words(publish, committed):
    text = publish("Clinic opens", body="The clinic has 12 beds.")
    with committed():
        text.body = "The clinic has 20 beds and a pharmacy."
        text.save()
        Correction.objects.create(text=text, note="The number of beds was wrong.")
    assert found("pharmacy") == ["Clinic opens"]


def test_a_withdrawn_text_is_no_longer_found(publish, committed):
    text = publish("Boreholes for three villages")
    with committed():
        services.text_withdraw(text)
    assert found("boreholes") == []


def test_a_deleted_text_leaves_the_index(publish, committed):
    text = publish("Boreholes for three villages")
    with committed():
        text.release.delete()
    assert not IndexEntry.objects.exists()
    assert found("boreholes") == []


def test_an_embargoed_text_is_found_exactly_when_its_time_comes(committed, monkeypatch):
    due = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        release = make_release(title="Embargoed scholarship results", body="Forty students.")
        services.text_publish(release.texts.get(), at=due)
    results = search("scholarship")
    assert (results.total, results.hits, results.facets) == (0, [], {})
    monkeypatch.setattr(timezone, "now", lambda: due + datetime.timedelta(seconds=1))
    assert found("scholarship") == ["Embargoed scholarship results"]


def test_a_scheduled_text_is_not_found_until_it_is_published(committed):
    with committed():
        text = make_release(title="Scheduled scholarship results").texts.get()
        text.status = Text.Status.SCHEDULED
        text.scheduled_for = timezone.now() + datetime.timedelta(hours=1)
        text.save()
    assert search("scholarship").total == 0
    with committed():
        services.text_publish(text)
    assert found("scholarship") == ["Scheduled scholarship results"]


def test_renaming_a_category_or_an_office_reindexes_their_texts(publish, committed):
    category = make_category("wells", name={"en": "Wells"})
    text = publish("A release", categories=[category])
    with committed():
        category.name = {"en": "Boreholes"}
        category.save()
        office = text.release.office
        office.name = {"en": "Khujand office"}
        office.save()
    assert found("boreholes") == ["A release"]
    assert found("khujand") == ["A release"]


def test_adding_a_category_to_a_release_reindexes_it(publish, committed):
    text = publish("A release")
    with committed():
        text.release.categories.add(make_category("irrigation", name={"en": "Irrigation"}))
    assert found("irrigation") == ["A release"]


def test_a_failure_to_index_never_breaks_the_write_and_is_logged(committed, monkeypatch, caplog):
    def broken(self, documents):
        raise RuntimeError("disk full")

    monkeypatch.setattr(backends.get_backend().__class__, "index", broken)
    with caplog.at_level(logging.ERROR, logger="communique.search.services"), committed():
        release = make_release(title="Published despite the index", publish=True)
    assert release.texts.get().status == Text.Status.PUBLISHED
    assert "communique reindex" in caplog.text
    monkeypatch.undo()
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found("despite") == ["Published despite the index"]


def test_reindex_rebuilds_everything_with_a_progress_bar(publish, capsys):
    publish("Boreholes for three villages")
    backends.get_backend().clear()
    assert found("boreholes") == []
    call_command("reindex")
    output = capsys.readouterr().out
    assert "[##############################] 1/1 texts" in output
    assert "Indexed 1 texts" in output
    assert found("boreholes") == ["Boreholes for three villages"]


def test_searches_find_every_text_while_the_index_is_rebuilt(publish, monkeypatch):
    from communique.search import services as search_services

    for place in ("Khujand", "Osh", "Samarkand"):
        publish(f"Boreholes for {place}")
    monkeypatch.setattr(search_services, "BATCH", 1)
    seen = []

    def progress(done, total):
        seen.append(sorted(found("boreholes")))

    assert search_services.reindex(progress=progress) == 3
    everything = ["Boreholes for Khujand", "Boreholes for Osh", "Boreholes for Samarkand"]
    assert seen == [everything] * 3


def test_a_rebuild_stopped_half_way_leaves_every_text_findable(publish, monkeypatch):
    from communique.search import services as search_services

    for place in ("Khujand", "Osh", "Samarkand"):
        publish(f"Boreholes for {place}")
    monkeypatch.setattr(search_services, "BATCH", 1)
    backend_class = backends.get_backend().__class__
    write = backend_class.index
    calls = []

    def stops_at_the_second_batch(self, documents):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl+C, a killed command, a restarted database
        return write(self, documents)

    monkeypatch.setattr(backend_class, "index", stops_at_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        search_services.reindex()
    assert len(found("boreholes")) == 3
    monkeypatch.setattr(backend_class, "index", write)
    assert search_services.reindex() == 3
    assert len(found("boreholes")) == 3


def test_a_rebuild_removes_the_entries_of_texts_that_are_gone(publish):
    from communique.search import services as search_services

    kept = publish("Boreholes for Khujand")
    gone = publish("Boreholes for Osh")
    # Deleted without the index hearing of it (a bulk delete sends no signal).
    Text.objects.filter(pk=gone.pk)._raw_delete(Text.objects.db)
    assert search_services.reindex() == 1
    assert IndexEntry.objects.filter(text_id=gone.pk).count() == 0
    assert found("boreholes") == [kept.title]


def test_a_text_edited_during_a_rebuild_keeps_its_new_words(publish, committed, monkeypatch):
    """The rebuild read the text before the edit and wrote its entry after the edit's own:
    the edit's words must win."""
    from communique.search import services as search_services

    text = publish("Boreholes for Khujand")
    backend_class = backends.get_backend().__class__
    write = backend_class.index

    edits = []

    def edited_meanwhile(self, documents):
        documents = list(documents)  # read before the edit
        if not edits and any(document.text_id == text.pk for document in documents):
            edits.append(text.pk)
            with committed():
                Text.objects.filter(pk=text.pk).update(
                    title="Solar pumps for Khujand", updated_at=timezone.now()
                )
                search_services.index_texts([text.pk])  # the edit's own indexing
        return write(self, documents)

    monkeypatch.setattr(backend_class, "index", edited_meanwhile)
    search_services.reindex()
    assert found("solar") == ["Solar pumps for Khujand"]
    assert found("boreholes") == []
