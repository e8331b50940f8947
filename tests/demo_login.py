"""Signing in to the demo as a person does: the password, and for the demo admin (who must use two-factor
sign-in) one of the recovery codes ``demo_logins`` prints, as ``make run`` shows them."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.urls import reverse

from lamtheobac.demo.logins import DEMO_PASSWORD


def demo_sign_in(client, username: str):
    """The response after signing in (redirects followed), past the code page when one is asked for."""
    printed = io.StringIO()
    call_command("demo_logins", stdout=printed)
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    if response.redirect_chain and response.redirect_chain[-1][0].startswith(
        reverse("accounts:two-factor-verify")
    ):
        line = next(
            ln for ln in printed.getvalue().splitlines() if ln.startswith(f"{username} dùng xác thực")
        )
        code = re.findall(r"\b\d{4} \d{4}\b", line)[0]
        response = client.post(
            reverse("accounts:two-factor-verify"), {"code": code, "next": "/"}, follow=True
        )
    return response
