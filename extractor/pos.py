"""The part of speech of a text's first words (pyvi), for the task decision and the rules that tell an
action from a noun phrase."""

from __future__ import annotations

from functools import lru_cache

HEAD_WORDS = 8  # the words of a text that its part-of-speech features look at


def pos_tags(text: str, n: int = HEAD_WORDS) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) of the first n words (pyvi's tokenizer and tagger, on the first
    HEAD_WORDS syllables only: the tagger's cost grows with the length)."""
    return _tagged(" ".join(text.split()[:HEAD_WORDS]))[:n]


@lru_cache(maxsize=8192)
def _tagged(head: str) -> tuple[tuple[str, str], ...]:
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(head))
    return tuple(zip(words, tags))


def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) of the whole of a short text."""
    return _tagged(" ".join(text.split()))
