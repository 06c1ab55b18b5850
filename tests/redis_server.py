"""A Redis server of a test's own, which the test may stop and start again (port 6390 and up)."""

import os
import socket
import subprocess
import time
from pathlib import Path


def _free_port(first: int) -> int:
    for port in range(first, first + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for a test Redis")


class RedisServer:
    """`stop()` saves the data and stops the server, as a restarted production Redis would."""

    def __init__(self, folder: Path):
        self.folder = folder
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
        self.port = _free_port(6390 + 20 * int(worker))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.folder),
                "--dbfilename", "dump.rdb",
                "--save", "",
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _attempt in range(200):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.02)
        raise RuntimeError("the test Redis did not start")

    def stop(self) -> None:
        """Save to disk and stop: the pages cached so far come back with `start()`."""
        subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.port), "shutdown", "save"],
            check=False,
            capture_output=True,
        )
        if self.process is not None:
            self.process.wait(timeout=10)
            self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
