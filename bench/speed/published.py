"""Published files of a benchmark site, through the publishing app (`communique.publishing`).

Run inside a site's environment: `python bench/speed/published.py PATH...` renders those
addresses into the site's published folder, as the worker does after a change, and prints
one line of JSON naming the folder.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speed.generate import setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    setup_django()
    from communique.publishing import conf, files, services

    report = services.paths_publish(args.paths)
    folder = conf.published_dir()
    print(
        json.dumps(
            {
                "folder": str(folder),
                "files": [str(folder / files.file_for(path)) for path in args.paths],
                "written": report.written,
            }
        )
    )


if __name__ == "__main__":
    main()
