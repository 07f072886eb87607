"""lint_bytes pauses the cycle collector while it works, and gives it back as it found it."""

from __future__ import annotations

import gc

import pytest

from tests.cliutil import ORG
from tests.helpers import lint_text


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert [f.code for f in lint_text(ORG, select=("CLR-06",))] == ["CLR-06"]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_comes_back_when_the_input_is_invalid() -> None:
    from orglint.errors import InputErrors

    assert gc.isenabled()
    with pytest.raises(InputErrors):
        lint_text("orglint: 1\nunits: [{id: a, parent: zz}]\n")
    assert gc.isenabled()
