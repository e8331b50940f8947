"""Roster files as offices send them, built in the tests: numeric cells, formulas with their cached result,
text in the legacy font encodings, CSV."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from openpyxl import Workbook

from lamtheobac.lib import legacy


class Formula:
    """A cell holding a formula whose result Excel saved with it (openpyxl writes the formula only)."""

    def __init__(self, formula: str, result: object) -> None:
        self.formula, self.result = formula, result


def xlsx(header: list, rows: list[list], *, title: str = "Danh sách", above: list[list] = ()) -> bytes:
    """A workbook: ``above`` (a title block), the header, the rows; ``Formula`` cells get their result."""
    book = Workbook()
    ws = book.active
    ws.title = title
    for line in above:
        ws.append(line)
    ws.append(header)
    results = {}
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, Formula):
                results[value.formula] = value.result
                value = "=" + value.formula
            cells.append(value)
        ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return _with_results(out.getvalue(), results) if results else out.getvalue()


def _with_results(content: bytes, results: dict[str, object]) -> bytes:
    """The workbook with each formula's cached value written in, as Excel saves it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                for formula, result in results.items():
                    kind = "" if isinstance(result, int | float) else ' t="str"'
                    text = re.sub(
                        rf'(<c r="[A-Z]+[0-9]+")><f>{re.escape(formula)}</f><v\s*/?>(?:</v>)?',
                        rf"\1{kind}><f>{formula}</f><v>{result}</v>",
                        text,
                    )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def csv(header: list, rows: list[list]) -> bytes:
    lines = [",".join(str(v) for v in line) for line in [header, *rows]]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def in_legacy(text: str, encoding: str) -> str:
    """Unicode text as the old fonts store it (the inverse of the converter's table)."""
    table = legacy.TCVN3_TO_UNICODE if encoding == "tcvn3" else legacy.VNI_TO_UNICODE
    inverse = {u: code for code, u in table.items()}
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
