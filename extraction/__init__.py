"""Indicator extraction from Chinese budget filings."""
