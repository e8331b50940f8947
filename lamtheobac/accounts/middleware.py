"""Sessions that expire after inactivity without a database write on every request."""

from __future__ import annotations

import time

SEEN = "_seen"  # when the session was last written back (epoch seconds)
EVERY = 60  # seconds: how stale the recorded activity may get


class SlidingSession:
    """Write a signed-in session back (and so push its expiry ``SESSION_COOKIE_AGE`` further) at most once a
    minute while it is used: an idle session still ends ``SESSION_COOKIE_AGE`` after its last use (to the
    minute), and the other requests save a database write each (``SESSION_SAVE_EVERY_REQUEST`` wrote
    every time). Sits after ``SessionMiddleware``, which saves the session when it was modified."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(SEEN, 0) >= EVERY:
                session[SEEN] = now
        return response
