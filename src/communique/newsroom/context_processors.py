"""What every public page's header and footer show."""

import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from communique import calendar
from communique.newsroom import selectors
from communique.newsroom.models import Organisation
from communique.newsroom.translated import pick


def site(request):
    organisation = Organisation.current()
    language = get_language() or settings.LANGUAGE_CODE
    zone = zoneinfo.ZoneInfo(organisation.clock_time_zone)
    now = timezone.now().astimezone(zone)
    eastern = organisation.eastern_arabic_digits and language == "ar"
    header_date = calendar.header_line(now.date(), language, eastern_digits=eastern)
    clock = now.strftime("%H:%M")
    enabled = [code for code, _name in settings.LANGUAGES if code in organisation.enabled_languages]
    # A view may say where each language leads (a release's sibling texts); otherwise the
    # same address in the other language.
    targets = getattr(request, "language_targets", {})
    return {
        "organisation": organisation,
        "language_names": {code: get_language_info(code)["name_local"] for code in enabled},
        "language_links": [
            (
                code,
                {
                    "url": targets.get(code) or translate_url(request.path, code),
                    "label": get_language_info(code)["name_local"],
                },
            )
            for code in enabled
        ],
        "today_iso": now.date().isoformat(),
        "site_name": pick(organisation.name, language, organisation.default_language),
        "language": language,
        "eastern_digits": eastern,
        "header_date": header_date,
        "clock": calendar.to_eastern_digits(clock) if eastern else clock,
        "clock_label": pick(organisation.clock_label, language, "en"),
        "clock_time_zone": organisation.clock_time_zone,
        "month_starts": calendar.month_starts(
            calendar.UMM_AL_QURA, now.date().replace(day=1), now.date().replace(day=28)
        ),
        "main_menu": selectors.menu_items("main"),
        "footer_menu": selectors.menu_items("footer"),
    }
