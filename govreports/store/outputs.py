"""Files the commands write (exports, the overview page): never onto the store they read, never
onto any SQLite database, never left half-written.

A file is written beside its destination under a temporary name and renamed over it only when
complete, so a full disk or a Ctrl-C leaves the old file (or none), never a torn one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from govreports.store.store import is_sqlite_file

T = TypeVar("T")


class OutputError(Exception):
    """An output path that cannot or must not be written; the message says which and why."""


def checked_output(out: str | Path, store: str | Path | None = None) -> Path:
    """``out`` if it may be written; OutputError otherwise."""
    out = Path(out)
    if store is not None and out.exists() and Path(store).exists() and out.resolve() == Path(store).resolve():
        raise OutputError(f"{out} is the store being read; choose another output file")
    if out.is_dir():
        raise OutputError(f"{out} is a directory; give a file name")
    if is_sqlite_file(out):
        raise OutputError(f"{out} is an SQLite database; refusing to overwrite it")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise OutputError(f"{out} cannot be written (permission denied)")
    return out


def write_atomically(out: Path, write: Callable[[Path], T]) -> T:
    """``write(temporary path)``, then the temporary file renamed to ``out``; on any failure the
    temporary file is removed and ``out`` is as it was. OSError (a full disk) becomes OutputError."""
    temporary = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        result = write(temporary)
        os.replace(temporary, out)
        return result
    except OSError as exc:
        raise OutputError(f"{out} was not written: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
