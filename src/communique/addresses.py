"""`reverse()`, remembered: a page makes dozens of the same addresses (menus, offices,
categories, feeds, the language switcher), and a list, feed or export thousands.

An address depends on the URL configuration, the script prefix and, for the language-
prefixed pages, the active language: all three are part of the key (a new URL
configuration, as tests make, is a new resolver), so a remembered address is always the
one `reverse()` would give.
"""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation


@lru_cache(maxsize=8192)
def _reversed(resolver, script_prefix, language, name, args, kwargs) -> str:
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None)


def address(name: str, *args, **kwargs) -> str:
    """What `reverse(name, args=args, kwargs=kwargs)` gives, now."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), translation.get_language())
    try:
        return _reversed(*key, name, args, tuple(sorted(kwargs.items())))
    except TypeError:  # an argument that cannot be a key
        return reverse(name, args=args or None, kwargs=kwargs or None)
