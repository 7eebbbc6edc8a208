"""The small fixed vocabularies of the data schema, listed once."""

from __future__ import annotations

from collections.abc import Mapping

CATEGORIES = (
    "core", "architecture", "training", "adaptation", "inference-deployment", "evaluation",
    "safety-alignment", "data", "economics-ecosystem", "multimodal", "agents-tools", "policy-governance",
)
LEVELS = ("beginner", "intermediate", "advanced")
MODEL_KINDS = ("family", "model", "variant")
# Beyond media: `3d` (meshes, point clouds, scenes), `action` (a robot's motor commands), `dna` and
# `rna` sequences, `molecule` (small molecules and ligands), `material` (crystal structures),
# `weather` (gridded atmospheric state), `time-series` (numeric series to forecast), `score` (a
# relevance score, as a reranker returns for a query and a document).
MODALITIES = (
    "text", "image", "audio", "video", "embedding", "mask", "protein-sequence", "protein-structure",
    "3d", "action", "dna", "rna", "molecule", "material", "weather", "time-series", "score",
)
# What a model offers beyond plain generation: a thinking mode, function calling, schema-constrained
# JSON, fine-tuning offered by the developer, operating a computer, searching the web.
CAPABILITIES = ("reasoning", "tool-use", "structured-output", "fine-tuning", "computer-use", "web-search")
# Facts a model states and a source must support.
FACT_FIELDS = (
    "release", "announced", "open_weights", "license", "parameters", "context_window", "max_output_tokens",
    "modality", "capabilities", "training_tokens", "knowledge_cutoff", "architecture", "based_on",
    "deprecated", "retired", "weights",
)
# Facts a variant does not take from its parent: a size's weights are its own repository.
NOT_INHERITED = ("weights",)
UNDISCLOSED = "undisclosed"
NOT_APPLICABLE = "n/a"
UNRELEASED = "unreleased"


def release_date(facts: Mapping) -> str | None:
    """Where a model stands in time: its release date, or for one never released its announcement
    (None when neither is a date, as for `release: undisclosed`)."""
    release = facts.get("release")
    if release == UNRELEASED:
        release = facts.get("announced")
    return release if isinstance(release, str) and release[:1].isdigit() else None


# Choices of command-line options, listed once for checking and for shell completion.
SORT_KEYS = ("name", "release", "parameters", "context")
FORMATS = ("table", "json", "yaml", "csv", "markdown")
LISTINGS = ("terms", "models", "orgs", "all")
SEARCH_KINDS = ("term", "model", "organization", "family", "variant")
