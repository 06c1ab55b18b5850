"""A benchmark site of many releases, written in bulk through the models.

The organisation, its offices, categories and menus are the demo's (the same invented relief
network); the releases are new: water projects, scholarships, winter kits and clinics told
again and again by every office over the years, in the office's language with translations
(English and Arabic nearly always, Russian and Uzbek sometimes), each one published and
numbered as the services would have done it.

The services write one release at a time (a number lock, a revision, signals): right for an
editor, far too slow for 100,000 releases. This module writes what they would have written,
with `bulk_create`, in chronological order, so the numbers run on within each office's
Hijri year. `tests/test_bench_speed.py` checks that what it writes is what readers' pages
accept.

Run inside a configured Django (`COMMUNIQUE_DATA_DIR`, `DATABASE_URL`):
`python bench/speed/generate.py --releases 10000`.
"""

import argparse
import datetime
import hashlib
import importlib.util
import inspect
import json
import os
import sys
import time
import zoneinfo
from pathlib import Path

#: Raise when what the generator writes changes: sites cached under another fingerprint are
#: then generated again.
VERSION = 1

BATCH = 2000
FIRST_DAY = datetime.date(2011, 1, 1)

# Paragraphs added to each story's body so that a page weighs what a real release weighs;
# {place} and {n} are filled in as in the story itself.
EXTRA_PARAGRAPHS = {
    "en": [
        "Volunteers from {place} trained for three weeks before the work began, and {n} of "
        "them will look after the project in the years to come.",
        "The network's engineers visited every site twice. A local committee keeps the "
        "records and reports each quarter, in Arabic and in English: «نعمل معًا من أجل الجميع».",
        "## What comes next\n\nA second phase is planned for the spring, with the same "
        "partners and the same open accounts. Donors can follow it on this page.",
        "> Every family that took part was asked what it needed first. — a field coordinator",
    ],
    "ar": [
        "تلقى المتطوعون في {place} تدريبًا لمدة ثلاثة أسابيع قبل بدء العمل، وسيتولى {n} منهم "
        "رعاية المشروع في السنوات المقبلة.",
        "زار مهندسو الشبكة كل موقع مرتين، وتحتفظ لجنة محلية بالسجلات وتقدّم تقريرًا كل ثلاثة "
        "أشهر باللغتين العربية والإنجليزية (Working together for everyone).",
        "## الخطوات التالية\n\nمن المقرر تنفيذ مرحلة ثانية في الربيع مع الشركاء أنفسهم "
        "وبالحسابات المفتوحة نفسها، ويمكن للمتبرعين متابعتها على هذه الصفحة.",
        "> سُئلت كل أسرة شاركت عمّا تحتاجه أولًا. — منسق ميداني",
    ],
    "ru": [
        "Волонтёры в {place} три недели учились перед началом работ, и {n} из них будут "
        "следить за проектом в ближайшие годы.",
        "Инженеры сети дважды посетили каждый объект. Местный комитет ведёт записи и "
        "каждый квартал отчитывается: «نعمل معًا من أجل الجميع».",
    ],
    "uz": [
        "{place} koʻngillilari ish boshlanishidan oldin uch hafta oʻqishdi, ulardan {n} nafari "
        "loyihaga keyingi yillarda qaraydi.",
        "Tarmoq muhandislari har bir joyga ikki marta bordi: «نعمل معًا من أجل الجميع».",
    ],
}
# Few distinct figures, so that few distinct bodies need rendering (2 ms each).
FIGURES = (40, 75, 120, 160, 240, 310, 420, 600)


def fingerprint(releases: int) -> str:
    """What a cached site must match to be used again: the generator's version, the source
    of what it writes, and the size."""
    writers = (site_frame, story, languages_of, issue_dates, add_releases)
    source = "".join(inspect.getsource(function) for function in writers)
    source += repr((EXTRA_PARAGRAPHS, FIGURES, FIRST_DAY, VERSION, releases))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def setup_django() -> None:
    if importlib.util.find_spec("communique") is None:  # not installed: this checkout's
        sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
    import django

    django.setup()


