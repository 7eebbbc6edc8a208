"""Parsing the public provider catalogs into offers, and matching their model ids to entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fmcli.providers import store
from fmcli.providers.match import Matcher, forms
from fmcli.providers.offer import CatalogFileError, Offer

FIXTURES = Path(__file__).parent / "fixtures"
FILES = {"models.dev": "modelsdev_api.json", "openrouter": "openrouter_models.json",
         "litellm": "litellm_model_prices.json"}


def offers(catalog: str) -> dict[tuple[str, str], Offer]:
    parsed = store.parse_bytes(catalog, (FIXTURES / FILES[catalog]).read_bytes())
    return {(o.provider, o.model): o for o in parsed}


def test_models_dev_prices_are_per_million_and_limits_and_flags_are_read():
    found = offers("models.dev")
    assert len(found) == 20
    kimi = found[("moonshotai-cn", "kimi-k2-thinking-turbo")]
    assert (kimi.input, kimi.output, kimi.cached) == (1.15, 8.0, 0.15)
    assert (kimi.context, kimi.max_output) == (262144, 262144)
    assert kimi.capabilities == ("reasoning", "tool-use")
    assert kimi.name == "Kimi K2 Thinking Turbo"
    assert found[("privatemode-ai", "whisper-large-v3")].context is None  # a 0 limit means none stated


def test_openrouter_prices_per_token_become_per_million():
    found = offers("openrouter")
    opus = found[("openrouter", "anthropic/claude-opus-4.5")]
    assert (opus.input, opus.output, opus.cached) == (5.0, 25.0, 0.5)
    assert (opus.context, opus.max_output) == (200000, 64000)
    assert opus.capabilities == ("reasoning", "tool-use", "structured-output")
    assert found[("openrouter", "deepseek/deepseek-r1:free")].output == 0.0


def test_litellm_keeps_token_priced_chat_models_only():
    found = offers("litellm")
    gpt = found[("openai", "gpt-4o-2024-08-06")]
    assert (gpt.input, gpt.output, gpt.cached) == (2.5, 10.0, 1.25)
    assert gpt.context == 128000 and gpt.max_output == 16384
    assert "tool-use" in gpt.capabilities and "structured-output" in gpt.capabilities
    assert not any("dall-e" in model or "embedding" in model for _, model in found)
    assert ("bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0") in found


@pytest.mark.parametrize("catalog", list(FILES))
@pytest.mark.parametrize("other", list(FILES))
def test_a_file_of_another_catalog_is_a_clear_error(catalog, other):
    if catalog == other:
        return
    label = {"models.dev": "models.dev", "openrouter": "OpenRouter", "litellm": "LiteLLM"}[catalog]
    with pytest.raises(CatalogFileError, match=f"^not an? {label} file: "):
        store.parse_bytes(catalog, (FIXTURES / FILES[other]).read_bytes())


@pytest.mark.parametrize("raw, reason", [
    (b"", "invalid JSON"), (b"{", "invalid JSON"), (b"\xff\xfe\x00", "not UTF-8"), (b"[1, 2]", "expected"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"), (b"null", "expected"),
])
@pytest.mark.parametrize("catalog", list(FILES))
def test_broken_files_are_one_clear_error(catalog, raw, reason):
    with pytest.raises(CatalogFileError) as caught:
        store.parse_bytes(catalog, raw)
    assert reason in caught.value.message or "not a" in caught.value.message
    assert "\n" not in caught.value.message


HOSTILE_MODELS_DEV = {
    "[bold]evil[/]": {"id": "../../etc/passwd", "name": "\x1b[2J\x1b]8;;http://x\x07spoof", "models": {
        "a/../b": {"id": "a/../b", "name": "[link=http://x]n[/link]\u202e",
                   "cost": {"input": -1, "output": 1e308, "cache_read": "NaN"},
                   "limit": {"context": 1e30, "output": -5}, "reasoning": "yes"},
        "ok": {"cost": {"input": True, "output": float("inf")}, "limit": {"context": 12.5, "output": "4096"}},
        "x" * 5000: {"name": ["not", "text"]},
        "bad": "not a model",
    }},
    "broken": {"models": ["not", "a", "mapping"]},
}


def test_hostile_values_are_dropped_or_kept_as_plain_text():
    found = store.parse_bytes("models.dev", json.dumps(HOSTILE_MODELS_DEV).encode())
    assert len(found) == 3
    evil = next(o for o in found if o.model == "a/../b")
    assert evil.provider == "../../etc/passwd"  # kept as text: never used in a path
    assert (evil.input, evil.output, evil.cached, evil.context, evil.max_output) == (None,) * 5
    assert evil.capabilities == ()
    ok = next(o for o in found if o.model == "ok")
    assert (ok.input, ok.output, ok.context, ok.max_output) == (None, None, None, None)
    long = next(o for o in found if o.model.startswith("xxx"))
    assert len(long.model) <= 200 and long.name is None


@pytest.mark.parametrize("model, key", [
    ("anthropic.claude-3-5-sonnet-20240620-v1:0", "claude35sonnet"),
    ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude35sonnet"),
    ("gpt-4o-2024-08-06", "gpt4o"), ("openrouter/anthropic/claude-3.5-sonnet", "claude35sonnet"),
    ("mistral/mistral-large-latest", "mistrallarge"), ("gpt-4-0613", "gpt4"),
    ("deepseek/deepseek-r1:free", "deepseekr1"), ("meta.llama3-1-405b-instruct-v1:0", "llama31405b"),
    ("fireworks_ai/accounts/fireworks/models/kimi-k2p5", "kimik25"),
    ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "llama3370b"),
    ("anthropic.claude-opus-4-6-v1", "anthropicclaudeopus46v1"),  # as written, for an alias that says so
    ("databricks/databricks-claude-opus-4-5", "claudeopus45"),
    ("databricks/databricks-meta-llama-3-1-8b-instruct", "llama318b"),
    ("fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct", "llama3170b"),
])
def test_provider_additions_are_stripped(model, key):
    assert key in forms(model)


def test_the_least_stripped_form_that_names_an_entry_wins():
    matcher = Matcher({"gpt4o": "gpt-4o", "gpt4o20240806": "gpt-4o-2024-08-06"}, {})
    assert matcher.entry(Offer("openai", "gpt-4o-2024-08-06", None, *[None] * 5)) == "gpt-4o-2024-08-06"
    assert matcher.entry(Offer("openai", "gpt-4o-2024-05-13", None, *[None] * 5)) == "gpt-4o"


def test_a_version_letter_is_dropped_only_when_nothing_names_the_id_as_written():
    matcher = Matcher({"deepseekv3": "deepseek-v3", "deepseek3": "other", "llama3170b": "llama-3-1-70b"}, {})
    assert matcher.entry(Offer("x", "deepseek-v3", None, *[None] * 5)) == "deepseek-v3"
    assert matcher.entry(Offer("x", "llama-v3p1-70b-instruct", None, *[None] * 5)) == "llama-3-1-70b"


def test_provider_ids_come_before_names():
    matcher = Matcher({"gpt4o": "gpt-4o"}, {"azure/gpt-4o": "other", "Special-Model": "special"})
    assert matcher.entry(Offer("azure", "gpt-4o", None, *[None] * 5)) == "other"
    assert matcher.entry(Offer("openai", "gpt-4o", None, *[None] * 5)) == "gpt-4o"
    assert matcher.entry(Offer("x", "special-model", None, *[None] * 5)) == "special"
    assert matcher.entry(Offer("x", "nothing-like-it", None, *[None] * 5)) is None
