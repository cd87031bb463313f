"""armswatch: news reports about international arms deals turned into provenance-backed deal records."""

__version__ = "0.1.0"
