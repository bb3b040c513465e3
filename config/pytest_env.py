"""Loaded by pytest (``-p config.pytest_env``) before Django's settings are read.

Tests run with development defaults: a throwaway secret key, no HTTPS redirect, static files
from the finders. pytest-django still runs every test with ``DEBUG = False``.
"""

import os

# A developer's var/dev.env (config/devenv.py) must not change what a test sees.
os.environ.setdefault("KAARING_ENV_FILE", "")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")
