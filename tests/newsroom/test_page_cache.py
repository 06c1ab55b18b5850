"""Readers' pages come from the cache until something changes; staff always see them fresh."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.comments import services as comment_services
from communique.comments.models import Comment
from communique.newsroom import services
from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def office():
    make_organisation()
    return make_office("uzbekistan", name={"en": "Uzbekistan Office"})


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.mark.parametrize("page", ["home", "release", "office"])
def test_a_second_reader_gets_the_page_from_the_cache_without_a_query(client, office, page):
    release = make_release(office, title="New well opens", publish=True)
    url = {
        "home": "/en/",
        "release": release.texts.get().get_absolute_url(),
        "office": "/en/offices/uzbekistan/",
    }[page]
    first, queries = fetch(client, url)
    assert queries > 0
    second, queries = fetch(client, url)
    assert queries == 0
    assert second.content == first.content
    assert "New well opens" in second.content.decode()


def test_publishing_shows_at_once(client, office):
    fetch(client, "/en/")
    release = make_release(office, title="Scholarships announced")
    assert "Scholarships announced" not in fetch(client, "/en/")[0].content.decode()
    services.release_publish(release)
    assert "Scholarships announced" in fetch(client, "/en/")[0].content.decode()


def test_editing_an_office_or_a_translation_shows_at_once(client, office):
    release = make_release(office, title="Wells for three villages", publish=True)
    url = release.texts.get().get_absolute_url()
    fetch(client, url)
    office.name = {"en": "Samarkand Office"}
    office.save()
    assert "Samarkand Office" in fetch(client, url)[0].content.decode()
    make_text(release, "ru", title="Колодцы для трёх сёл", publish=True)
    assert 'hreflang="ru"' in fetch(client, url)[0].content.decode()


def test_an_approved_comment_shows_at_once(client, office):
    release = make_release(office, publish=True, issue_date=datetime.date(2024, 7, 24))
    text = release.texts.get()
    url = text.get_absolute_url()
    fetch(client, url)
    Comment.objects.create(
        text=text, name="Amina Rahimova", email="amina@example.org", body="Thank you."
    )
    assert "Amina Rahimova" not in fetch(client, url)[0].content.decode()
    comment_services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)
    assert "Amina Rahimova" in fetch(client, url)[0].content.decode()


def test_staff_with_a_session_always_get_a_fresh_page(client, office, django_user_model):
    make_release(office, publish=True)
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    fetch(client, "/en/")
    _response, queries = fetch(client, "/en/")
    assert queries > 0


def test_a_404_is_not_cached_and_a_page_can_be_turned_off(client, office, settings):
    assert fetch(client, "/en/offices/atlantis/")[0].status_code == 404
    make_office("atlantis")
    assert fetch(client, "/en/offices/atlantis/")[0].status_code == 200
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 0
    fetch(client, "/en/")
    assert fetch(client, "/en/")[1] > 0


# --- every way of changing what a page shows refreshes it -------------------------------------


@pytest.fixture
def commented(office):
    """A published release page with one approved comment, already in the cache."""
    release = make_release(office, title="Wells for three villages", publish=True)
    text = release.texts.get()
    Comment.objects.create(
        text=text,
        name="Amina Rahimova",
        email="amina@example.org",
        body="Thank you.",
        status=Comment.Status.APPROVED,
        moderated_at=timezone.now(),
    )
    return text


def test_a_comment_deleted_in_the_admin_leaves_the_page_at_once(client, admin_client, commented):
    from django.test import Client

    reader = Client()
    url = commented.get_absolute_url()
    assert "Amina Rahimova" in fetch(reader, url)[0].content.decode()
    comment = Comment.objects.get()
    response = admin_client.post(f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "Amina Rahimova" not in fetch(reader, url)[0].content.decode()


def test_comments_deleted_by_the_admins_bulk_action_leave_the_page(client, admin_client, commented):
    from django.test import Client

    reader = Client()
    url = commented.get_absolute_url()
    fetch(reader, url)
    response = admin_client.post(
        "/admin/comments/comment/?status=approved",
        {
            "action": "delete_selected",
            "_selected_action": [c.pk for c in Comment.objects.all()],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert "Amina Rahimova" not in fetch(reader, url)[0].content.decode()


def test_a_querysets_update_or_delete_refreshes_the_pages(client, commented):
    url = commented.get_absolute_url()
    fetch(client, url)
    Comment.objects.update(body="Edited by a script.")
    assert "Edited by a script." in fetch(client, url)[0].content.decode()
    type(commented).objects.filter(pk=commented.pk).update(title="Wells for four villages")
    assert "Wells for four villages" in fetch(client, url)[0].content.decode()
    Comment.objects.all().delete()
    assert "Amina Rahimova" not in fetch(client, url)[0].content.decode()


def test_a_reader_posting_a_comment_does_not_empty_the_cache(client, commented):
    url = commented.get_absolute_url()
    fetch(client, url)
    Comment.objects.create(text=commented, name="Bob", email="bob@example.org", body="Hi")
    assert fetch(client, url)[1] == 0


def test_the_comment_switch_in_the_admin_closes_and_reopens_the_form(admin_client, commented):
    from django.test import Client

    from communique.comments.models import ReleaseCommentPolicy

    reader = Client()
    url = commented.get_absolute_url()
    assert "Leave a comment" in fetch(reader, url)[0].content.decode()
    response = admin_client.post(
        "/admin/comments/releasecommentpolicy/add/",
        {"release": commented.release_id, "closed": "on"},
    )
    assert response.status_code == 302
    html = fetch(reader, url)[0].content.decode()
    assert "Comments on this release are closed." in html
    assert "Leave a comment" not in html
    policy = ReleaseCommentPolicy.objects.get()
    admin_client.post(f"/admin/comments/releasecommentpolicy/{policy.pk}/delete/", {"post": "yes"})
    assert "Leave a comment" in fetch(reader, url)[0].content.decode()


# --- unknown query parameters share the page's entry ----------------------------------------


def test_unknown_query_parameters_share_one_cache_entry(client, office):
    make_release(office, title="New well opens", publish=True)
    first, _queries = fetch(client, "/en/")
    for query in ("?utm_source=mail", "?x=1&y=2", "?" + "a" * 500, "?junk=%00&fbclid=%E2%80%AE"):
        response, queries = fetch(client, "/en/" + query)
        assert queries == 0, query
        assert response.content == first.content


def test_the_parameters_a_page_uses_still_give_their_own_page(client, office, settings):
    settings.COMMUNIQUE_PAGE_SIZE = 1
    make_release(office, title="First well", publish=True, issue_date=datetime.date(2023, 1, 1))
    make_release(office, title="Second well", publish=True, issue_date=datetime.date(2023, 2, 1))
    assert "Second well" in fetch(client, "/en/")[0].content.decode()
    second_page = fetch(client, "/en/?page=2&utm_source=mail")[0].content.decode()
    assert "First well" in second_page
    assert fetch(client, "/en/?utm_source=x&page=2")[1] == 0


def test_the_missing_release_notice_is_its_own_cached_page(client, office):
    make_release(office, title="New well opens", publish=True)
    plain, _queries = fetch(client, "/ru/offices/uzbekistan/")
    noticed, _queries = fetch(client, "/ru/offices/uzbekistan/?unavailable=ru")
    again, queries = fetch(client, "/ru/offices/uzbekistan/")
    assert "недоступен" not in plain.content.decode()
    assert "Этот материал недоступен на языке: Русский." in noticed.content.decode()
    assert queries == 0 and "недоступен" not in again.content.decode()


# --- a change drops only the pages that show it ---------------------------------------------


def test_publishing_in_one_office_keeps_another_offices_pages_cached(client, office):
    other = make_office("samarkand", name={"en": "Samarkand Office"})
    kept = make_release(other, title="Clinic opens", publish=True)
    kept_url = kept.texts.get().get_absolute_url()
    fetch(client, kept_url)
    fetch(client, "/en/offices/samarkand/")
    fetch(client, "/en/offices/samarkand/")
    fetch(client, kept_url)
    services.release_publish(make_release(office, title="Wells for three villages"))
    assert fetch(client, "/en/offices/samarkand/")[1] == 0
    assert "Wells for three villages" in fetch(client, "/en/")[0].content.decode()
    assert (
        "Wells for three villages" in fetch(client, "/en/offices/uzbekistan/")[0].content.decode()
    )


def test_a_new_release_refreshes_the_page_before_it_which_now_links_to_it(client, office):
    older = make_release(office, title="First well", publish=True)
    url = older.texts.get().get_absolute_url()
    fetch(client, url)
    make_release(office, title="Second well", publish=True)
    assert "Second well" in fetch(client, url)[0].content.decode()


def test_an_approved_comment_leaves_the_home_page_in_the_cache(client, office):
    release = make_release(office, publish=True)
    text = release.texts.get()
    fetch(client, "/en/")
    fetch(client, "/en/")
    comment = Comment.objects.create(
        text=text, name="Amina Rahimova", email="amina@example.org", body="Thank you."
    )
    comment_services.comments_moderate(Comment.objects.filter(pk=comment.pk), status="approved")
    assert fetch(client, "/en/")[1] == 0
    assert "Amina Rahimova" in fetch(client, text.get_absolute_url())[0].content.decode()


def test_saving_a_draft_drops_no_page(client, office):
    make_release(office, title="New well opens", publish=True)
    fetch(client, "/en/")
    fetch(client, "/en/")
    draft = make_release(office, title="Not yet")
    text = draft.texts.get()
    text.title = "Still not yet"
    text.save()
    assert fetch(client, "/en/")[1] == 0


def test_an_evicted_tag_version_never_brings_an_older_page_back(client, office):
    from django.core.cache import cache

    from communique.newsroom import page_cache

    release = make_release(office, title="New well opens", publish=True)
    text = release.texts.get()
    url = text.get_absolute_url()
    fetch(client, url)
    fetch(client, url)
    text.subtitle = "Three villages served"
    text.save()
    number = page_cache.version()
    cache.delete(page_cache._tag_key(number, page_cache.release_tag(release.pk)))
    assert "Three villages served" in fetch(client, url)[0].content.decode()


def test_a_change_committed_while_a_page_renders_is_not_hidden_by_it(client, office, monkeypatch):
    from django.db.models import QuerySet

    from communique.newsroom import page_cache, views

    release = make_release(office, title="Before", publish=True)
    text = release.texts.get()
    real = views.selectors.text_for_page

    def slow_reader(*args, **kwargs):
        found = real(*args, **kwargs)  # read the old text, then the change commits
        # A plain queryset: no signal, so only the tag below says what changed.
        QuerySet(model=type(text)).filter(pk=text.pk).update(subtitle="After the change")
        page_cache.pages_changed({page_cache.release_tag(release.pk)})
        return found

    monkeypatch.setattr(views.selectors, "text_for_page", slow_reader)
    first = fetch(client, text.get_absolute_url())[0]
    assert "After the change" not in first.content.decode()
    monkeypatch.setattr(views.selectors, "text_for_page", real)
    assert "After the change" in fetch(client, text.get_absolute_url())[0].content.decode()


# --- what a shared page tells the caches in front of the site ---------------------------------


def test_a_page_answers_a_conditional_get_with_304(client, office):
    release = make_release(office, title="New well opens", publish=True)
    url = release.texts.get().get_absolute_url()
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not again.content


def test_a_page_carries_cache_control_for_a_cdn_and_the_tags_it_shows(client, office, settings):
    settings.COMMUNIQUE_CACHE_CONTROL = "public, max-age=30, s-maxage=600"
    release = make_release(office, title="New well opens", publish=True)
    response = client.get(release.texts.get().get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=30, s-maxage=600"
    assert f"release:{release.pk}" in response["Cache-Tag"].split(",")
    assert f"release:{release.pk}" in response["Surrogate-Key"].split(" ")
    assert client.get("/en/")["Cache-Tag"] == "home:en"


def test_a_server_layer_in_front_of_django_finds_the_cached_page(client, office):
    from communique.newsroom import page_cache

    make_release(office, title="New well opens", publish=True)
    assert page_cache.cached_page("testserver", "/en/", "", "en") is None
    fetch(client, "/en/")
    fetch(client, "/en/")
    found = page_cache.cached_page("testserver", "/en/", "utm_source=x", "en")
    assert "New well opens" in found.content.decode()
    assert page_cache.cached_page("testserver", "/en/", "page=2", "en") is None
