"""OpenRouter `/api/v1/models`: {"data": [{"id": "vendor/model", "pricing": {"prompt", "completion",
"input_cache_read"} (USD per token, as strings), "context_length", "top_provider":
{"max_completion_tokens"}, "supported_parameters": [...]}]}. The provider is OpenRouter itself."""

from __future__ import annotations

from fmcli.providers.offer import (PER_MILLION, CatalogFileError, Offer, capabilities, mapping, price, section, text,
                                   tokens)

PARAMETERS = {"reasoning": "reasoning", "tools": "tool-use", "structured_outputs": "structured-output"}


def parse(data: object) -> list[Offer]:
    models = mapping(data, "an object with 'data'", "OpenRouter").get("data")
    if not isinstance(models, list):
        raise CatalogFileError("not an OpenRouter file: no 'data' list of models")
    offers: list[Offer] = []
    for model in models:
        if not isinstance(model, dict) or text(model.get("id")) is None:
            continue
        pricing, top = section(model, "pricing"), section(model, "top_provider")
        offers.append(Offer("openrouter", text(model["id"]) or "", text(model.get("name")),
                            price(pricing.get("prompt"), PER_MILLION), price(pricing.get("completion"), PER_MILLION),
                            price(pricing.get("input_cache_read"), PER_MILLION),
                            tokens(model.get("context_length")) or tokens(top.get("context_length")),
                            tokens(top.get("max_completion_tokens")),
                            capabilities(model.get("supported_parameters"), PARAMETERS)))
    if models and not offers:
        raise CatalogFileError("not an OpenRouter file: no entry of 'data' has an 'id'")
    return offers
