"""The bundled dataset's identity: bump when data/ changes."""

DATA_VERSION = "2026.12.5"
FACTS_CHECKED = "2026-12-03"
# Organizations whose entries were last checked before FACTS_CHECKED, by the date of that check.
CHECKED_EARLIER = {
    "2026-11-24": ("baai", "bigscience", "black-forest-labs", "evolutionaryscale", "lmsys", "nomic-ai",
                   "stability-ai", "stanford"),
}
