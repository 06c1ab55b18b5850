"""Locked-down defaults: a Content-Security-Policy and the other protective headers on every
answer, cached ones included; HTTPS turned on by one setting with a clean deployment check;
a data folder that is never guessed; media served by the application only when nothing is
in front of it."""

import subprocess
import sys

import pytest

from tests.factories import make_office, make_organisation, make_release
from tests.test_installation import COMMUNIQUE, embedded_env


@pytest.fixture
def release(db):
    make_organisation()
    return make_release(make_office("osh"), publish=True)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("url", ["/en/", "/en/offices/", "/admin/login/", "/en/no-such-page/"])
def test_every_answer_carries_the_policy_and_the_protective_headers(client, release, url):
    response = client.get(url)
    directives = policy(response)
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"].startswith("'self'")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert directives["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_page_from_the_page_cache_carries_the_policy_too(client, release, settings):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    url = release.texts.get().get_absolute_url()
    client.get(url)
    cached = client.get(url)
    assert "frame-ancestors 'none'" in cached["Content-Security-Policy"]


def test_public_pages_carry_no_inline_script_to_need_a_nonce(client, release):
    html = client.get(release.texts.get().get_absolute_url()).content.decode()
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        data_block = 'type="application/json"' in opening or 'type="application/ld+json"' in opening
        assert "src=" in opening or data_block, opening


def run_check(tmp_path, **env):
    return subprocess.run(
        [COMMUNIQUE, "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        check=False,
        env=embedded_env(tmp_path, **env),
        timeout=120,
    )


PRODUCTION = {
    "HTTPS": "1",
    "BEHIND_PROXY": "1",
    "ALLOWED_HOSTS": "press.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://press.example.org",
    "SECRET_KEY": "k3y-" + "x7Qp9v2LmZ4rT8wY1nB6cH0sD5fG3jK" * 2,
}


def test_the_deployment_check_is_clean_in_the_documented_production_setup(tmp_path):
    result = run_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_the_deployment_check_says_what_is_missing(tmp_path):
    result = run_check(tmp_path, **{**PRODUCTION, "HTTPS": ""})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


def test_a_site_started_without_a_data_folder_refuses_and_creates_nothing(tmp_path):
    env = {key: value for key, value in embedded_env(tmp_path).items()}
    del env["COMMUNIQUE_DATA_DIR"]
    result = subprocess.run(
        [COMMUNIQUE, "migrate"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("communique: Set COMMUNIQUE_DATA_DIR")
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("behind_proxy", "served"), [("", "True"), ("1", "False")])
def test_media_is_served_by_the_application_only_without_a_proxy(tmp_path, behind_proxy, served):
    probe = (
        "import django; django.setup();"
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/releases/well.jpg'); print(True)\n"
        "except Resolver404:\n    print(False)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=embedded_env(
            tmp_path, BEHIND_PROXY=behind_proxy, DJANGO_SETTINGS_MODULE="communique.settings"
        ),
    )
    assert result.stdout.strip() == served
