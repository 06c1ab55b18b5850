"""A partner's receiver for the tests: an http.server on 127.0.0.1 in a thread, which checks
each call with the docs' own `verify` and answers as the test tells it to."""

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DOCS = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"


def docs_verifier():
    """`verify` and `Rejected` as docs/webhooks.md prints them, run as written."""
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    source = next(block for block in blocks if "def verify" in block)
    namespace: dict = {}
    exec(compile(source, str(DOCS), "exec"), namespace)  # noqa: S102 (our own docs)
    return namespace["verify"], namespace["Rejected"]


@dataclass
class Call:
    headers: dict
    body: bytes
    verified: dict | None
    rejected: str = ""


@dataclass
class Receiver:
    """Answers each call with the next of `answers` (the last one repeats); an answer may be
    a status, ("sleep", seconds) or ("redirect", url)."""

    secret: str = ""
    answers: list = field(default_factory=lambda: [204])
    calls: list[Call] = field(default_factory=list)

    def start(self):
        verify, rejected = docs_verifier()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                try:
                    verified = verify(
                        receiver.secret, headers.get("communique-signature", ""), body
                    )
                    call = Call(headers, body, verified)
                except rejected as refusal:
                    call = Call(headers, body, None, str(refusal))
                receiver.calls.append(call)
                answer = receiver.answers[min(len(receiver.calls), len(receiver.answers)) - 1]
                if isinstance(answer, tuple) and answer[0] == "sleep":
                    time.sleep(answer[1])
                    answer = 200
                if isinstance(answer, tuple) and answer[0] == "redirect":
                    self.send_response(302)
                    self.send_header("Location", answer[1])
                    self.end_headers()
                    return
                if call.verified is None:
                    answer = 400
                self.send_response(answer)
                text = f"answer {answer}".encode()
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
