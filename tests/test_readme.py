"""The README's two set-up commands, and CI running the same test command."""

import re

from conftest import REPO


def _setup_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.match(r"# geomap\n\n```sh\n(.*?)\n```", readme, re.S)
    assert block, "the README must open with its set-up commands"
    return block.group(1).splitlines()


def test_readme_opens_with_exactly_two_commands():
    build, test = _setup_commands()
    assert "pip install ." in build and "geomap build" in build
    assert "[test]" not in build  # building a map needs no test extras
    assert test.endswith("python3 -m pytest")


def test_ci_runs_the_readmes_test_command():
    _, test = _setup_commands()
    lines = [line for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines[-1] == test
