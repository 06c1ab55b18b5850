"""Load with wrk (the Debian package) and read its report."""

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclasses.dataclass(frozen=True)
class Load:
    """What wrk measured: the rate, latency percentiles in milliseconds, and what went wrong."""

    requests: int
    seconds: float
    rate: float
    p50_ms: float | None
    p99_ms: float | None
    non_2xx: int = 0
    socket_errors: int = 0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def milliseconds(value: str) -> float:
    """wrk's `350.00us`, `1.02ms` or `2.50s` in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(output: str) -> Load:
    """Read wrk's report (run with --latency for the percentiles)."""
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not total or not rate:
        raise ValueError("not a wrk report: " + output.strip()[:200])
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+\w+)\s*$", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Load(
        requests=int(total.group(1)),
        seconds=milliseconds(total.group(2) + total.group(3)) / 1000,
        rate=float(rate.group(1)),
        p50_ms=milliseconds(percentiles["50"]) if "50" in percentiles else None,
        p99_ms=milliseconds(percentiles["99"]) if "99" in percentiles else None,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(number) for number in sockets.groups()) if sockets else 0,
    )


def rotation_script(paths: list[str], folder: Path) -> Path:
    """A wrk script that asks for each of `paths` in turn (each thread from its own place)."""
    quoted = ",\n".join(f"  {_lua_string(path)}" for path in paths)
    script = folder / f"paths-{len(paths)}.lua"
    script.write_text(
        "local paths = {\n" + quoted + "\n}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads * 7919)\n"
        "  threads = threads + 1\n"
        "end\n"
        "local counter = 0\n"
        "function request()\n"
        "  counter = counter + 1\n"
        "  return wrk.format('GET', paths[((offset or 0) + counter) % #paths + 1])\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def _lua_string(text: str) -> str:
    # Percent-encoded already (URLs); escape what a Lua string literal needs anyway.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def available() -> bool:
    return shutil.which("wrk") is not None


def run(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    script: Path | None = None,
) -> Load:
    """Load `url` for `seconds` with persistent connections (wrk keeps them open)."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    return parse(done.stdout)