def site_frame() -> dict:
    """The demo's organisation, offices (with their month overrides), categories and menus."""
    from communique.newsroom import demo
    from communique.newsroom.models import (
        Category,
        HijriMonthOverride,
        MenuItem,
        Office,
        Organisation,
    )

    Organisation(pk=1, **demo.ORGANISATION).save()
    offices = {}
    for position, spec in enumerate(demo.OFFICES):
        offices[spec["slug"]], _created = Office.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "parent": offices.get(spec["parent"]),
                "name": spec["name"],
                "signature": spec["signature"],
                "address": spec["address"],
                "email": spec["email"],
                "phone": spec["phone"],
                "website": "https://wellspring.example.org/",
                "time_zone": spec["time_zone"],
                "number_format": spec["number_format"],
                "position": position,
            },
        )
    for slug, year, month, starts_on, note in demo.OVERRIDES:
        HijriMonthOverride.objects.update_or_create(
            office=offices[slug],
            hijri_year=year,
            hijri_month=month,
            defaults={"starts_on": starts_on, "note": note},
        )
    categories = {}
    for position, (slug, parent, kind, name) in enumerate(demo.CATEGORIES):
        categories[slug], _created = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "parent": categories.get(parent),
                "kind": kind,
                "name": name,
                "position": position,
            },
        )
    if not MenuItem.objects.exists():
        items = [
            ("main", MenuItem.Kind.HOME, None, {"en": "Home", "ar": "الرئيسية"}),
            ("main", MenuItem.Kind.OFFICES, None, {"en": "Offices", "ar": "المكاتب"}),
            ("main", MenuItem.Kind.CATEGORY, categories["water"], categories["water"].name),
            (
                "main",
                MenuItem.Kind.CATEGORY,
                categories["scholarships"],
                categories["scholarships"].name,
            ),
        ]
        MenuItem.objects.bulk_create(
            MenuItem(menu=menu, kind=kind, category=category, title=title, position=position)
            for position, (menu, kind, category, title) in enumerate(items)
        )
    offices = {
        slug: Office.objects.prefetch_related("month_overrides").get(pk=office.pk)
        for slug, office in offices.items()
    }
    return {"offices": offices, "categories": categories}


class _Bodies:
    """Each distinct body rendered once (rendering is the slow part of writing a text)."""

    def __init__(self):
        from communique.newsroom.body import render_body

        self.render = render_body
        self.rendered: dict[str, str] = {}

    def __call__(self, body: str) -> str:
        if body not in self.rendered:
            self.rendered[body] = self.render(body)
        return self.rendered[body]


