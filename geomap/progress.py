"""A one-line progress bar over a command's stages (loading, resolving, rendering, writing).

Shown on standard error only when it is a terminal, the input is large and
``--quiet`` is not given, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Inputs smaller than this build in a blink; no bar for them.
LARGE_INPUT_BYTES = 1_000_000


class Stages:
    """Draws ``[####----] 2/4 resolving places (12.3 s)`` as each stage starts."""

    def __init__(self, names: tuple[str, ...], *, enabled: bool, stream: TextIO | None = None):
        self.names = names
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.index = 0

    @classmethod
    def for_input(cls, names: tuple[str, ...], size: int, *, quiet: bool) -> "Stages":
        stream = sys.stderr
        return cls(names, enabled=(not quiet and size >= LARGE_INPUT_BYTES and stream.isatty()), stream=stream)

    def stage(self, name: str, detail: str = "") -> None:
        """Mark the start of stage ``name``."""
        if name in self.names:
            self.index = self.names.index(name)
        self._draw(name + (f" ({detail})" if detail else ""))

    def finish(self) -> None:
        self.index = len(self.names)
        self._draw("done")
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, text: str) -> None:
        if not self.enabled:
            return
        width = 20
        filled = width * self.index // max(len(self.names), 1)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'-' * (width - filled)}] {min(self.index + 1, len(self.names))}/"
            f"{len(self.names)} {text} {elapsed:.1f}s\x1b[K"
        )
        self.stream.flush()


def silent(names: tuple[str, ...] = ()) -> Stages:
    """A progress reporter that shows nothing."""
    return Stages(names, enabled=False)
