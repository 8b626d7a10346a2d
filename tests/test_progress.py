"""The progress bar: drawn for large input on a terminal, silent otherwise."""

import io

from geomap.progress import LARGE_INPUT_BYTES, Stages


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_draws_each_stage_and_ends_the_line():
    out = Terminal()
    stages = Stages(("loading", "resolving", "writing"), enabled=True, stream=out)
    stages.stage("resolving", "100,000 strikes")
    stages.finish()
    text = out.getvalue()
    assert "[######--------------] 2/3 resolving (100,000 strikes)" in text
    assert "[####################] 3/3 done" in text and text.endswith("\n")


def test_bar_is_silent_when_disabled():
    out = Terminal()
    stages = Stages(("loading",), enabled=False, stream=out)
    stages.stage("loading")
    stages.finish()
    assert out.getvalue() == ""


def test_bar_only_for_large_input_on_a_terminal_without_quiet(monkeypatch):
    monkeypatch.setattr("sys.stderr", Terminal())
    assert Stages.for_input(("a",), LARGE_INPUT_BYTES, quiet=False).enabled
    assert not Stages.for_input(("a",), LARGE_INPUT_BYTES, quiet=True).enabled
    assert not Stages.for_input(("a",), LARGE_INPUT_BYTES - 1, quiet=False).enabled
    monkeypatch.setattr("sys.stderr", io.StringIO())  # a pipe or a file: never
    assert not Stages.for_input(("a",), LARGE_INPUT_BYTES * 100, quiet=False).enabled
