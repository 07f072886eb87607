from tests.cliutil import repo
from tests.orgsamples import both_parsers

__all__ = ["both_parsers", "repo"]
