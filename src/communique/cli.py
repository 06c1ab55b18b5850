"""The `communique` command: Django's management commands under the product's name."""

import os
import sys


def main() -> None:
    """Run a management command (`communique serve`, `communique demo`, `communique migrate`...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
    # Django is imported once the settings module is named (it reads it at import).
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "communique"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A missing or wrong setting is the operator's to fix: one clear line, not a traceback.
        sys.stderr.write(f"communique: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
