#!/usr/bin/env python
"""Django's command-line utility for Kåring."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the environment now, to report it plainly
    except ImproperlyConfigured as error:
        # One line that names the variable, not Django's "Unknown command" with a traceback.
        hint = "For development, `make demo` writes var/dev.env (config/devenv.py)."
        sys.stderr.write(f"manage.py: {error} {hint}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
