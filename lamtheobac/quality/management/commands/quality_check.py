"""``manage.py quality_check``: judge a whole column of actions at once.

Reads one action per line on standard input (UTF-8; a blank line is an empty action, so output line N
always answers input line N) and prints one JSON object per line::

    {"text": …, "vague": true|false, "reasons": […], "suggestion": … or null, "boilerplate": […]}
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from lamtheobac.lib.text import clean
from lamtheobac.quality.checks import line_report


class Command(BaseCommand):
    help = "Kiểm tra một cột việc làm (mỗi dòng một việc) xem đã cụ thể chưa; in mỗi dòng một đối tượng JSON."

    def handle(self, *args, **options) -> None:
        stdin = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
        for raw in stdin:
            line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
            report = line_report(clean(line.lstrip("\ufeff")))
            self.stdout.write(json.dumps(report, ensure_ascii=False))
