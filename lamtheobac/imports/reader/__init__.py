"""Reading a roster file as people really send it: .xlsx or .csv, a title block above the header, headers in
any letter case or broken over two lines, empty trailing rows, several sheets.

The file is judged by its bytes, not its name. What cannot be read is refused with ``ReadError`` and a
Vietnamese message that says what to do: an old .xls or a password-protected workbook is to be saved again
as .xlsx from Excel or LibreOffice; a program renamed .xlsx, a damaged file, a file over the size limit or a
sheet with hundreds of columns is refused outright.

A workbook is a zip archive, and 1 MB of it can unpack to gigabytes of XML that openpyxl would turn into
objects (a worker went from 163 MB to 1.95 GB on an 827 KB file). Before openpyxl opens one, every part is
unpacked once through a bounded stream — its declared size is not trusted — and the file is refused when
the whole passes ``IMPORT_MAX_UNZIPPED_BYTES``, when a part unpacks to more than ``IMPORT_MAX_ZIP_RATIO``
times its compressed size, when the shared strings (which openpyxl holds in memory whole) pass
``IMPORT_MAX_SHARED_STRINGS`` or a part openpyxl reads whole passes ``WHOLE_PART_BYTES``. A sheet's rows
and cells are capped as it declares them and again as they are read (``IMPORT_MAX_ROWS``,
``IMPORT_MAX_CELLS``), and a CSV file by ``IMPORT_MAX_CSV_BYTES``.

A package because the module passed 600 lines: ``files`` (what the bytes are, the archive's bounds, the rows
of a sheet) and ``table`` (the header, the rows under it, the notes). The rest of the app imports what is
re-exported here.
"""

from .files import (
    ERR_CSV_TOO_BIG,
    ERR_DAMAGED,
    ERR_PACKED_TOO_TIGHT,
    ERR_TOO_MANY_CELLS,
    ERR_TOO_MANY_ROWS,
    ERR_TOO_MANY_STRINGS,
    ERR_UNPACKS_TOO_BIG,
    MAX_BYTES,
    ReadError,
    kind_of,
    sheet_names,
)
from .table import (
    NOTE_AFTER_TABLE,
    NOTE_COLUMN_IGNORED,
    NOTE_COLUMN_READ_AS,
    NOTE_COLUMN_REPEATED,
    NOTE_PLACE_DATE,
    NOTE_ROW_UNICODE,
    NOTE_SIGNATURE,
    NOTE_TOTAL_ROW,
    Table,
    data_rows,
    is_example,
    read,
)

__all__ = [
    "ERR_CSV_TOO_BIG",
    "ERR_DAMAGED",
    "ERR_PACKED_TOO_TIGHT",
    "ERR_TOO_MANY_CELLS",
    "ERR_TOO_MANY_ROWS",
    "ERR_TOO_MANY_STRINGS",
    "ERR_UNPACKS_TOO_BIG",
    "MAX_BYTES",
    "NOTE_AFTER_TABLE",
    "NOTE_COLUMN_IGNORED",
    "NOTE_COLUMN_READ_AS",
    "NOTE_COLUMN_REPEATED",
    "NOTE_PLACE_DATE",
    "NOTE_ROW_UNICODE",
    "NOTE_SIGNATURE",
    "NOTE_TOTAL_ROW",
    "ReadError",
    "Table",
    "data_rows",
    "is_example",
    "kind_of",
    "read",
    "sheet_names",
]
