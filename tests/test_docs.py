"""The docs keep up with the command line and the README's Quick start."""

import re

from click.testing import CliRunner
from conftest import ROOT

from storyline.cli import main


def test_every_option_and_benchmark_is_documented():
    from storyline.eval import BENCHMARKS

    doc = (ROOT / "docs" / "cli.md").read_text()
    for name, command in main.commands.items():  # every command and subcommand
        for sub in getattr(command, "commands", {None: command}).values():
            for param in sub.params:
                for opt in getattr(param, "opts", []):
                    if opt.startswith("--"):
                        assert f"`{opt}" in doc or f", {opt}" in doc or f"[{opt}" in doc, \
                            f"{name} {opt} is missing from docs/cli.md"
    for benchmark in BENCHMARKS:
        assert f"| `{benchmark}` |" in doc, f"benchmark {benchmark} is missing from docs/cli.md"
        assert benchmark in main.commands["eval"].help, f"benchmark {benchmark} is missing from eval --help"


def test_every_command_has_help():
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and command.help, name


def test_quick_start_has_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)$", section, re.M)
    assert commands == ["make demo", "make test"]
