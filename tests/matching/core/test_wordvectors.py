"""The chiVe word vectors of ja-ginza: spaCy's MurmurHash64A keys and the msgpack table."""

from __future__ import annotations

import pytest

from hackplat.matching.core.wordvectors import find_vectors, load_vectors, murmurhash64a

# spaCy keys of words whose rows the wheel's key2row holds (checked against ja-ginza 5.3.0)
KNOWN = {"子育て": 7937793075456416316, "スマートフォン": 5613219070814797636, "住民票": 130072505487272943}


@pytest.mark.parametrize(("word", "key"), KNOWN.items())
def test_murmurhash64a_gives_spacys_keys(word: str, key: int) -> None:
    assert murmurhash64a(word.encode("utf-8")) == key


def test_the_wheels_table_maps_known_words_to_rows() -> None:
    assert find_vectors() is not None, "the word vectors are missing: `make test` installs requirements/vectors.txt"
    vectors = load_vectors("auto")
    assert vectors is not None
    assert vectors.vectors.shape == (20000, 300)
    assert all(vectors.row(word) >= 0 for word in KNOWN)
    assert vectors.row("ai") == vectors.row("AI") >= 0  # the analyser lower-cases


def test_off_means_no_vectors() -> None:
    assert load_vectors("off") is None
