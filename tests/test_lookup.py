from fmcli.lookup import clear_winner, normalize, suggest


def test_normalize_ignores_case_spaces_dots_hyphens_underscores():
    assert {normalize(q) for q in ("llama3", "Llama 3", "LLAMA-3", "llama_3", " llama.3 ")} == {"llama3"}
    assert normalize("ＧＰＴ－４") == "gpt4"  # full-width forms fold too


KEYS = {"llama3": "llama-3", "llama31": "llama-3-1", "llama": "llama", "claude": "claude",
        "rlhf": "rlhf", "gpt4": "gpt-4", "gpt4o": "gpt-4o"}
NAMES = {v: v for v in KEYS.values()}


def test_suggestions_rank_the_closest_first():
    assert suggest("lama3", KEYS, NAMES)[0][0] == "llama-3"
    assert suggest("gpt 4o", KEYS, NAMES)[0][0] == "gpt-4o"
    assert suggest("", KEYS, NAMES) == []
    assert suggest("zzzzzzzz", KEYS, NAMES) == []


def test_clear_winner_only_when_one_stands_out():
    assert clear_winner(suggest("lama3", KEYS, NAMES)) == "llama-3"
    assert clear_winner([("a", 90.0), ("b", 88.0)]) is None
    assert clear_winner([("a", 70.0)]) is None
    assert clear_winner([]) is None
