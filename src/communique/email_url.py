"""`EMAIL_URL` → Django's e-mail settings, in a few lines (no framework, read by settings.py).

dj-email-url was considered: its last release is from 2022, it takes `smtps://` as STARTTLS
and turns `file:///srv/mail` into a relative folder, so twenty lines of our own are clearer.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
_YES = {"1", "true", "yes", "on"}
# Older spellings kept working: submission:// is STARTTLS on 587, smtps:// is TLS on 465.
_SMTP_ALIASES = {"submission": ("tls", 587), "smtps": ("ssl", 465)}


def email_settings(url: str, *, default_folder: Path) -> dict:
    """`smtp://user:pass@host:587?tls=1`, `smtp://host?ssl=1`, `file` or `file:///folder`,
    `console`, `memory`; anything else is refused with the forms it may take."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme or parts.path  # a bare "file" or "console" has no "://"
    security, port = _SMTP_ALIASES.get(scheme, ("", 25))
    scheme = "smtp" if scheme in _SMTP_ALIASES else scheme
    if scheme not in BACKENDS:
        raise ValueError(
            f"EMAIL_URL must start with one of {', '.join(BACKENDS)} (for example "
            f"smtp://user:password@mail.example.org:587?tls=1); it starts with {scheme!r}."
        )
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    found = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "file":
        folder = parts.path if parts.scheme and parts.path else ""
        found["EMAIL_FILE_PATH"] = str(Path(folder) if folder else default_folder)
    if scheme == "smtp":
        found.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or port,
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=query.get("tls", "1" if security == "tls" else "") in _YES,
            EMAIL_USE_SSL=query.get("ssl", "1" if security == "ssl" else "") in _YES,
            EMAIL_TIMEOUT=int(query.get("timeout", "30")),
        )
    return found
