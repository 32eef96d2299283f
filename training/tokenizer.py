"""WordPiece tokenizer of the built-in model, written as a Hugging Face `tokenizer.json`.

The `tokenizers` Python package is not available, so the vocabulary is built here and the JSON is written by hand.
Spaces become "▁" (so the exact text, newlines included, survives a round trip), the text is split into words,
single digits and single punctuation marks (each may carry a leading "▁"), and each piece is encoded by greedy
longest-match WordPiece with "##" continuations. This module mirrors, piece for piece, what
`@huggingface/tokenizers` does with the JSON it writes.
"""

import collections
import json
import re

END_TOKEN = "[END]"
UNK_TOKEN = "[UNK]"
MASK_TOKEN = "[MASK]"
SPECIAL_TOKENS = [END_TOKEN, UNK_TOKEN, MASK_TOKEN]
SPACE = "\u2581"
PRETOKEN_PATTERN = SPACE + "?[A-Za-z]+|" + SPACE + "?[0-9]|" + SPACE + "?[^A-Za-z0-9" + SPACE + "\\s]|\\s|" + SPACE
PRETOKEN_RE = re.compile(PRETOKEN_PATTERN)
MAX_CHARS_PER_WORD = 100


def pretokenize(text):
    """Normalises spaces to "▁" and splits into pre-tokens, as the JSON's normalizer and pre_tokenizer do."""
    return PRETOKEN_RE.findall(text.replace(" ", SPACE))


def build_vocab(texts, vocab_size, subword_pieces):
    """Vocabulary: special tokens, characters, the most frequent pre-tokens, then frequent word pieces."""
    counts = collections.Counter()
    for text in texts:
        counts.update(pretokenize(text))
    chars = collections.Counter()
    for piece, count in counts.items():
        for char in piece.lstrip(SPACE):
            chars[char] += count
    vocab = list(SPECIAL_TOKENS) + [SPACE]
    seen = set(vocab)

    def add(token):
        if token not in seen and len(vocab) < vocab_size:
            seen.add(token)
            vocab.append(token)

    for char, count in chars.most_common():
        if count < 3:
            break
        add(char)
        add(SPACE + char)
        if char.isalpha():
            add("##" + char)
    word_budget = vocab_size - subword_pieces
    for piece, _ in counts.most_common():
        if len(vocab) >= word_budget:
            break
        add(piece)
    pieces = collections.Counter()
    for piece, count in counts.items():
        if piece in seen or len(piece) < 4:
            continue
        for k in range(2, min(len(piece), 9)):
            pieces[piece[:k]] += count
        for k in range(2, len(piece) - 1):
            if 2 <= len(piece) - k <= 6:
                pieces["##" + piece[k:]] += count
    for piece, _ in pieces.most_common():
        if len(vocab) >= vocab_size:
            break
        add(piece)
    return vocab


class WordPieceTokenizer:
    """Encoder/decoder over a vocabulary list (index = id)."""

    def __init__(self, vocab):
        self.vocab = list(vocab)
        self.ids = {token: index for index, token in enumerate(self.vocab)}
        self.cache = {}
        self.end_id = self.ids[END_TOKEN]
        self.unk_id = self.ids[UNK_TOKEN]
        self.mask_id = self.ids[MASK_TOKEN]

    def encode_piece(self, piece):
        cached = self.cache.get(piece)
        if cached is not None:
            return cached
        result = []
        if len(piece) > MAX_CHARS_PER_WORD:
            result = [self.unk_id]
        else:
            start = 0
            while start < len(piece):
                end = len(piece)
                found = None
                while start < end:
                    sub = piece[start:end] if start == 0 else "##" + piece[start:end]
                    if sub in self.ids:
                        found = self.ids[sub]
                        break
                    end -= 1
                if found is None:
                    result = [self.unk_id]
                    break
                result.append(found)
                start = end
        self.cache[piece] = result
        return result

    def encode(self, text):
        ids = []
        for piece in pretokenize(text):
            ids.extend(self.encode_piece(piece))
        return ids

    def decode(self, ids):
        tokens = [self.vocab[i] for i in ids if self.vocab[i] not in SPECIAL_TOKENS]
        return "".join(t.replace("##", "").replace(SPACE, " ") for t in tokens)

    def to_json(self):
        """The Hugging Face tokenizer.json document."""
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {
                    "id": self.ids[token],
                    "content": token,
                    "single_word": False,
                    "lstrip": False,
                    "rstrip": False,
                    "normalized": False,
                    "special": True,
                }
                for token in SPECIAL_TOKENS
            ],
            "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": SPACE},
            "pre_tokenizer": {
                "type": "Split",
                "pattern": {"Regex": PRETOKEN_PATTERN},
                "behavior": "Isolated",
                "invert": False,
            },
            "post_processor": None,
            "decoder": {
                "type": "Sequence",
                "decoders": [
                    {"type": "Replace", "pattern": {"String": "##"}, "content": ""},
                    {"type": "Replace", "pattern": {"String": SPACE}, "content": " "},
                    {"type": "Fuse"},
                ],
            },
            "model": {
                "type": "WordPiece",
                "unk_token": UNK_TOKEN,
                "continuing_subword_prefix": "##",
                "max_input_chars_per_word": MAX_CHARS_PER_WORD,
                "vocab": {token: index for index, token in enumerate(self.vocab)},
            },
        }

    def save(self, path):
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.to_json(), handle, ensure_ascii=False)


def load_tokenizer(path):
    """Reads a `tokenizer.json` written by `WordPieceTokenizer.save` (the shipped models' token ids)."""
    with open(path, encoding="utf-8") as handle:
        vocab = json.load(handle)["model"]["vocab"]
    tokens = [None] * len(vocab)
    for token, index in vocab.items():
        tokens[index] = token
    return WordPieceTokenizer(tokens)
