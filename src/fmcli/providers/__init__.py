"""Public provider catalogs (models.dev, OpenRouter, LiteLLM): their prices and limits, imported
as dated snapshots in the user's data folder and joined to fm's entries.

What a catalog says is never one of fm's sourced facts: every number carries the catalog's name
and the snapshot's date, and is shown as "not checked by fm".
"""

from __future__ import annotations

# Catalog name -> the module that parses its file, and the public address `fm update` reads.
SOURCES = {
    "models.dev": ("modelsdev", "https://models.dev/api.json"),
    "openrouter": ("openrouter", "https://openrouter.ai/api/v1/models"),
    "litellm": ("litellm",
                "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"),
}
