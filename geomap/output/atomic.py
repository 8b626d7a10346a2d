"""Write output files whole or not at all.

A map or export is written to a temporary file in the same folder and renamed
over the target only once it is complete, so an interrupted or failed run
leaves the previous file exactly as it was (a rename within one folder is
atomic on POSIX and Windows).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-based mode."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, replacing it only when fully written.

    ``-`` writes to standard output instead.  A target that exists and is not
    a regular file (``/dev/null``, a named pipe) is written to directly:
    renaming over it would replace the device with a file.
    """
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        special = not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        # Name the file the user asked for, not the temporary one.
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, _mode_for(target))
        os.replace(temp_name, target)
    except BaseException:
        # Whatever stopped us (an error, Ctrl-C), the target is untouched.
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
