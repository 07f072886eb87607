"""orglint: lint the organization design of an e-commerce operation."""

__version__ = "0.1.0"
