"""Addresses hidden by a CDN's e-mail obfuscation (Cloudflare's `data-cfemail`)."""

import re

from lxml import html

#: The address of Cloudflare's decoding script; the code follows the "#".
PROTECTION_PATH = "/cdn-cgi/l/email-protection"
_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){2,}")
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def decode_cfemail(code: str) -> str | None:
    """Return the address in a Cloudflare code (hex; each byte XOR the first), or None."""
    code = code.strip()
    if not _HEX.fullmatch(code):
        return None
    data = bytes.fromhex(code)
    try:
        address = bytes(byte ^ data[0] for byte in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return address if _ADDRESS.fullmatch(address) else None


def encode_cfemail(address: str, key: int = 0x5A) -> str:
    """The inverse of decode_cfemail (for tests and the benchmark)."""
    return f"{key:02x}" + "".join(f"{byte ^ key:02x}" for byte in address.encode("utf-8"))


def recover_emails(root: html.HtmlElement) -> tuple[list[str], int]:
    """Replace every obfuscated address in the tree with its plain form.

    Returns the recovered addresses and how many hidden addresses could not be recovered
    (a link to the protection page with no code, as a page saved without the CDN's
    script shows them: "[email protected]").
    """
    found: list[str] = []
    lost = 0
    hidden = root.xpath("//*[@data-cfemail] | //a[contains(@href, $path)]", path=PROTECTION_PATH)
    replaced: set = set()
    for element in hidden:
        if any(ancestor in replaced for ancestor in element.iterancestors()):
            continue  # inside a link already replaced
        code = element.get("data-cfemail") or element.get("href", "").partition("#")[2]
        if not code:
            inner = element.xpath(".//*[@data-cfemail]")
            code = inner[0].get("data-cfemail", "") if inner else ""
        address = decode_cfemail(code)
        if address is None:
            lost += 1
            continue
        found.append(address)
        replaced.add(element)
        _replace_with_text(element, address)
    return found, lost


def _replace_with_text(element: html.HtmlElement, text: str) -> None:
    parent = element.getparent()
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text + tail
    else:
        parent.text = (parent.text or "") + text + tail
    parent.remove(element)
