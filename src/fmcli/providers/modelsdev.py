"""models.dev `api.json`: {provider id: {"name", "models": {model id: {"cost", "limit", ...}}}}.
Costs are USD per 1M tokens."""

from __future__ import annotations

from fmcli.providers.offer import CatalogFileError, Offer, flags, mapping, price, section, text, tokens

FLAGS = {"reasoning": "reasoning", "tool_call": "tool-use", "structured_output": "structured-output"}


def parse(data: object) -> list[Offer]:
    providers = mapping(data, "an object of providers", "models.dev")
    offers: list[Offer] = []
    for key, provider in providers.items():
        if not isinstance(provider, dict) or not isinstance(provider.get("models"), dict):
            continue
        provider_id = text(provider.get("id")) or text(key)
        for model_key, model in provider["models"].items():
            if not isinstance(model, dict):
                continue
            model_id = text(model.get("id")) or text(model_key)
            if provider_id is None or model_id is None:
                continue
            cost, limit = section(model, "cost"), section(model, "limit")
            offers.append(Offer(provider_id, model_id, text(model.get("name")), price(cost.get("input")),
                                price(cost.get("output")), price(cost.get("cache_read")),
                                tokens(limit.get("context")), tokens(limit.get("output")), flags(model, FLAGS)))
    if not offers:
        raise CatalogFileError("not a models.dev file: no provider holds a 'models' object")
    return offers
