"""How fast search is: index build time and the latency of ranked queries with facets.

    .venv/bin/python bench/bench_search.py [--texts N] [--rounds R]

Uses a throw-away SQLite database in a temporary data folder unless DATABASE_URL is set
(PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/communique_search_bench; the
database is created if missing and its newsroom tables emptied). Generates N texts (default
100,000) in Arabic (part with vowel marks), English, Russian and Uzbek with bodies of press
release length, all fictional and neutral, then builds the index with `communique reindex`'s
service and runs a fixed set of one-to-three-word queries through
`communique.search.selectors.search` (ranked, with every facet, first page with snippets).
Prints figures beside the target; asserts nothing.
"""

import argparse
import datetime
import functools
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = {"p50": 5.0, "p95": 20.0, "worst": 250.0}

WORDS = {
    "en": (
        "the of and to in a for with on is by at from this that new water well wells village "
        "villages school schools clean project projects office families children students "
        "scholarship scholarships clinic clinics pump pumps solar winter kits volunteers "
        "training teachers nurses region district network relief opened built repaired "
        "delivered received began completed week month year local community health library "
        "books road bridge irrigation canal harvest seeds farmers market women youth mobile "
        "kitchen meals blankets shelter roof heating stoves medicine doctors beds hospital "
        "laboratory classroom computers internet electricity generator reservoir pipeline "
        "drinking filters hygiene soap workshop course certificates graduates partners donors "
        "report annual plan budget statement announcement interview press release residents "
        "elder mayor director coordinator engineer said thanked welcomed visited inspected"
    ),
    "ru": (
        "и в на с по для от до это новый новая новые вода колодец колодцы село сёла школа школы "
        "чистая проект проекты офис семьи дети студенты стипендия стипендии клиника насос "
        "насосы солнечный зима наборы волонтёры обучение учителя медсёстры регион район сеть "
        "помощь открыли построили отремонтировали доставили получили начали завершили неделя "
        "месяц год местный община здоровье библиотека книги дорога мост орошение канал урожай "
        "семена фермеры рынок женщины молодёжь кухня обеды одеяла приют крыша отопление печи "
        "лекарства врачи койки больница лаборатория класс компьютеры электричество генератор "
        "водохранилище трубопровод фильтры гигиена мыло семинар курс сертификаты выпускники "
        "партнёры доноры отчёт план бюджет заявление объявление интервью жители директор "
        "координатор инженер сказал поблагодарил приветствовал посетил"
    ),
    "uz": (
        "va bilan uchun bu yangi suv quduq quduqlar qishloq qishloqlar maktab maktablar toza "
        "loyiha loyihalar idora oilalar bolalar talabalar stipendiya stipendiyalar klinika "
        "nasos quyosh qish toʻplamlar koʻngillilar oʻqitish oʻqituvchilar hamshiralar viloyat "
        "tuman tarmoq yordam ochildi qurildi taʼmirlandi yetkazildi olindi boshlandi "
        "yakunlandi hafta oy yil mahalliy jamoa sogʻliq kutubxona kitoblar yoʻl koʻprik "
        "sugʻorish kanal hosil urugʻlar fermerlar bozor ayollar yoshlar oshxona ovqat "
        "adyollar boshpana tom isitish pechlar dorilar shifokorlar kasalxona laboratoriya "
        "sinfxona kompyuterlar elektr generator suv ombori quvur filtrlar gigiyena sovun "
        "seminar kurs sertifikatlar bitiruvchilar hamkorlar homiylar hisobot reja byudjet "
        "bayonot eʼlon suhbat aholi direktor muhandis dedi minnatdorlik bildirdi tashrif "
        "Oʻzbekiston Gʻijduvon"
    ),
    "ar": (
        "و في من إلى على عن مع هذا هذه الذي التي جديد جديدة المياه الماء بئر آبار القرية القرى "
        "مدرسة المدارس نظيفة مشروع المشاريع مكتب الأسر الأطفال الطلاب منحة المنح عيادة مضخة "
        "شمسية الشتاء حقائب المتطوعين تدريب المعلمين الممرضات المنطقة الشبكة الإغاثة افتتح "
        "بني أصلح وصلت استلم بدأ أكمل الأسبوع الشهر العام المحلي المجتمع الصحة مكتبة الكتب "
        "الطريق الجسر الري القناة الحصاد البذور المزارعين السوق النساء الشباب مطبخ الوجبات "
        "البطانيات المأوى السقف التدفئة المدافئ الأدوية الأطباء الأسرة المستشفى المختبر الفصل "
        "الحواسيب الكهرباء المولد الخزان الأنابيب الشرب المرشحات النظافة الصابون ورشة دورة "
        "الشهادات الخريجين الشركاء المانحين تقرير خطة الميزانية بيان إعلان مقابلة السكان "
        "المدير المهندس قال شكر رحب زار"
    ),
}
#: How many of each language's words are its function words (the most frequent ones).
FUNCTION_WORDS = {"en": 15, "ru": 9, "uz": 4, "ar": 11}
#: Words per language: the real words above, spread over the first few thousand ranks, and
#: made-up words of the language's letters for the rest, Zipf-distributed (s = 1).
VOCABULARY = 30_000
SPREAD = 30  # rank distance between two real content words
NAMES = 3_000  # made-up names of people and places per language, rarer than most words
SYLLABLES = {
    "en": ("b c d f g h k l m n p r s t v w z br cl st tr".split(), "a e i o u ai ea".split()),
    "ru": ("б в г д ж з к л м н п р с т ф х ч ш ст пр".split(), "а е и о у ы я ю".split()),
    "uz": ("b d f g h j k l m n p q r s t x y z sh ch gʻ".split(), "a e i o u oʻ".split()),
    "ar": ("ب ت ج د ر س ش ع ف ق ك ل م ن ه و ي ح خ ص ط".split(), ["ا", "و", "ي", ""]),
}
PLACES = ["Khujand", "Namangan", "Osh", "Taraz", "Termez", "Bukhara", "Karakol", "Shymkent"]
ARABIC_MARKS = "\u064e\u064f\u0650\u0651\u0652\u064b"
#: Common words (each in a large share of its language's texts: readers do type them),
#: words and pairs of middling frequency, names and places, numbers and prefixes ...
QUERIES = [
    "water",
    "clean water",
    "المياه",
    "вода",
    "suv",
    "school",
    "scholarships students",
    "solar pump",
    "winter kits",
    "village clinic",
    "new well village",
    "teachers training",
    "irrigation canal",
    "khujand",
    "مدرسة",
    "مضخة شمسية",
    "الأطفال المدارس",
    "منحة الطلاب",
    "школы",
    "чистая вода",
    "солнечный насос",
    "стипендии студенты",
    "maktablar",
    "quduq qishloq",
    "oʻqituvchilar",
    "toza suv",
    "1445 / 12",
    "hosp",
    "библиот",
]
#: ... and made-up words and names of the vocabulary, by (language, rank): rare words,
#: names, and a rare word beside a common one, as readers look for one release.
RARE = [
    ("en", 800),
    ("en", 6_000),
    ("en", 25_000),
    ("ru", 2_000),
    ("ru", 12_000),
    ("uz", 3_000),
    ("uz", 15_000),
    ("ar", 1_500),
    ("ar", 9_000),
]
RARE_NAMES = [("en", 10), ("en", 400), ("ru", 50), ("uz", 200), ("ar", 30), ("ar", 1_500)]
RARE_PAIRS = [("en", 40, 5_000), ("ru", 100, 7_000), ("ar", 60, 4_000), ("uz", 20, 10_000)]


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("COMMUNIQUE_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _ensure_postgres_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _made_up(rng, language: str, syllables: int) -> str:
    consonants, vowels = SYLLABLES[language]
    word = "".join(rng.choice(consonants) + rng.choice(vowels) for _s in range(syllables))
    if language == "ar":
        word = ("ال" if rng.random() < 0.4 else "") + word + ("ة" if rng.random() < 0.2 else "")
    elif rng.random() < 0.5:
        word += rng.choice(consonants)
    return word


@functools.lru_cache
def vocabulary(language: str) -> tuple[list[str], list[float], list[str], list[float]]:
    """A language's words by rank with their cumulative Zipf weights, and its names."""
    rng = random.Random(f"vocabulary-{language}")
    real = WORDS[language].split()
    function, content = real[: FUNCTION_WORDS[language]], real[FUNCTION_WORDS[language] :]
    seen = set(real)
    made = []
    while len(made) < VOCABULARY + NAMES:
        word = _made_up(rng, language, rng.choice((2, 2, 3, 3, 4)))
        if word not in seen:
            seen.add(word)
            made.append(word)
    names = [word.capitalize() for word in made[VOCABULARY:]]
    words = list(function)
    made_up = iter(made)
    for index, word in enumerate(content):
        while len(words) < len(function) + index * SPREAD:
            words.append(next(made_up))
        words.append(word)
    while len(words) < VOCABULARY:
        words.append(next(made_up))
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    name_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(NAMES)))
    return words, weights, names, name_weights