def story(index: int, language: str, office_spec: dict) -> tuple[str, str, str, str]:
    """Release `index`'s topic, kind, title and body in a language."""
    from communique.newsroom import demo

    topic, kind, texts = demo.STORIES[(index // 5 + index) % len(demo.STORIES)]
    values = {"place": office_spec["place"][language], "n": FIGURES[index % len(FIGURES)]}
    title, body = (part.format(**values) for part in texts[language])
    extras = EXTRA_PARAGRAPHS[language]
    chosen = [extras[(index + step) % len(extras)] for step in range(min(3, len(extras)))]
    body = "\n\n".join([body, *(paragraph.format(**values) for paragraph in chosen)])
    return topic, kind, demo.sentence_case(title), demo.sentence_case(body)


def languages_of(index: int, original: str) -> list[str]:
    """The original first, then its translations: English and Arabic nearly always."""
    wanted = [original, "en", "ar"]
    if index % 3 == 0:
        wanted.append("ru")
    if index % 5 == 0:
        wanted.append("uz")
    if index % 11 == 10 and original != "ar":
        wanted.remove("ar")  # some translations are still missing, as in any newsroom
    return list(dict.fromkeys(wanted))


def issue_dates(count: int, today: datetime.date) -> list[datetime.date]:
    """`count` days from FIRST_DAY to yesterday, oldest first, spread evenly."""
    span = max(1, (today - FIRST_DAY).days - 1)
    return [
        FIRST_DAY + datetime.timedelta(days=span * index // max(1, count)) for index in range(count)
    ]


def add_releases(count: int, *, progress=print, today: datetime.date | None = None) -> int:
    """Write `count` published releases (with their texts and categories); return how many."""
    from django.db import transaction
    from django.utils.text import slugify

    from communique import calendar
    from communique.newsroom import demo
    from communique.newsroom.models import Release, Text
    from communique.newsroom.numbering import format_number

    frame = site_frame()
    offices, categories = frame["offices"], frame["categories"]
    specs = {spec["slug"]: spec for spec in demo.OFFICES}
    slugs = list(specs)
    today = today or datetime.date.today()
    bodies = _Bodies()
    hijri_of: dict[tuple, calendar.HijriDate] = {}
    numbers: dict[tuple, int] = {}
    for release in Release.objects.exclude(number_seq=None).values(
        "office_id", "number_year", "number_seq"
    ):
        key = (release["office_id"], release["number_year"])
        numbers[key] = max(numbers.get(key, 0), release["number_seq"])
    start = Release.objects.count()
    dates = issue_dates(count, today)
    through = Release.categories.through
    started = time.perf_counter()
    written = 0
    for batch_start in range(0, count, BATCH):
        indices = range(batch_start, min(count, batch_start + BATCH))
        releases, plans = [], []
        for index in indices:
            serial = start + index
            office = offices[slugs[serial % len(slugs)]]
            spec = specs[office.slug]
            issue_date = dates[index]
            key = (office.pk, issue_date)
            if key not in hijri_of:
                hijri_of[key] = calendar.to_hijri(issue_date, office.calendar)
            hijri = hijri_of[key]
            seq = numbers[(office.pk, hijri.year)] = numbers.get((office.pk, hijri.year), 0) + 1
            zone = zoneinfo.ZoneInfo(office.time_zone)
            published_at = datetime.datetime.combine(
                issue_date, datetime.time(9, 0), zone
            ) + datetime.timedelta(minutes=serial % 480)
            original = demo.ORIGINAL_LANGUAGE[office.slug]
            topic, kind, _title, _body = story(serial, original, spec)
            releases.append(
                Release(
                    office=office,
                    kind=kind,
                    issue_date=issue_date,
                    hijri_year=hijri.year,
                    hijri_month=hijri.month,
                    hijri_day=hijri.day,
                    number_year=hijri.year,
                    number_seq=seq,
                    number_label=format_number(
                        office.number_format, hyear=hijri.year, seq=seq, gyear=issue_date.year
                    ),
                    first_published_at=published_at,
                )
            )
            region = categories.get(office.slug) or categories["central-asia"]
            plans.append((serial, spec, original, published_at, [categories[topic], region]))
        with transaction.atomic():
            Release.objects.bulk_create(releases)
            texts, links = [], []
            for release, (serial, spec, original, published_at, chosen) in zip(
                releases, plans, strict=True
            ):
                for language in languages_of(serial, original):
                    _topic, _kind, title, body = story(serial, language, spec)
                    texts.append(
                        Text(
                            release=release,
                            language=language,
                            is_original=language == original,
                            title=title,
                            slug=slugify(title, allow_unicode=True)[:120].strip("-"),
                            body=body,
                            body_html=bodies(body),
                            status=Text.Status.PUBLISHED,
                            published_at=published_at,
                            source_version=None if language == original else 1,
                        )
                    )
                links.extend(
                    through(release_id=release.pk, category_id=category.pk) for category in chosen
                )
            Text.objects.bulk_create(texts)
            through.objects.bulk_create(links)
        written += len(releases)
        progress(f"  {written:,} releases written ({time.perf_counter() - started:.0f} s)")
    return written


def generate(releases: int, *, progress=print) -> None:
    """Migrate, then fill the site up to `releases` releases; refresh the planner's statistics."""
    from django.core.management import call_command
    from django.db import connection

    from communique.newsroom.models import Release

    call_command("migrate", verbosity=0)
    missing = releases - Release.objects.count()
    if missing > 0:
        add_releases(missing, progress=progress)
    # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE keeps them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def wipe() -> None:
    """Empty the site's database (its file, or its PostgreSQL schema) before a new generation."""
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{schema}"')


def settle() -> None:
    """On PostgreSQL, VACUUM as autovacuum does on a serving site soon after bulk writes: a
    list's count then reads its index alone (the visibility map says every row is current)
    instead of every text's row. A site just written in bulk has no visibility map yet."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def forget_queued_work() -> None:
    """A generated site starts with nothing for the worker to do: the bulk writes asked for
    every page to be rendered again, which a new site does not need (nothing is published
    or cached yet)."""
    from django.apps import apps

    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()


def ensure(releases: int, *, progress=print) -> dict:
    """Use the cached site if its fingerprint matches, otherwise generate it again."""
    from django.conf import settings
    from django.db import DatabaseError

    marker = Path(settings.DATA_DIR) / "bench-site.json"
    wanted = fingerprint(releases)
    cached = json.loads(marker.read_text()) if marker.exists() else {}
    if cached.get("fingerprint") == wanted:
        from django.core.management import call_command

        from communique.newsroom.models import Release

        try:
            call_command("migrate", verbosity=0)
            # Publication measures add a release or two to a kept site (bench/speed/publish.py).
            if releases <= Release.objects.count() <= releases + 100:
                settle()
                return {**cached, "reused": True}
        except DatabaseError:
            pass
    marker.unlink(missing_ok=True)
    wipe()
    started = time.perf_counter()
    generate(releases, progress=progress)
    forget_queued_work()
    settle()
    record = {
        "fingerprint": wanted,
        "releases": releases,
        "seconds": round(time.perf_counter() - started, 1),
    }
    marker.write_text(json.dumps(record))
    return {**record, "reused": False}


def addresses(sample: int) -> dict:
    """The pages the harness loads: the newest English release, `sample` release pages spread
    over the whole site (every language), the home page and the RSS feed."""
    from django.urls import reverse
    from django.utils import translation

    from communique.newsroom import selectors
    from communique.newsroom.models import Text

    generated = Text.objects.exclude(title__startswith="Benchmark publication")
    newest = selectors.public(generated.filter(language="en")).order_by("-published_at").first()
    texts = list(
        selectors.public(generated)
        .order_by("release_id", "language")
        .values_list("language", "release_id", "slug")
    )
    step = max(1, len(texts) // max(1, sample))
    spread = []
    for language, release_id, slug in texts[::step][:sample]:
        with translation.override(language):
            spread.append(reverse("newsroom:release", kwargs={"pk": release_id, "slug": slug}))
    with translation.override("en"):
        home = reverse("newsroom:home")
        feed = reverse("distribution:feed", kwargs={"fmt": "rss"})
    return {
        "release": newest.get_absolute_url(),
        "title": newest.title,
        "releases": spread,
        "home": home,
        "feed": feed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, required=True)
    parser.add_argument(
        "--addresses", type=int, default=0, help="also list this many release pages"
    )
    args = parser.parse_args()
    setup_django()
    # Progress goes to stderr: the harness reads stdout's last line.
    record = ensure(args.releases, progress=lambda line: print(line, file=sys.stderr, flush=True))
    if args.addresses:
        record["addresses"] = addresses(args.addresses)
    # The harness reads the last line.
    print(json.dumps(record))


if __name__ == "__main__":
    main()
