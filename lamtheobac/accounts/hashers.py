"""How passwords are stored: Argon2id with the OWASP Password Storage Cheat Sheet's configuration (19 MiB of
memory, 2 iterations, 1 degree of parallelism) instead of Django's (100 MiB, 2, 8).

Django's parameters spread one check over 8 threads: on the 2-core server a commune or district runs on, a
sign-in took 124 ms and 213 ms of processor time, so 200 secretaries signing in at the start of a meeting kept
both cores busy for about 40 s and everything else waited. These take 23 ms of one core. A stored password
made with other parameters is rehashed with these the next time its owner signs in (Django does it).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2id(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
