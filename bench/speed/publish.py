"""From "Publish" to the new page being served: one release, published as an editor would.

Run inside a benchmark site's environment while a server is answering at `--base`:
`python bench/speed/publish.py --base http://127.0.0.1:PORT [--published]`. Prints one line
of JSON with the seconds from the publish call to the first answer that shows the new title
(with `--published`: once the publishing app's file of the page holds it too, so that nginx
serves the file, not the application behind it). The release stays (deleting it would be
one more change for the worker to publish); the harness leaves such releases out of its
loads.
"""

import argparse
import datetime
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speed.generate import setup_django  # noqa: E402

#: How the titles of the releases published by this script begin.
TITLE = "Benchmark publication"


def served(url: str, title: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return title in response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return False


def published_file(path: str) -> Path:
    from communique.publishing import conf, files

    return conf.published_dir() / files.file_for(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument(
        "--published",
        action="store_true",
        help="wait for the published file (written by `communique worker`) before the GET",
    )
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model

    from communique.editorial import services
    from communique.newsroom.models import Office

    editor, _created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    office = Office.objects.order_by("position").first()
    title = f"{TITLE} {time.time_ns()}: new school wells"
    release = services.release_create(
        by=editor,
        office=office,
        issue_date=datetime.date.today(),
        language="en",
        title=title,
        body="A new well was dug by the school, with «الماء أساس الحياة» painted above it.",
    )
    text = release.texts.get()
    url = args.base + text.get_absolute_url()
    started = time.perf_counter()
    services.text_publish(text, by=editor)
    seconds = None
    written = published_file(text.get_absolute_url()) if args.published else None
    while time.perf_counter() - started < args.timeout:
        if written is not None and not (
            written.exists() and title.encode() in written.read_bytes()
        ):
            time.sleep(0.01)
            continue
        if served(url, title):
            seconds = time.perf_counter() - started
            break
        time.sleep(0.01)
    print(json.dumps({"publish_to_served_seconds": seconds, "url": url}))


if __name__ == "__main__":
    main()
