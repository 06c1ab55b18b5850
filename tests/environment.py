"""A pytest plugin loaded before Django's settings (`-p tests.environment` in pyproject.toml).

The settings refuse to guess a data folder; `make test` names one, and a bare `pytest` gets
the same one here.
"""

import os

os.environ.setdefault("COMMUNIQUE_DATA_DIR", "var/test")
