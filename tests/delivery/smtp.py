"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), which can refuse on demand."""

import asyncio
import email
import email.policy
import socket

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the server accepted, and what it is told to answer next.

    `refuse` holds the replies to give, one per message, before accepting again
    ("451 Try again later", "550 No such user"); `hold_after` makes the server sit on the
    message after that many were accepted, until `release()` (to kill a client mid-send).
    """

    def __init__(self):
        self.received: list[email.message.EmailMessage] = []
        self.refuse: list[str] = []
        self.hold_after: int | None = None
        self.holding = False
        self._released = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse.pop(0)
        if self.hold_after is not None and len(self.received) >= self.hold_after:
            self.holding = True
            while not self._released:
                await asyncio.sleep(0.05)
            # The client was gone before it heard "250": the message was never accepted.
            return "451 Sender gone"
        self.received.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def release(self):
        self._released = True

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.received if message["To"] == address]

    @staticmethod
    def text(message) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(("html",)).get_content()


class SMTPServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()

    def stop(self):
        self.mailbox.release()
        self.controller.stop()


def serving(settings):
    """Run a server and point Django's e-mail backend at it (the body of an `smtp` fixture)."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.COMMUNIQUE_SITE_URL = "https://news.example.org"
    yield server
    server.stop()
