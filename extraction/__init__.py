"""Indicator extraction from Chinese budget filings (绩效目标表 / 绩效自评表).

>>> from extraction import extract
>>> records = extract("annotations/filings/001_af77a365bec559de.txt")  # doctest: +SKIP
"""
from .pipeline import extract
from .record import Record

__all__ = ["extract", "Record"]
