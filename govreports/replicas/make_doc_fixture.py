"""Regenerate ``files/seed002.doc``: seed 002's report as a Word 97 file, the one replica file
that needs LibreOffice to make (``python -m govreports.replicas.make_doc_fixture``). Its text is
the fixed seed, so the committed file never drifts from the replica."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from govreports.parse.attachments import libreoffice
from govreports.replicas.content import seed_002_body
from govreports.replicas.documents import report_docx

FIXTURE = Path(__file__).with_name("files") / "seed002.doc"
TITLE = "高平市人民政府办公室2020年政府信息公开工作年度报告"


def main() -> None:
    program = libreoffice()
    if program is None:
        raise SystemExit("LibreOffice (soffice) is needed to write a .doc")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "seed002.docx"
        source.write_bytes(report_docx(TITLE, seed_002_body()))
        subprocess.run(
            [
                program,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "doc",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        FIXTURE.write_bytes((Path(folder) / "seed002.doc").read_bytes())
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
