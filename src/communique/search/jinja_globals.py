"""Template helpers of the search page."""

from urllib.parse import urlencode


def search_link(params: dict, **changes) -> str:
    """`?q=…&…` with some parameters changed (None removes one); always back to page 1."""
    merged = {**params, **changes}
    merged.pop("page", None)
    if "page_number" in changes:
        merged.pop("page_number")
        if changes["page_number"] and changes["page_number"] > 1:
            merged["page"] = changes["page_number"]
    return "?" + urlencode({key: value for key, value in merged.items() if value not in (None, "")})


GLOBALS = {"search_link": search_link}
