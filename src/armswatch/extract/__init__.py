"""Extraction: article → deal mentions with spans (gazetteers, money, quantities, status cues, roles)."""

from .pipeline import VERSION, Extractor

__all__ = ["VERSION", "Extractor"]
