"""The people of the deadline rush, for Locust (``bench/rush.py`` runs ``locust -f bench/rush_users.py``).

Three kinds of user, each one visit after another, one request at a time with a think time between
(uniform in ``RUSH_THINK``, seconds: ``5,20`` by the model), every request counted by Locust (redirects are not
followed: the page a redirect points to is a request of its own, as the server sees it):

- a member (10–20 requests): the sign-in page, sign in, home, the own commitment, then one to three times
  (the form, save, the record), then the form once more and save and submit, the record, home, sign out;
- a cell secretary (8–14): sign in, home, the approval queue, then for up to three waiting commitments of the
  cell (open it, approve it, the queue again), sign out; with none waiting, the cell's dashboard instead;
- an officer (10): sign in, home, the dashboard of the own org and of one of its child orgs, the people
  list, the records list, the lagging list, the dashboard again, sign out.

The accounts (made by ``bench/rush.py``) are read from the JSON file named by ``RUSH_ACCOUNTS``; each
visit takes the next account of its kind, so that two users never write the same record at once. The
share of each kind among the users comes from ``RUSH_WEIGHTS`` (``member,secretary,officer``).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, LoadTestShape, events, task

PASSWORD = "bench-mat-khau-2026"  # bench/suite.py's PASSWORD: every account the benchmarks make has it
ACCOUNTS = json.loads(open(os.environ["RUSH_ACCOUNTS"]).read()) if os.environ.get("RUSH_ACCOUNTS") else {}
THINK = tuple(float(x) for x in os.environ.get("RUSH_THINK", "5,20").split(","))
WEIGHTS = [int(x) for x in os.environ.get("RUSH_WEIGHTS", "80,12,8").split(",")]
POOLS = {kind: itertools.cycle(rows) for kind, rows in ACCOUNTS.items() if rows}
# the staircase: user counts, each held ``RUSH_STEP_SECONDS``, users never stopped between two steps (their
# visits go on); every request's end, name, time and outcome written to ``RUSH_LOG``
STAIRS = [int(x) for x in os.environ.get("RUSH_STAIRS", "").split(",") if x]
STEP_SECONDS = float(os.environ.get("RUSH_STEP_SECONDS", "60"))
LOG = open(os.environ["RUSH_LOG"], "a", buffering=1) if os.environ.get("RUSH_LOG") else None


@events.request.add_listener
def _log(request_type, name, response_time, exception, **kwargs) -> None:
    if LOG:
        LOG.write(f"{time.time():.3f}\t{name}\t{response_time:.1f}\t{0 if exception else 1}\n")


@events.test_start.add_listener
def _started(environment, **kwargs) -> None:
    if LOG:
        LOG.write(f"{time.time():.3f}\tstart\t0\t1\n")


if STAIRS:

    class Stairs(LoadTestShape):
        def tick(self):
            step = int(self.get_run_time() // STEP_SECONDS)
            if step >= len(STAIRS):
                return None
            return STAIRS[step], max(1, STAIRS[step] / 5)  # the step's new users arrive within 5 s


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


class Person(HttpUser):
    abstract = True
    kind = ""

    def wait_time(self) -> float:
        return random.uniform(*THINK)

    def think(self) -> None:
        self.wait()

    def on_start(self) -> None:  # arrive at a random moment of a think time, not all at once
        self._sleep(random.uniform(0, THINK[1]))

    def _sleep(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)

    def hit(self, method: str, path: str, name: str, data: dict | None = None, ok=(200,)) -> str:
        with self.client.request(
            method, path, name=name, data=data, allow_redirects=False, catch_response=True,
            headers={"Referer": self.host + path} if data is not None else None,
        ) as response:  # fmt: skip
            if response.status_code in ok:
                response.success()
            else:
                response.failure(
                    type(response.error).__name__ if response.error else f"status {response.status_code}"
                )
            return response.text or ""

    def post(self, path: str, name: str, form: dict, page: str, ok=(302,)) -> str:
        found = CSRF.search(page)
        return self.hit(
            "POST", path, name, {"csrfmiddlewaretoken": found.group(1) if found else "", **form}, ok
        )

    def sign_in(self, account: dict) -> bool:
        self.client.cookies.clear()
        page = self.hit("GET", "/tai-khoan/dang-nhap/", "sign-in page")
        self.think()
        self.post("/tai-khoan/dang-nhap/", "sign in", {"username": account["username"], "password": PASSWORD},
                  page)  # fmt: skip
        self.think()
        return "sessionid" in self.client.cookies

    def sign_out(self, page: str) -> None:
        self.post("/tai-khoan/dang-xuat/", "sign out", {}, page)

    @task
    def visit(self) -> None:
        account = next(POOLS[self.kind])
        if self.sign_in(account):
            getattr(self, self.kind)(account)


class Member(Person):
    kind = "member"
    weight = WEIGHTS[0]

    def member(self, account: dict) -> None:
        self.hit("GET", "/", "home")
        self.think()
        self.hit("GET", "/cam-ket/", "own commitment", ok=(200, 302))
        self.think()
        record, edit = f"/ho-so/{account['record']}/", f"/ho-so/{account['record']}/sua/"
        edits = random.randint(1, 3)
        for n in range(edits + 1):
            form = self.hit("GET", edit, "commitment form", ok=(200, 302))
            self.think()
            version = VERSION.search(form)
            if version is None:  # submitted already (an account met again): read it and leave
                break
            rows: dict = {"version": version.group(1), "row": ["a", "b", "c"]}
            texts = ("Đọc {n} cuốn sách về Bác trong năm", "Đi làm đúng giờ, không muộn buổi nào",
                     "Tiếp công dân sáng thứ Năm hằng tuần, lần sửa {n}")  # fmt: skip
            for uid, text in zip("abc", texts, strict=True):
                rows[f"action-{uid}"] = text.format(n=n + 1)
                rows[f"target-{uid}"] = "Cả năm"
            if n == edits:
                rows["then"] = "submit"
            self.post(edit, "save and submit" if n == edits else "save", rows, form)
            self.think()
            page = self.hit("GET", record, "record")
            self.think()
        page = self.hit("GET", "/", "home")
        self.think()
        self.sign_out(page)


class Secretary(Person):
    kind = "secretary"
    weight = WEIGHTS[1]

    def secretary(self, account: dict) -> None:
        self.hit("GET", "/", "home")
        self.think()
        queue = self.hit("GET", "/duyet/", "approval queue")
        self.think()
        mine = set(account["approves"])
        waiting = [int(pk) for pk in re.findall(r'href="/ho-so/(\d+)/"', queue) if int(pk) in mine]
        if not waiting:
            queue = self.hit("GET", f"/thong-ke/?org={account['org']}", "dashboard")
            self.think()
        for pk in random.sample(waiting, min(3, len(waiting))):
            page = self.hit("GET", f"/ho-so/{pk}/", "record to approve")
            self.think()
            if f"/ho-so/{pk}/duyet/" in page:
                self.post(f"/ho-so/{pk}/duyet/", "approve", {}, page)
                self.think()
            queue = self.hit("GET", "/duyet/", "approval queue")
            self.think()
        self.sign_out(queue)


class Officer(Person):
    kind = "officer"
    weight = WEIGHTS[2]

    def officer(self, account: dict) -> None:
        self.hit("GET", "/", "home")
        self.think()
        for path, name in (
            (f"/thong-ke/?org={account['org']}", "dashboard"),
            (f"/thong-ke/?org={random.choice(account['children'] or [account['org']])}", "dashboard"),
            (f"/ca-nhan/?org={account['org']}", "people list"),
            (f"/ho-so/?org={account['org']}", "records list"),
            ("/cham-tien-do/", "lagging list"),
        ):
            page = self.hit("GET", path, name)
            self.think()
        page = self.hit("GET", f"/thong-ke/?org={account['org']}", "dashboard")
        self.think()
        self.sign_out(page)