def queries() -> list[str]:
    """The fixed set: QUERIES, then RARE, RARE_NAMES and RARE_PAIRS from the vocabularies."""
    vocabularies = {language: vocabulary(language) for language in WORDS}
    chosen = list(QUERIES)
    chosen += [vocabularies[language][0][rank] for language, rank in RARE]
    chosen += [vocabularies[language][2][rank] for language, rank in RARE_NAMES]
    chosen += [
        f"{vocabularies[language][0][common]} {vocabularies[language][0][rare]}"
        for language, common, rare in RARE_PAIRS
    ]
    return chosen


def _sentence(rng, vocab, length) -> str:
    words, weights, names, name_weights = vocab
    chosen = rng.choices(words, cum_weights=weights, k=length)
    if rng.random() < 0.4:
        chosen.insert(rng.randrange(length), rng.choices(names, cum_weights=name_weights)[0])
    if rng.random() < 0.02:
        chosen.insert(rng.randrange(length), rng.choice(PLACES))
    if rng.random() < 0.2:
        chosen.insert(rng.randrange(length), str(rng.randrange(2, 900)))
    return " ".join(chosen).capitalize() + "."


def _vowelled(text: str, rng) -> str:
    return "".join(
        char
        + (rng.choice(ARABIC_MARKS) if "\u0621" <= char <= "\u064a" and rng.random() < 0.5 else "")
        for char in text
    )


