"""A newcomer following the README's suggest → write → check walkthrough gets the same output."""

from __future__ import annotations

from functools import cache

from tests.walkthrough import COMMANDS, readme_block, transcript

printed = cache(transcript)


def test_readme_walkthrough_is_what_the_commands_print() -> None:
    assert readme_block() == printed()


def test_walkthrough_goes_suggest_write_check() -> None:
    verbs = [c.split()[1] for c in COMMANDS if c.startswith("orglint")]
    assert verbs.index("suggest") < verbs.index("check")
    assert any("--write" in c for c in COMMANDS) and any("--diff" in c for c in COMMANDS)
    assert "All checks passed" in printed()  # the starter file passes its own check
