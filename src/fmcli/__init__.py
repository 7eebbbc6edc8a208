"""fm: an offline command-line reference for foundation models."""

__version__ = "0.1.0"