def generate(count: int) -> None:
    """`count` published texts, two languages per release, in about five offices' names."""
    from django.db import connection

    from communique import calendar
    from communique.newsroom.models import Category, Office, Release, Text
    from communique.search.models import IndexEntry

    rng = random.Random(1447)
    IndexEntry.objects.all().delete()
    Text.objects.all().delete()
    Release.categories.through.objects.all().delete()
    Release.objects.all().delete()
    offices = []
    for index, place in enumerate(["central", *[p.lower() for p in PLACES[:4]]]):
        office, _created = Office.objects.get_or_create(
            slug=f"bench-{place}",
            defaults={"name": {"en": f"{place.title()} office"}, "position": index},
        )
        offices.append(office)
    categories = [
        Category.objects.get_or_create(
            slug=f"bench-topic-{n}", defaults={"name": {"en": f"Topic {n}"}}
        )[0]
        for n in range(10)
    ]
    vocabularies = {language: vocabulary(language) for language in WORDS}
    languages = list(WORDS)
    now = datetime.datetime.now(datetime.UTC)
    seq: dict[tuple[int, int], int] = {}
    started = time.perf_counter()
    batch = 2000
    made = 0
    while made < count:
        releases = []
        for _n in range(batch // 2):
            office = rng.choice(offices)
            day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2600))
            hijri = calendar.to_hijri(day)
            key = (office.pk, hijri.year)
            seq[key] = seq.get(key, 0) + 1
            releases.append(
                Release(
                    office=office,
                    kind=rng.choice(Release.Kind.values),
                    issue_date=day,
                    hijri_year=hijri.year,
                    hijri_month=hijri.month,
                    hijri_day=hijri.day,
                    number_year=hijri.year,
                    number_seq=seq[key],
                    number_label=f"{hijri.year} / {seq[key]:02}",
                    first_published_at=now,
                )
            )
        Release.objects.bulk_create(releases)
        texts, links = [], []
        for release in releases:
            links.append(
                Release.categories.through(
                    release_id=release.pk, category_id=rng.choice(categories).pk
                )
            )
            for position, language in enumerate(rng.sample(languages, 2)):
                if made >= count:
                    break
                vocab = vocabularies[language]
                title = _sentence(rng, vocab, rng.randrange(5, 12)).rstrip(".")
                # A press release's length: 4-8 paragraphs of 2-4 sentences, about 300 words.
                paragraphs = [
                    " ".join(
                        _sentence(rng, vocab, rng.randrange(10, 22))
                        for _s in range(rng.randrange(2, 5))
                    )
                    for _p in range(rng.randrange(4, 9))
                ]
                body = "\n\n".join(paragraphs)
                if language == "ar" and rng.random() < 0.3:
                    title, body = _vowelled(title, rng), _vowelled(body, rng)
                texts.append(
                    Text(
                        release=release,
                        language=language,
                        is_original=position == 0,
                        title=title[:300],
                        body=body,
                        body_html="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                        status=Text.Status.PUBLISHED,
                        published_at=now - datetime.timedelta(minutes=rng.randrange(10**6)),
                    )
                )
                made += 1
        Text.objects.bulk_create(texts)
        Release.categories.through.objects.bulk_create(links)
        if made % 20000 < batch:
            print(f"  {made} texts generated ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _index_slice(ids: list[int]) -> int:
    from communique.search.services import index_texts

    return index_texts(ids)


def _parallel_reindex(workers: int) -> None:
    """`communique reindex`'s work split over processes (a busy machine: a bigger share)."""
    import multiprocessing

    from django.db import connection

    from communique.newsroom.models import Text
    from communique.search.backends import get_backend

    backend = get_backend()
    backend.clear()
    backend.start_rebuild()
    ids = list(Text.objects.order_by("pk").values_list("pk", flat=True))
    connection.close()
    slices = [ids[start : start + 2000] for start in range(0, len(ids), 2000)]
    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for count in pool.imap_unordered(_index_slice, slices):
            done += count
            if done % 20000 < 2000:
                print(f"  {done}/{len(ids)} indexed ({workers} processes)", flush=True)
    backend.optimise()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the texts already there")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="build the index in this many processes (1: as `communique reindex` does)",
    )
    parser.add_argument(
        "--keep-index", action="store_true", help="with --keep: reuse the index too (no build)"
    )
    args = parser.parse_args()
    data_dir = os.environ.get("COMMUNIQUE_DATA_DIR") or tempfile.mkdtemp(
        prefix="communique-bench-search-"
    )
    _ensure_postgres_database()
    setup_django(data_dir)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from communique.newsroom import reference
    from communique.newsroom.models import Text
    from communique.search.backends import get_backend
    from communique.search.models import IndexEntry
    from communique.search.selectors import search
    from communique.search.services import reindex

    call_command("migrate", verbosity=0)
    backend = get_backend().vendor
    if not (args.keep and Text.objects.count() >= args.texts):
        print(f"Generating {args.texts} texts ({backend}) ...", flush=True)
        generate(args.texts)
    total = Text.objects.count()
    started = time.perf_counter()
    build = None
    if not (args.keep and args.keep_index and IndexEntry.objects.count() == total):
        if args.workers > 1:
            _parallel_reindex(args.workers)
        else:
            reindex(
                progress=lambda done, of: (
                    done % 20000 < 500 and print(f"  {done}/{of} indexed", flush=True)
                )
            )
        build = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    translation.activate("en")
    fixed = queries()

    def answer(query: str):
        # One request's reading of the reference data, as the middleware opens it.
        with reference.scope():
            return search(query)

    for query in fixed:  # warm the caches once, as a serving process would be
        answer(query)
    timings: dict[str, list[float]] = {query: [] for query in fixed}
    cpu: list[float] = []
    matches = {}
    for _round in range(args.rounds):
        for query in fixed:
            started, started_cpu = time.perf_counter(), time.process_time()
            results = answer(query)
            timings[query].append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            matches[query] = results.total
    every = [ms for values in timings.values() for ms in values]
    figures = {
        "p50": statistics.median(every),
        "p95": percentile(every, 0.95),
        "worst": max(every),
    }
    built = f"index built in {build:.1f} s" if build is not None else "index kept"
    if build is not None and args.workers > 1:
        built += f" ({args.workers} processes)"
    print(f"\nsearch on {backend}: {total} texts, {built}")
    print(
        f"{len(fixed)} queries x {args.rounds} rounds"
        " (ranked, all facets, first page with snippets)"
    )
    for query in fixed:
        median = statistics.median(timings[query])
        print(f"  {query!r:28} {matches[query]:>7} matches  median {median:7.1f} ms")
    for name, value in figures.items():
        verdict = "ok" if value <= TARGET[name] else "MISSED"
        print(f"{name:>6}: {value:7.1f} ms   (target <= {TARGET[name]:.0f} ms)  {verdict}")
    load = os.getloadavg()[0]
    print(
        f"this process's CPU time per query: p50 {statistics.median(cpu):.1f} ms,"
        f" p95 {percentile(cpu, 0.95):.1f} ms, worst {max(cpu):.1f} ms"
        f" (without waiting for a core{'; not the server' if backend == 'postgresql' else ''})"
    )
    print(f"load average {load:.1f} on {os.cpu_count()} cores during the run")


if __name__ == "__main__":
    main()
