"""``manage.py demo_logins``: print the demo logins that exist in the database (``make run`` calls it)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lamtheobac.accounts import two_factor
from lamtheobac.organisation.models import Role

from ...logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERNAMES

HEADERS = ("Tên đăng nhập", "Vai trò", "Tổ chức", "Họ và tên", "Mật khẩu")
_ROLE_ORDER = {role: i for i, role in enumerate(Role.values)}


class Command(BaseCommand):
    help = (
        "In danh sách tài khoản dùng thử có trong cơ sở dữ liệu (tên đăng nhập, vai trò, tổ chức, mật khẩu)."
    )

    def handle(self, *args, **options) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related("grants__org")
        }
        rows: list[tuple[str, ...]] = []
        second_step: list[str] = []
        # seed_demo gives every demo user the same hash: verify each distinct hash once (Argon2 is slow).
        opens: dict[str, bool] = {}
        for login in DEMO_LOGINS:
            user = users.get(login.username)
            if user is None:
                continue
            # Only vouch for the demo password while it still opens the account.
            if user.password not in opens:
                opens[user.password] = user.check_password(DEMO_PASSWORD)
            password = DEMO_PASSWORD if opens[user.password] else "(đã đổi)"
            if opens[user.password] and two_factor.required(user):
                second_step.append(_second_step(user))
            name = user.first_name or "—"
            by_org: dict[int, tuple[str, list[str]]] = {}
            for grant in sorted(user.grants.all(), key=lambda g: (g.org.path, _ROLE_ORDER[g.role])):
                by_org.setdefault(grant.org_id, (grant.org.name, []))[1].append(str(Role(grant.role).label))
            if not by_org:
                rows.append((login.username, "(chưa có vai trò)", "—", name, password))
            for i, (org_name, roles) in enumerate(by_org.values()):
                # A login with grants at several orgs takes one line per org; the name shows once.
                first = i == 0
                rows.append(
                    (
                        login.username if first else "",
                        ", ".join(roles),
                        org_name,
                        name if first else "",
                        password if first else "",
                    )
                )
        if not rows:
            self.stdout.write("Chưa có tài khoản dùng thử nào. Tạo bằng: python manage.py seed_demo")
            return
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu: {DEMO_PASSWORD})")
        self.stdout.write(_table(HEADERS, rows))
        for line in second_step:
            self.stdout.write(line)


def _second_step(user: User) -> str:
    """A demo admin must use two-factor sign-in: give it an authenticator and a few unused recovery codes
    (topped up on every run, so the demo always opens) and say how to get past the code page."""
    device = two_factor.authenticator(user)
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR, confirmed=True)
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)[:3])
    if len(codes) < 3:
        codes = two_factor.new_recovery_codes(user, log=False)[:3]
    shown = ", ".join(f"{c[:4]} {c[4:]}" for c in codes)
    return (
        f"\n{user.username} dùng xác thực hai lớp. Sau mật khẩu, nhập mã từ ứng dụng xác thực "
        f"(khóa: {two_factor.key_text(device)}) hoặc một mã dự phòng, mỗi mã một lần: {shown}"
    )


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Plain-text columns. Names are stored NFC, so one character is one column for Vietnamese."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    rule = "  ".join("-" * w for w in widths)
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join([lines[0], rule, *lines[1:]])
