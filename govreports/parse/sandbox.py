"""Attachment extraction in a child process held to the limits' time and memory.

A hostile file can make a parser inflate a gigabyte or loop for minutes, and no check inside
pdfminer or lxml can promise otherwise. So a file is read by ``python -m govreports.parse.sandbox``, a
child whose address space is capped (``Limits.memory``) and which is killed after
``Limits.seconds``: whatever the file does, the crawl (or ``govreports parse``) gets an
``Extracted`` back, at worst one flagged ``attachment_too_large`` or ``attachment_timeout``. The
crawl awaits the child without blocking its event loop.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import subprocess
import sys

from govreports.parse.attachments import Extracted, extract, sniff
from govreports.parse.limits import LIMITS, Limits

_SLACK = 5.0  # seconds beyond the limit for the child's own start and its reply


def _command(limits: Limits) -> list[str]:
    return [sys.executable, "-m", "govreports.parse.sandbox", json.dumps(dataclasses.asdict(limits))]


def _outcome(body: bytes, returncode: int | None, stdout: bytes, stderr: bytes) -> Extracted:
    if returncode == 0:
        try:
            data = json.loads(stdout)
            return Extracted(data["media_type"], data["blocks"], data["pages"], data["warnings"])
        except (ValueError, KeyError, TypeError):
            pass
    # Out of memory shows as a MemoryError, or as the kernel's SIGKILL/SIGSEGV.
    memory = b"MemoryError" in stderr or (returncode or 0) < 0
    return Extracted(sniff(body), warnings=["attachment_too_large" if memory else "attachment_corrupt"])


def extract_contained(body: bytes, limits: Limits = LIMITS) -> Extracted:
    """``attachments.extract`` in a child process held to ``limits``."""
    try:
        done = subprocess.run(
            _command(limits), input=body, capture_output=True, timeout=limits.seconds + _SLACK, check=False
        )
    except subprocess.TimeoutExpired:
        return Extracted(sniff(body), warnings=["attachment_timeout"])
    return _outcome(body, done.returncode, done.stdout, done.stderr)


async def extract_contained_async(body: bytes, limits: Limits = LIMITS) -> Extracted:
    """The same, awaited on the crawl's event loop."""
    child = await asyncio.create_subprocess_exec(
        *_command(limits), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        stdout, stderr = await asyncio.wait_for(child.communicate(body), limits.seconds + _SLACK)
    except TimeoutError:
        child.kill()
        await child.wait()
        return Extracted(sniff(body), warnings=["attachment_timeout"])
    return _outcome(body, child.returncode, stdout, stderr)


def _main(limits: Limits) -> int:
    import resource

    # A soft limit: the LibreOffice a DOC goes through lifts it for itself (see attachments).
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, hard))
    body = sys.stdin.buffer.read()
    try:
        extracted = extract(body, limits)
    except MemoryError:
        extracted = Extracted(sniff(body), warnings=["attachment_too_large"])
    # A C extension that runs out of memory may fail with any error: one that struck while the
    # child held most of what it may use is the file's size, not its damage.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if "attachment_corrupt" in extracted.warnings and peak > 0.8 * limits.memory:
        extracted.warnings = [w if w != "attachment_corrupt" else "attachment_too_large" for w in extracted.warnings]
    payload = {
        "media_type": extracted.media_type,
        "blocks": extracted.blocks,
        "pages": extracted.pages,
        "warnings": extracted.warnings,
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_main(Limits(**json.loads(sys.argv[1]))))
