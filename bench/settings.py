"""The benchmark server's settings: the project's own, unchanged, with one more route, a
hello-world view (bench/urls.py) that measures what this project costs per request before any
work of its own: the ceiling every other figure is compared with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
