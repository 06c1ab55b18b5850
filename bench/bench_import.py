"""How fast an old archive comes in: generate saved pages, import them, print time and memory.

    .venv/bin/python bench/bench_import.py [--pages N]

Writes N pages (default 2,000) in the legacy K2 shape — four offices, English originals with
every third release also in Russian, one page in fifty with a wrong Hijri date — into a
throw-away folder, then runs `communique import html` on them in-process against a
throw-away SQLite database (or DATABASE_URL). Prints figures; asserts nothing.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFICES = ("Uzbekistan", "Kyrgyzstan", "Kazakhstan", "Tajikistan")

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>
<div id="header"><div class="dates">Wednesday, 18 Muharram 1446 | 2024/07/24</div>
<ul class="menu"><li><a href="/">Main menu</a></li>
<li><a href="/press">Press Office</a></li></ul></div>
<div id="k2Container" class="itemView">
<div class="itemCategory"><a href="/press">Press Office</a> <span>{office}</span></div>
<div class="itemDates"><span class="hijri">{hijri_mark} {hijri}</span>
<span class="number">No: {number}</span></div>
<div class="itemDates"><span class="gregorian">{gregorian}</span></div>
<div class="itemKind">{kind}</div>
<h2 class="itemTitle">{title}</h2>{translated}
<div class="itemFullText">{body}<p>{signature}</p></div>
<div class="itemLinks"><div class="itemTagsBlock"><span>Site Categories</span>
<a href="/categories/water">Water</a> <a href="/categories/{office_slug}">{office}</a></div></div>
<div id="itemCommentsForm"><h3>Leave a comment</h3><p>HTML code is not allowed.</p></div>
</div></body></html>
"""


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("COMMUNIQUE_DATA_DIR", data_dir)
    os.environ["COMMUNIQUE_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def write_pages(folder: Path, count: int) -> int:
    from communique import calendar

    written = 0
    release = 0
    seqs: dict[tuple[str, int], int] = {}
    while written < count:
        office = OFFICES[release % len(OFFICES)]
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=(release * 3) % 3000)
        hijri = calendar.to_hijri(day)
        seq = seqs[(office, hijri.year)] = seqs.get((office, hijri.year), 0) + 1
        number = f"{hijri.year} / {seq:02}"
        wrong = release % 50 == 0
        written_hijri = calendar.HijriDate(1360, 1, 1) if wrong else hijri
        languages = ("en", "ru") if release % 3 == 0 else ("en",)
        for lang in languages:
            if written >= count:
                break
            title = f"Water project {release} opens in {office}"
            if lang == "ru":
                title = f"Водный проект {release} открыт: {office}"
            body = "".join(
                f"<p>Paragraph {n} of release {release}: clean water for village schools, "
                f"new pipes and a trained caretaker in every village.</p>"
                for n in range(6)
            )
            page = PAGE.format(
                lang="ru-ru" if lang == "ru" else "en-gb",
                title=title,
                office=office,
                office_slug=office.lower(),
                hijri_mark="Х." if lang == "ru" else "H.",
                hijri=calendar.format_hijri(written_hijri, lang),
                number=number,
                gregorian=("М. " if lang == "ru" else "M. ")
                + calendar.gregorian_line(day, lang).removeprefix("M. "),
                kind="Пресс-релиз" if lang == "ru" else "Press Release",
                translated='<div class="itemSubTitle">(Translated)</div>' if lang == "ru" else "",
                body=body,
                signature=f"Press Office of the Wellspring Relief Network in {office}",
            )
            path = folder / office.lower() / str(hijri.year) / f"{seq:03}-{lang}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            written += 1
        release += 1
    return release


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-import-") as scratch:
        setup_django(str(Path(scratch) / "data"))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        pages = Path(scratch) / "pages"
        started = time.perf_counter()
        releases = write_pages(pages, args.pages)
        print(
            f"generated {args.pages} pages of {releases} releases in "
            f"{time.perf_counter() - started:.1f} s"
        )

        usage = resource.getrusage(resource.RUSAGE_SELF)
        rss_before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        out = StringIO()
        started = time.perf_counter()
        call_command("import", "html", str(pages), stdout=out, stderr=StringIO())
        elapsed = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        rss_after, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before

        again = StringIO()
        started = time.perf_counter()
        call_command("import", "html", str(pages), stdout=again, stderr=StringIO())
        rerun = time.perf_counter() - started

        print(out.getvalue().strip().splitlines()[-1])
        print(
            f"import of {args.pages} pages: {elapsed:.1f} s "
            f"({args.pages / elapsed:.0f} pages/s, {1000 * elapsed / args.pages:.1f} ms a page)"
        )
        print(
            f"CPU time {cpu:.1f} s ({1000 * cpu / args.pages:.1f} ms a page; the rest of the "
            f"wall time is waiting for the disk or for a busy machine: load average "
            f"{os.getloadavg()[0]:.1f})"
        )
        print(
            f"peak resident memory {rss_after / 1024:.0f} MB "
            f"(before the import {rss_before / 1024:.0f} MB)"
        )
        print(f"re-run (every page skipped): {rerun:.1f} s")


if __name__ == "__main__":
    main()
