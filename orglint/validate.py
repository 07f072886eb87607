"""bytes → a Document that is safe YAML, fits the schema and whose references resolve."""

from __future__ import annotations

from orglint.references import validate_references
from orglint.schema import validate_schema
from orglint.yamlload import Document, load_document


def load_and_validate(name: str, raw: bytes) -> Document:
    """What the pipeline calls: raises InputErrors for anything the later stages cannot use."""
    doc = load_document(name, raw)
    validate_schema(doc)
    validate_references(doc)  # after the schema: it relies on units being well-formed
    return doc
