"""One resource policy for untrusted input: what one fetched page or file may cost.

Everything a crawl reads comes from servers we do not control, and a report is small: a page of
a few hundred KB, a PDF of 10–40 pages, a workbook of a few hundred cells. Past these limits the
input is not a report but debris or an attack, and it is cut off with a flag on the record —
never an exception, never a crawl stalled or killed:

- ``decompressed_bytes``: everything inflated from one file (the XML parts of a DOCX/XLSX);
- ``cells``: table cells of one file or page, counted as they are present, never sized by the
  furthest reference or merge (``table_too_large``);
- ``pages``: pages of one PDF, applied before any page is built (``attachment_pages_truncated:N``);
- ``seconds`` and ``memory``: one file's extraction runs in a child process held to this wall time
  and address space (``attachment_timeout``, ``attachment_too_large``);
- ``page_bytes``: the HTML of one page that is parsed (``page_too_large``);
- ``file_bytes``: a local file ``govreports parse`` reads (larger is refused with a message).
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    decompressed_bytes: int = 64 * MIB
    cells: int = 200_000
    pages: int = 200
    seconds: float = 30.0
    memory: int = 512 * MIB
    page_bytes: int = 8 * MIB
    file_bytes: int = 64 * MIB


LIMITS = Limits()
