"""Moved: the project lookup is part of the document's structure (``extraction.structure.projects``)."""
from ..structure.projects import Projects

__all__ = ["Projects"]
