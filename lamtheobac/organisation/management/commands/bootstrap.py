"""``manage.py bootstrap``: the first step of a real deployment.

Creates the top organisation (if it does not exist yet) and makes an existing account its administrator,
since authority comes only from role grants. Run it once after ``migrate`` and ``createsuperuser``.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ... import services
from ...models import Org, OrgKind, Role, RoleGrant


class Command(BaseCommand):
    help = "Tạo tổ chức cấp cao nhất và cấp quyền quản trị hệ thống cho một tài khoản đã có."

    def add_arguments(self, parser):
        parser.add_argument("--org-code", required=True, help="Mã tổ chức cấp cao nhất, ví dụ TU-BK.")
        parser.add_argument("--org-name", help="Tên tổ chức, ví dụ “Đảng bộ tỉnh Bắc Kạn” (khi tạo mới).")
        parser.add_argument(
            "--org-kind",
            default=OrgKind.PROVINCE_COMMITTEE,
            choices=OrgKind.values,
            help="Loại tổ chức (mặc định province_committee).",
        )
        parser.add_argument("--admin", required=True, help="Tên đăng nhập sẽ được cấp quyền quản trị.")

    @transaction.atomic
    def handle(self, *args, org_code, org_name, org_kind, admin, **options):
        user = User.objects.filter(username=admin).first()
        if user is None:
            raise CommandError(
                f"Không có tài khoản “{admin}”; hãy tạo bằng “manage.py createsuperuser” trước."
            )
        org = Org.objects.filter(code__iexact=org_code).first()
        if org is None:
            if not org_name:
                raise CommandError("Chưa có tổ chức mã này; hãy cho biết tên bằng --org-name.")
            try:
                org = services.org_create(
                    actor=user, parent=None, kind=org_kind, name=org_name, code=org_code
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"Đã tạo tổ chức “{org.name}” (mã {org.code}).")
        elif org.parent_id is not None:
            raise CommandError(f"“{org.name}” không phải tổ chức cấp cao nhất.")
        if not RoleGrant.objects.filter(user=user, org=org, role=Role.ADMIN).exists():
            services.grant_create(actor=user, user=user, org=org, role=Role.ADMIN)
        self.stdout.write(f"“{user.username}” là quản trị hệ thống tại “{org.name}”.")
