"""The small fixed vocabularies of the data schema, listed once."""

CATEGORIES = (
    "core", "architecture", "training", "adaptation", "inference-deployment", "evaluation",
    "safety-alignment", "data", "economics-ecosystem", "multimodal",
)
LEVELS = ("beginner", "intermediate", "advanced")
MODEL_KINDS = ("family", "model", "variant")
MODALITIES = (
    "text", "image", "audio", "video", "embedding", "mask", "protein-sequence", "protein-structure",
)
# Facts a model states and a source must support.
FACT_FIELDS = (
    "release", "open_weights", "license", "parameters", "context_window", "modality",
    "training_tokens", "knowledge_cutoff", "architecture", "based_on",
)
UNDISCLOSED = "undisclosed"
NOT_APPLICABLE = "n/a"
