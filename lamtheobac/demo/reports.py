"""The demo's report: the sơ kết of 5 years (2016 – 2020) of the demo district, as Huyện ủy Bạch Thông
numbered and dated it, waiting for the secretary's name. Built after the cycle and the activities, since
its draft is written from their figures."""

from __future__ import annotations

import datetime

from lamtheobac.organisation.models import Org
from lamtheobac.reports import services
from lamtheobac.reports.models import Report, ReportKind

from .data.bach_thong import ROOT_CODE

SUPERIOR = "ĐẢNG BỘ TỈNH BẮC KẠN"
NUMBER = "125-BC/HU"
PLACE = "Bạch Thông"
ISSUED_ON = datetime.date(2020, 11, 20)
YEARS = (2016, 2020)


def build(stdout=None) -> Report:
    """Create the demo district's draft sơ kết 2016 – 2020 (replacing an earlier demo one) and say so."""
    org = Org.objects.get(code=ROOT_CODE)
    first, last = YEARS
    Report.objects.filter(
        org=org, kind=ReportKind.INTERIM, year_from=first, year_to=last, number=NUMBER
    ).delete()
    header = services.report_defaults(org=org, kind=ReportKind.INTERIM, year_from=first, year_to=last)
    header.superior = SUPERIOR
    header.number = NUMBER
    header.place = PLACE
    header.issued_on = ISSUED_ON
    header.signer_name = ""
    report = services.report_create(  # the seed waits for its draft, whatever the size (no worker yet)
        actor=None,
        org=org,
        kind=ReportKind.INTERIM,
        year_from=first,
        year_to=last,
        header=header,
        queue=False,
    )
    if stdout is not None:
        stdout.write(
            f"  Báo cáo: dự thảo sơ kết {first} – {last} số {NUMBER} của {report.issuer} (mở tại /bao-cao/)."
        )
    return report
