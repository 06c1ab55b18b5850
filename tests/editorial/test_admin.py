"""The editors' admin, tried as each person would: what they see, what they are refused."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from communique.editorial import services
from communique.editorial.models import AuditEntry, Revision
from communique.newsroom.models import ReleaseImage, Text
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def text_form(text, **overrides):
    data = {
        "title": text.title,
        "subtitle": text.subtitle,
        "body": text.body,
        "based_on": str(text.version),
        "correction_note": "",
        "publish_at": "",
    }
    data.update(overrides)
    return data


def change_url(text):
    return f"/admin/newsroom/text/{text.pk}/change/"


def test_another_offices_editor_cannot_see_edit_preview_or_publish_its_drafts(
    client, people, release
):
    text = release.texts.get()
    client.force_login(people["other_editor"])
    listing = client.get("/admin/newsroom/text/").content.decode()
    assert "Wells for three villages" not in listing
    assert "Wells for three villages" not in client.get("/admin/newsroom/release/").content.decode()
    response = client.get(change_url(text))
    assert response.status_code == 302  # "doesn't exist", as far as they know
    response = client.post(change_url(text), text_form(text, title="Mine now", _publish="1"))
    assert response.status_code == 302
    assert client.get(f"/admin/newsroom/text/{text.pk}/preview/").status_code == 404
    assert client.get(f"/admin/newsroom/text/{text.pk}/revisions/").status_code == 404
    client.post("/admin/newsroom/release/", {"action": "publish", "_selected_action": [release.pk]})
    text.refresh_from_db()
    assert (text.title, text.status) == ("Wells for three villages", Text.Status.DRAFT)


def test_a_translator_cannot_edit_a_text_in_another_language(client, people, release):
    text = release.texts.get()
    client.force_login(people["translator"])
    page = client.get(change_url(text))
    assert page.status_code == 200  # they may read the original they translate
    assert 'name="title"' not in page.content.decode()
    assert client.post(change_url(text), text_form(text, title="Changed")).status_code == 403
    assert Text.objects.get(pk=text.pk).title == "Wells for three villages"
    add = client.post(
        "/admin/newsroom/text/add/",
        {
            "release": release.pk,
            "language": "ar",
            "title": "آبار لثلاث قرى",
            "subtitle": "",
            "body": "نص.",
        },
    )
    assert add.status_code == 302
    refused = client.post(
        "/admin/newsroom/text/add/",
        {
            "release": release.pk,
            "language": "ru",
            "title": "Колодцы",
            "subtitle": "",
            "body": "Текст.",
        },
    )
    assert refused.status_code == 200  # "ru" is not among the choices offered
    assert not release.texts.filter(language="ru").exists()


def test_an_author_can_send_for_review_but_not_publish(client, people, release):
    text = release.texts.get()
    client.force_login(people["author"])
    page = client.get(change_url(text)).content.decode()
    assert 'name="_submit"' in page
    assert 'name="_publish"' not in page
    assert client.post(change_url(text), text_form(text, _publish="1")).status_code == 403
    response = client.post(change_url(text), text_form(text, _submit="1"))
    assert response.status_code == 302
    assert Text.objects.get(pk=text.pk).status == Text.Status.IN_REVIEW
    # Once in review, it is the editor's.
    assert (
        client.post(
            change_url(text), text_form(Text.objects.get(pk=text.pk), title="Late change")
        ).status_code
        == 403
    )


def test_an_editor_schedules_in_the_office_time_zone(client, people, release):
    text = release.texts.get()
    client.force_login(people["editor"])
    local = (timezone.now() + datetime.timedelta(days=2)).astimezone(
        datetime.timezone(datetime.timedelta(hours=5))
    )
    response = client.post(
        change_url(text), text_form(text, publish_at=f"{local:%Y-%m-%dT%H:%M}", _schedule="1")
    )
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.status == Text.Status.SCHEDULED
    assert text.scheduled_for == local.replace(second=0, microsecond=0)  # Tashkent is UTC+5
    past = client.post(
        change_url(text), text_form(text, publish_at="2020-01-01T10:00", _schedule="1")
    )
    assert "Choose a time in the future" in past.content.decode()


def test_the_second_of_two_simultaneous_saves_gets_a_conflict_and_keeps_what_was_typed(
    client, people, release
):
    text = release.texts.get()
    opened = text_form(text)  # both open the form at version 1
    client.force_login(people["editor"])
    assert (
        client.post(change_url(text), {**opened, "body": "The editor's version."}).status_code
        == 302
    )
    client.force_login(people["office_admin"])
    response = client.post(change_url(text), {**opened, "body": "The head's own wording."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "uz-editor saved this text at" in html
    assert "have NOT been saved" in html
    assert "The head&#x27;s own wording." in html or "The head's own wording." in html
    assert Text.objects.get(pk=text.pk).body == "The editor's version."
    # Saving again, knowingly, replaces it (the form now carries the newer version).
    again = client.post(
        change_url(text), {**opened, "based_on": "2", "body": "The head's own wording."}
    )
    assert again.status_code == 302
    assert Text.objects.get(pk=text.pk).body == "The head's own wording."
    assert Revision.objects.filter(text=text).count() == 3


def test_revisions_compare_readably_and_restore(client, people, release):
    text = release.texts.get()
    editor = people["editor"]
    services.text_update(
        text, by=editor, title=text.title, body="Clean water reached four villages."
    )
    client.force_login(editor)
    page = client.get(f"/admin/newsroom/text/{text.pk}/revisions/?a=1&b=2").content.decode()
    assert "<del>three</del><ins>four</ins>" in page
    response = client.post(f"/admin/newsroom/text/{text.pk}/revisions/", {"revision": "1"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.body == "Clean water reached three villages this week."
    assert text.version == 3
    assert Revision.objects.get(text=text, version=3).note == "Restored revision 1"
    assert AuditEntry.objects.filter(action="restored", subject_id=text.pk).exists()


def test_a_correction_needs_a_note_and_readers_see_it_dated(client, people, release):
    editor = people["editor"]
    text = services.text_publish(release.texts.get(), by=editor)
    client.force_login(editor)
    refused = client.post(
        change_url(text), text_form(text, body="Clean water reached four villages.")
    )
    assert "say what you changed in a correction note" in refused.content.decode()
    ok = client.post(
        change_url(text),
        text_form(
            text,
            body="Clean water reached four villages.",
            correction_note="Four villages, not three.",
        ),
    )
    assert ok.status_code == 302
    client.logout()
    html = client.get(text.get_absolute_url()).content.decode()
    assert "Corrected on H." in html
    assert "Four villages, not three." in html
    assert "four villages" in html


def test_a_withdrawn_release_says_so_and_keeps_its_number(client, people, release):
    editor = people["editor"]
    text = services.text_publish(release.texts.get(), by=editor)
    number = text.release.number
    client.force_login(editor)
    asked = client.post(
        change_url(text), text_form(text, _withdraw="1", withdraw_reason="Sent by mistake")
    )
    assert asked.url.startswith(f"/admin/newsroom/text/{text.pk}/withdraw/")
    confirm = client.get(asked.url)
    assert "Sent by mistake" in confirm.content.decode()  # the reason typed is carried over
    client.post(asked.url, {"post": "yes", "withdraw_reason": "Sent by mistake"})
    client.logout()
    html = client.get(text.get_absolute_url()).content.decode()
    assert "This release was withdrawn on" in html
    assert number in html
    second = make_release(release.office, publish=True)
    assert second.number != number
    entry = AuditEntry.objects.get(action="withdrew")
    assert (entry.actor_name, entry.detail) == ("uz-editor", "Sent by mistake")


def test_preview_shows_the_draft_as_readers_will_with_the_number_to_come(client, people, release):
    client.force_login(people["author"])
    text = release.texts.get()
    response = client.get(f"/admin/newsroom/text/{text.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "(number assigned on publication)" in html
    assert '<h1 class="release__title" dir="auto">Wells for three villages</h1>' in html
    assert '<p dir="auto">Clean water reached three villages this week.</p>' in html
    assert "Preview." in html
    assert response["X-Robots-Tag"] == "noindex"


def test_live_preview_renders_markdown_sanitised_with_direction(client, people):
    client.force_login(people["author"])
    response = client.post(
        "/admin/newsroom/text/render-body/",
        {"body": "He said «الماء حياة».\n\n<script>alert(1)</script> **bold**"},
    )
    html = response.json()["html"]
    assert '<p dir="auto">He said «الماء حياة».</p>' in html
    assert "<script>" not in html
    assert "<strong>bold</strong>" in html


def test_the_audit_log_is_for_site_administrators_and_never_editable(client, people, release):
    services.text_publish(release.texts.get(), by=people["editor"])
    client.force_login(people["editor"])
    assert client.get("/admin/editorial/auditentry/").status_code == 403
    client.force_login(people["site_admin"])
    listing = client.get("/admin/editorial/auditentry/?action__exact=published")
    assert listing.status_code == 200
    assert "uz-editor" in listing.content.decode()
    entry = AuditEntry.objects.get(action="published")
    assert client.get(f"/admin/editorial/auditentry/{entry.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/editorial/auditentry/{entry.pk}/change/", {"detail": "x"}).status_code
        == 403
    )
    assert (
        client.post(f"/admin/editorial/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        entry.save()


def test_making_someone_a_site_administrator_is_audited(client, people):
    client.force_login(people["site_admin"])
    author = people["author"]
    data = {
        "username": author.username,
        "email": author.email,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "10:00:00",
        "initial-date_joined_0": "2024-01-01",
        "initial-date_joined_1": "10:00:00",
    }
    response = client.post(f"/admin/auth/user/{author.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(subject_type="user")
    assert "is_superuser: False → True" in entry.detail
    assert entry.actor_name == "root"


def _png(width=1200, height=800) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "well.png"
    return buffer


def media_form(release, **extra):
    data = {
        "office": release.office_id,
        "kind": release.kind,
        "issue_date": release.issue_date.isoformat(),
        "texts-TOTAL_FORMS": "0",
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "1000",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "images-0-position": "0",
        "images-0-caption_en": "",
    }
    data.update(extra)
    return data


def test_an_image_needs_alt_text_and_gets_resized_renditions(
    client, people, release, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["editor"])
    url = f"/admin/newsroom/release/{release.pk}/change/"
    missing_alt = client.post(url, media_form(release, **{"images-0-image": _png()}))
    assert missing_alt.status_code == 200
    assert not ReleaseImage.objects.exists()
    response = client.post(
        url, media_form(release, **{"images-0-image": _png(), "images-0-alt_en": "A new well"})
    )
    assert response.status_code == 302
    image = ReleaseImage.objects.get()
    assert sorted(image.renditions, key=int) == ["480", "960"]
    assert (tmp_path / image.renditions["480"]).exists()
    text = services.text_publish(release.texts.get(), by=people["editor"])
    html = client.get(text.get_absolute_url()).content.decode()
    assert 'alt="A new well"' in html
    assert " 960w" in html


def test_uploads_of_the_wrong_type_or_size_get_clear_errors(
    client, people, release, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.COMMUNIQUE_MAX_IMAGE_BYTES = 1000
    client.force_login(people["editor"])
    url = f"/admin/newsroom/release/{release.pk}/change/"
    too_big = client.post(
        url, media_form(release, **{"images-0-image": _png(), "images-0-alt_en": "Well"})
    )
    assert "the limit is 1000" in too_big.content.decode()
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "report.pdf"
    data = media_form(
        release,
        **{
            "images-TOTAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-file": fake,
            "attachments-0-title": "Report",
            "attachments-0-position": "0",
        },
    )
    wrong = client.post(url, data)
    assert "its content is not a .pdf file" in wrong.content.decode()
    exe = io.BytesIO(b"MZ")
    exe.name = "setup.exe"
    data["attachments-0-file"] = exe
    assert "are not accepted" in client.post(url, data).content.decode()


def test_adding_and_removing_a_picture_is_written_to_the_audit_log(
    client, people, release, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["editor"])
    url = f"/admin/newsroom/release/{release.pk}/change/"
    client.post(url, media_form(release, **{"images-0-image": _png(), "images-0-alt_en": "Well"}))
    image = ReleaseImage.objects.get()
    removal = media_form(
        release,
        **{
            "images-INITIAL_FORMS": "1",
            "images-0-id": str(image.pk),
            "images-0-release": str(release.pk),
            "images-0-alt_en": "Well",
            "images-0-DELETE": "on",
        },
    )
    assert client.post(url, removal).status_code == 302
    assert not ReleaseImage.objects.exists()
    assert not (tmp_path / image.renditions["480"]).exists()
    entries = AuditEntry.objects.filter(subject_type="release").order_by("pk")
    assert [(e.action, e.actor_name) for e in entries if e.detail.startswith("image")] == [
        (AuditEntry.Action.CREATED, "uz-editor"),
        (AuditEntry.Action.DELETED, "uz-editor"),
    ]


def test_a_button_pressed_in_a_stale_tab_says_what_happened_and_who_did_it(client, people, release):
    text = release.texts.get()
    stale_form = text_form(text, _publish="1")
    services.text_publish(text, by=people["office_admin"])
    client.force_login(people["editor"])
    response = client.post(change_url(text), stale_form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was changed" in page
    assert "Last change: published by uz-head" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISHED).count() == 1
