"""What a new operator relies on: the defaults, the generated secret, and `communique serve`."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

COMMUNIQUE = str(Path(sys.executable).parent / "communique")


def embedded_env(data_dir, **env):
    """The environment of a fresh install: the embedded defaults, whatever this run uses."""
    clean = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set in this process by the browser tests, never in a site.
        if key
        not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return {**clean, "COMMUNIQUE_DATA_DIR": str(data_dir), **env}


def run(args, data_dir, **env):
    return subprocess.run(
        [COMMUNIQUE, *args],
        capture_output=True,
        text=True,
        check=False,
        env=embedded_env(data_dir, **env),
        timeout=120,
    )


def settings_value(data_dir, expression, **env):
    result = subprocess.run(
        [sys.executable, "-c", f"from communique import settings; print({expression})"],
        capture_output=True,
        text=True,
        check=True,
        env=embedded_env(data_dir, **env),
    )
    return result.stdout.strip()


def test_a_secret_key_is_generated_once_kept_private_and_reused(tmp_path):
    first = settings_value(tmp_path, "settings.SECRET_KEY")
    second = settings_value(tmp_path, "settings.SECRET_KEY")
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text()
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_debug_is_off_unless_asked_for_and_sqlite_lives_in_the_data_folder(tmp_path):
    assert settings_value(tmp_path, "settings.DEBUG") == "False"
    assert settings_value(tmp_path, "settings.DEBUG", DEBUG="1") == "True"
    assert settings_value(tmp_path, "settings.DATABASES['default']['NAME']") == str(
        tmp_path / "communique.sqlite3"
    )


def test_the_embedded_cache_is_shared_files_in_the_data_folder(tmp_path):
    backend = settings_value(
        tmp_path, "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']"
    )
    assert "communique.cache.ResilientFileBasedCache" in backend  # a full disk is a miss
    assert str(tmp_path / "cache") in backend


def test_database_and_cache_come_from_the_environment(tmp_path):
    engine = settings_value(
        tmp_path,
        "settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND']",
        DATABASE_URL="postgres://user@db.example:5432/press",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert "postgresql" in engine
    assert "communique.cache.ResilientRedisCache" in engine  # a stopped Redis is a miss


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_communique_serve_serves_the_site(tmp_path):
    assert run(["migrate", "--no-input", "-v0"], tmp_path).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [COMMUNIQUE, "serve", "--port", str(port)],
        env=embedded_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        # Up to a minute: a loaded machine starts a server slowly; this is no timing test.
        deadline = time.monotonic() + 60
        while body is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/") as response:
                    body = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer within a minute"
        assert "Latest releases" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/newsroom/site.css"
        ) as response:
            assert response.status == 200
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
