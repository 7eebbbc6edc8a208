"""LiteLLM `model_prices_and_context_window.json`: {model key: {"litellm_provider",
"input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
"max_input_tokens", "max_output_tokens", "mode", "supports_*"}}. Costs are USD per token; only
token-priced chat and completion models are offers (images, embeddings and the like are not)."""

from __future__ import annotations

from fmcli.providers.offer import PER_MILLION, CatalogFileError, Offer, flags, mapping, price, text, tokens

FLAGS = {"supports_reasoning": "reasoning", "supports_function_calling": "tool-use",
         "supports_response_schema": "structured-output", "supports_computer_use": "computer-use",
         "supports_web_search": "web-search"}
MODES = ("chat", "completion", "responses")


def parse(data: object) -> list[Offer]:
    models = mapping(data, "an object of models", "LiteLLM")
    offers: list[Offer] = []
    described = 0
    for key, model in models.items():
        if key == "sample_spec" or not isinstance(model, dict):
            continue
        if "litellm_provider" in model:
            described += 1
        provider, model_id = text(model.get("litellm_provider")), text(key)
        if provider is None or model_id is None or model.get("mode", "chat") not in MODES:
            continue
        offers.append(Offer(provider, model_id, None, price(model.get("input_cost_per_token"), PER_MILLION),
                            price(model.get("output_cost_per_token"), PER_MILLION),
                            price(model.get("cache_read_input_token_cost"), PER_MILLION),
                            tokens(model.get("max_input_tokens")), tokens(model.get("max_output_tokens")),
                            flags(model, FLAGS)))
    if not described:
        raise CatalogFileError("not a LiteLLM file: no entry names a 'litellm_provider'")
    return offers
