"""Settings for the benchmark suite's web server: the application's own, with ``bench.urls`` (the
application's URLs plus two reference pages) as the URLconf. Nothing in the application imports this."""

from __future__ import annotations

from config.settings import *  # noqa: F403
from config.settings import ALLOWED_HOSTS

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost", "testserver"]
