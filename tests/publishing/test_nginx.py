"""nginx, with the configuration docs/deployment.md ships, serves published pages as files and
hands the rest to the application."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from communique.newsroom import services
from communique.publishing.pages import page_map
from communique.publishing.services import changes_publish, site_publish
from tests.factories import make_release

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def docs_block() -> str:
    """The nginx configuration as docs/deployment.md shows it."""
    text = DOCS.read_text()
    section = text[text.index("## nginx in front: published files") :]
    return re.search(r"```nginx\n(.*?)```", section, re.S)[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path, published, settings):
    if not os.path.exists(NGINX):
        if os.environ.get("COMMUNIQUE_REQUIRE_BROWSER"):
            pytest.fail("nginx is required here (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    port = free_port()
    app = live_server.url.removeprefix("http://")
    block = (
        docs_block()
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("/srv/communique/data/published", str(published))
        .replace("/srv/communique/data/media/", f"{settings.MEDIA_ROOT}/")
        .replace("/srv/communique/data/static/", f"{settings.STATIC_ROOT}/")
        .replace("server 127.0.0.1:8000;", f"server {app};")
    )
    temp = tmp_path / "nginx"
    temp.mkdir()
    config = temp / "nginx.conf"
    config.write_text(
        # As root, nginx's workers would run as nobody, who cannot read the test's folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n"
        "daemon off;\nevents { worker_connections 64; }\nhttp {\n"
        "    include /etc/nginx/mime.types;\n    access_log off;\n"
        + "".join(
            f"    {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + block
        + "\n}\n"
    )
    published.mkdir(parents=True, exist_ok=True)
    settings.COMMUNIQUE_SITE_URL = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 - our own configuration
        [NGINX, "-p", str(temp), "-e", str(temp / "error.log"), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _attempt in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_serves_published_pages_and_hands_the_rest_to_the_application(
    nginx, published, office
):
    release = make_release(office, title="New well opens", publish=True)
    text = release.texts.get()
    site_publish()
    url = text.get_absolute_url()
    file = published / url.lstrip("/") / "index.html"
    assert file.exists() and (file.parent / "index.html.gz").exists()

    # A published page: the file itself (no tags: the application did not answer), gzipped.
    status, headers, body = get(nginx + url)
    assert status == 200 and body == file.read_bytes()
    assert "Cache-Tag" not in headers
    assert "s-maxage" in headers["Cache-Control"]
    status, headers, _body = get(nginx + url, **{"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"

    # A page only the application has: a query string other than ?page=N.
    status, headers, body = get(nginx + "/en/offices/uzbekistan/?unavailable=ru")
    assert status == 200 and "office:" in headers["Cache-Tag"]
    # ... and a page whose file is not there (yet).
    (published / "en" / "offices" / "uzbekistan" / "index.html").unlink()
    status, headers, body = get(nginx + "/en/offices/uzbekistan/")
    assert status == 200 and "New well opens" in body.decode() and "Cache-Tag" in headers

    # A withdrawn release: its file says so, as the application does.
    services.text_withdraw(text)
    text.refresh_from_db()
    changes_publish(tags=page_map().text_tags(text))
    status, headers, body = get(nginx + url)
    assert status == 200 and "Cache-Tag" not in headers
    assert "withdrawn" in body.decode().lower()
    status, _headers, body = get(nginx + "/en/")
    assert "New well opens" not in body.decode()

    # No such page: the application's 404.
    status, _headers, body = get(nginx + "/en/releases/999999/no-such-release/")
    assert status == 404
