"""Site-wide settings every app reads the same way, each with its default, read when used."""

from django.conf import settings

#: Where `communique serve` listens by default (the embedded setup).
EMBEDDED_ADDRESS = "127.0.0.1:8000"


def site_url() -> str:
    """The site's public address as readers type it (`https://press.example.org`), for what
    is made without a request to learn it from: e-mails, webhooks, published files.

    `COMMUNIQUE_SITE_URL` when set; otherwise the first host `ALLOWED_HOSTS` names (the
    embedded server's address for a local one).
    """
    if url := getattr(settings, "COMMUNIQUE_SITE_URL", ""):
        return str(url).rstrip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    host = hosts[0] if hosts else "localhost"
    if host in ("127.0.0.1", "localhost", "[::1]"):
        host = EMBEDDED_ADDRESS
    return f"http://{host}"
