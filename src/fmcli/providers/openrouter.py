"""OpenRouter `/api/v1/models`: {"data": [{"id": "vendor/model", "pricing": {"prompt", "completion",
"input_cache_read"} (USD per token, as strings), "context_length", "top_provider":
{"max_completion_tokens"}, "supported_parameters": [...]}]}. The provider is OpenRouter itself."""

from __future__ import annotations

from fmcli.providers.offer import CatalogFileError, Offer, mapping, price, text, tokens

PER_MILLION = 1_000_000.0
PARAMETERS = {"reasoning": "reasoning", "tools": "tool-use", "structured_outputs": "structured-output"}


def parse(data: object) -> list[Offer]:
    models = mapping(data, "an object with 'data'", "OpenRouter").get("data")
    if not isinstance(models, list):
        raise CatalogFileError("not an OpenRouter file: no 'data' list of models")
    from fmcli.vocab import CAPABILITIES

    offers: list[Offer] = []
    for model in models:
        if not isinstance(model, dict) or text(model.get("id")) is None:
            continue
        pricing = model.get("pricing") if isinstance(model.get("pricing"), dict) else {}
        top = model.get("top_provider") if isinstance(model.get("top_provider"), dict) else {}
        params = model.get("supported_parameters")
        params = params if isinstance(params, list) else []
        found = {PARAMETERS[p] for p in params if isinstance(p, str) and p in PARAMETERS}
        offers.append(Offer("openrouter", text(model["id"]) or "", text(model.get("name")),
                            price(pricing.get("prompt"), PER_MILLION), price(pricing.get("completion"), PER_MILLION),
                            price(pricing.get("input_cache_read"), PER_MILLION),
                            tokens(model.get("context_length")) or tokens(top.get("context_length")),
                            tokens(top.get("max_completion_tokens")),
                            tuple(c for c in CAPABILITIES if c in found)))
    if models and not offers:
        raise CatalogFileError("not an OpenRouter file: no entry of 'data' has an 'id'")
    return offers
