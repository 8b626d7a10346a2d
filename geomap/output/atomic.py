"""Write output files whole or not at all.

A map or export is written to a temporary file in the same folder and renamed
over the target only once it is complete, so an interrupted or failed run
leaves the previous file exactly as it was (a rename within one folder is
atomic on POSIX and Windows).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import stat
import time
import sys
import tempfile
from pathlib import Path
from typing import Iterable


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-based mode."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path | str, text: str | Iterable[str]) -> None:
    """Write ``text`` (UTF-8; a string, or pieces of one) to ``path``, replacing it only when fully written.

    Given pieces, each is written as it comes, so an export never holds the
    whole document in memory.
    ``-`` writes to standard output instead.  A target that exists and is not
    a regular file (``/dev/null``, a named pipe) is written to directly:
    renaming over it would replace the device with a file.
    """
    pieces = (text,) if isinstance(text, str) else text
    if str(path) == "-":
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    # Through a symlink, the file it points to is replaced and the link kept.
    target = Path(os.path.realpath(path))
    try:
        special = not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            for piece in pieces:
                handle.write(piece)
        return
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(target)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f"{_temp_prefix(target)}{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        # Name the file the user asked for, not the temporary one.
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for piece in pieces:
                handle.write(piece)
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


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete the temporary files a killed run left beside ``target``; return them.

    Each temporary file's name carries the id of the process writing it
    (``.map.html.4711.x8f2.tmp``); one whose process is gone was left by a
    run that was killed, and a running one's is left alone.
    """
    removed = []
    prefix = _temp_prefix(target)
    for leftover in target.parent.glob(f"{glob.escape(prefix)}*.tmp"):
        pid_text = leftover.name[len(prefix):].split(".", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            try:
                if leftover.is_dir():  # a killed merge's checking folder
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
                removed.append(leftover)
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process: never probe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or unknown: keep its file
    return True


@contextlib.contextmanager
def locked(target: Path | str, *, wait_s: float = 60.0):
    """Hold an exclusive lock on ``target`` for a whole read-check-write.

    The lock is a file beside the target's real file (``.strikes.csv.lock``),
    locked with ``flock``; the target itself is replaced by rename, so it
    could not hold a lock.  A second holder waits up to ``wait_s`` seconds,
    then gets an ``OSError`` saying who to wait for.  Where ``fcntl`` is
    missing (Windows) no lock is taken.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    real = Path(os.path.realpath(target))
    lock_path = real.parent / f".{real.name}.lock"
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OSError(f"{target}: another geomap run has held it for {wait_s:.0f} s "
                                  f"(lock {lock_path}); try again when it has finished") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
