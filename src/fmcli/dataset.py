"""The bundled dataset's identity: bump when data/ changes."""

DATA_VERSION = "2026.11.2"
FACTS_CHECKED = "2026-11-24"
