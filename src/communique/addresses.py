"""`reverse()`, remembered: a page makes dozens of the same addresses (menus, offices,
categories, feeds, the language switcher), and a list, feed or export thousands.

An address depends on the URL configuration, the script prefix and, for the language-
prefixed pages, the active language: all three are part of the key (a new URL
configuration, as tests make, is a new resolver), so a remembered address is always the
one `reverse()` would give.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation


@lru_cache(maxsize=8192)
def _reversed(resolver, script_prefix, language, name, args, kwargs) -> str:
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None)


def now_key() -> tuple:
    """What an address depends on, now: the URL configuration (its resolver), the script
    prefix and the active language. A value made of addresses can be remembered by it."""
    return get_resolver(get_urlconf()), get_script_prefix(), translation.get_language()


def address(name: str, *args, **kwargs) -> str:
    """What `reverse(name, args=args, kwargs=kwargs)` gives, now."""
    key = now_key()
    try:
        return _reversed(*key, name, args, tuple(sorted(kwargs.items())))
    except TypeError:  # an argument that cannot be a key
        return reverse(name, args=args or None, kwargs=kwargs or None)


#: A stand-in id, reversed once and then replaced by each real one (`with_id`).
_STAND_IN = 918273645


@lru_cache(maxsize=256)
def _id_pattern(resolver, script_prefix, language, name, key) -> tuple[str, str]:
    path = reverse(name, kwargs={key: _STAND_IN})
    head, found, tail = path.partition(str(_STAND_IN))
    if not found:
        raise ValueError(f"The address {name!r} does not show its {key!r}.")
    return head, tail


def with_id(name: str, pk: int, *, language: str | None = None, key: str = "pk") -> str:
    """What `reverse(name, kwargs={key: pk})` gives in `language` (else the active one), for
    an address whose only argument is an id: reversed once per language with a stand-in,
    then filled in. A release page links its PDF, ninjs and comment form this way (a
    remembered address per release would be thousands in a list, a feed or an export)."""
    if language is not None and language != translation.get_language():
        with translation.override(language):
            return with_id(name, pk, key=key)
    head, tail = _id_pattern(*now_key(), name, key)
    return f"{head}{int(pk)}{tail}"


#: `static()` of each asset path: the storage's address of a file does not change while the
#: process runs, unless a setting it reads does (as tests do).
_static_addresses: dict[str, str] = {}
STATIC_SETTINGS = frozenset({"STATIC_URL", "STATIC_ROOT", "STORAGES", "FORCE_SCRIPT_NAME"})


def static_address(path: str) -> str:
    """What `static(path)` gives (the templates' `static()`), remembered."""
    try:
        return _static_addresses[path]
    except KeyError:
        _static_addresses[path] = found = static(path)
        return found


@receiver(setting_changed)
def _forget_static_addresses(*, setting, **kwargs) -> None:
    if setting in STATIC_SETTINGS:
        _static_addresses.clear()
