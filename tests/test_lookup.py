from fmcli.lookup import clear_winner, normalize, suggest


def test_normalize_ignores_case_spaces_dots_hyphens_underscores():
    assert {normalize(q) for q in ("llama3", "Llama 3", "LLAMA-3", "llama_3", " llama.3 ")} == {"llama3"}
    assert normalize("ＧＰＴ－４") == "gpt4"  # full-width forms fold too


def test_normalize_drops_every_kind_of_whitespace_and_nothing_else():
    """Tabs, line breaks, the information separators U+001C-U+001F and Unicode spaces (what a
    regex's \\s matches) all go; other punctuation stays."""
    assert normalize("Llama\t3\n\x1c\x1f\u00a0\u2003\u3000-_. 70B") == "llama370b"
    assert normalize("gpt/4o:mini+'x'") == "gpt/4o:mini+'x'"
    assert normalize(" \t-_.") == ""


LABELS = [("llama-3", "llama-3"), ("llama-3", "Llama 3"), ("llama-3-1", "Llama 3.1"), ("llama", "Llama"),
          ("claude", "Claude"), ("rlhf", "RLHF"), ("gpt-4", "GPT-4"), ("gpt-4o", "GPT-4o"),
          ("corpus", "corpus"), ("gpu", "GPUs"), ("grok", "Grok"), ("eu-ai-act", "EU AI Act"),
          ("claude-3-opus", "Claude 3 Opus"), ("claude-opus-4", "Claude Opus 4"),
          ("gemini", "Gemini"), ("gemini-2-5-pro", "Gemini 2.5 Pro"), ("gemini-2-5-flash", "Gemini 2.5 Flash"),
          ("anthropic", "Anthropic")]


def ids(query):
    return [entry for entry, _ in suggest(query, LABELS)]


def test_suggestions_rank_the_closest_first():
    assert ids("lama3")[0] == "llama-3"
    assert ids("gpt 4o")[0] == "gpt-4o"
    assert ids("antropic") == ["anthropic"]
    assert clear_winner(suggest("llama3x", LABELS)) == "llama-3"  # a typo of the whole name
    assert ids("") == [] and ids("zzzzzzzz") == []


def test_suggestions_need_whole_words_not_shared_letters():
    assert ids("opus") == ["claude-3-opus", "claude-opus-4"]  # not corpus, not GPUs
    assert ids("grpo") == []  # not grok, not gpt-4o
    assert ids("react") == []  # not EU AI Act
    assert ids("4") == [] and ids("o") == []


def test_a_more_specific_query_prefers_the_entries_that_have_all_its_words():
    assert set(ids("gemini 2.5")) == {"gemini-2-5-pro", "gemini-2-5-flash"}  # not the Gemini family
    partial = suggest("claude sonnet", LABELS)  # no label has both words: offered, never chosen
    assert partial[0][0] == "claude" and clear_winner(partial) is None


def test_clear_winner_only_when_one_stands_out():
    assert clear_winner(suggest("lama3", LABELS)) == "llama-3"
    assert clear_winner([("a", 90.0), ("b", 88.0)]) is None
    assert clear_winner([("a", 50.0)]) is None  # a label missing a word of the query
    assert clear_winner([("a", 70.0)]) == "a"  # the only entry holding every word
    assert clear_winner([]) is None


def test_a_word_many_names_hold_is_no_guess():
    many = LABELS + [("claude-opus-5", "Claude Opus 5"), ("opus-5", "Opus 5")]
    assert clear_winner(suggest("opus", many)) is None
