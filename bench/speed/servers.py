"""The servers the benchmark measures: `communique serve` (granian) and nginx, on 127.0.0.1."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, *, timeout: float = 30) -> tuple[int, bytes]:
    """GET a loopback URL: its status and body (an error status is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_answering(url: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url, timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def resident_mb(pid: int) -> float:
    """A process's resident memory (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    done = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(word) for word in done.stdout.split()]


class Granian:
    """`communique serve` with `workers` processes, for one site (its environment)."""

    def __init__(self, env: dict, *, workers: int = 2, page_cache: bool = True, log: Path):
        self.env = {
            **env,
            "COMMUNIQUE_PAGE_CACHE_SECONDS": env.get("COMMUNIQUE_PAGE_CACHE_SECONDS", "300")
            if page_cache
            else "0",
        }
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Granian":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "communique"),
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_answering(self.base + "/robots.txt")
        return self

    def worker_rss_mb(self) -> float:
        """The largest resident memory among the serving processes (granian's workers)."""
        pids = children(self.process.pid) or [self.process.pid]
        return max(resident_mb(pid) for pid in pids)

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


NGINX_CONF = """\
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{
            try_files $uri $uri/index.html $uri.html {fallback};
        }}
{app}
    }}
}}
"""

APP_LOCATION = """\
        location @app {{
            proxy_pass {app};
            proxy_set_header Host $http_host;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
"""


class Nginx:
    """nginx serving a folder of files, falling back to the application when one is given."""

    def __init__(self, root: Path, *, prefix: Path, app: str | None = None):
        self.root = root.resolve()
        self.prefix = prefix.resolve()
        self.app = app
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()

    def __enter__(self) -> "Nginx":
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.prefix / "tmp" / folder).mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                prefix=self.prefix,
                port=self.port,
                root=self.root,
                fallback="@app" if self.app else "=404",
                app=APP_LOCATION.format(app=self.app) if self.app else "",
            )
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [nginx, "-p", str(self.prefix), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=(self.prefix / "stderr.log").open("ab"),
            env={**os.environ},
        )
        wait_until_answering(self.base + "/", seconds=15)
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def nothing():
    yield None
