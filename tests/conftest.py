from tests.cliutil import repo

__all__ = ["repo"]
