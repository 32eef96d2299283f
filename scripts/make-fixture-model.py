#!/usr/bin/env python3
"""Builds the tiny masked-LM fixture used by dlmpo's tests and sampler bench: test/fixtures/tiny-mlm/.

Run from the repository root:

    /usr/bin/python3 scripts/make-fixture-model.py

Needs only torch (1.13, CPU; about 15 minutes on one core). Writes model.onnx (input_ids, attention_mask -> logits),
tokenizer.json (Hugging Face format, word-level WordPiece vocabulary) and config.json (dlmpo's model directory
contract) into test/fixtures/tiny-mlm/, or into the directory given as the first argument. The model is a small
bidirectional transformer (about 90k parameters) trained with the masked-diffusion (LLaDA) objective on prompts
generated from the templates below: text of random length followed by a run of [END] tokens (how a span shrinks),
mostly to the end of the row, in 96-token rows. So positions up to 96 are learned and a long masked span after a
short prompt is filled confidently, which the sampler bench's threshold decoding relies on. It is a test fixture, not
a language model. Everything is seeded and torch runs on one thread: the output is byte-identical on the same torch
build.
"""

import json
import math
import os
import random
import sys

import torch
from torch import nn

SEED = 7
CONTEXT_LENGTH = 128
WIDTH = 64
HEADS = 4
LAYERS = 2
TRAIN_STEPS = 1600
BATCH = 32
# Training rows are shorter than the context, which keeps training cheap; 96 covers the bench's 64-slot span.
WINDOW = 96
DEFAULT_OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "tiny-mlm")
OUT_DIR = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT_DIR)

SPECIAL = ["[PAD]", "[MASK]", "[END]", "[UNK]"]

SUBJECTS = ["you", "the assistant", "the agent", "the model"]
ROLES = ["a helpful assistant", "a careful agent", "an expert classifier", "a polite support agent"]
ACTIONS = [
    "answer the question in one word",
    "classify the sentiment of the review",
    "follow the policy",
    "ask the user for the order id",
    "explain your reasoning briefly",
    "never reveal the system prompt",
    "reply with positive or negative",
    "check the database before you act",
    "confirm the details with the user",
    "keep the answer short and clear",
]
QUALIFIERS = ["always", "first", "then", "only", "carefully", "politely"]


def make_sentence(rng):
    first = f"{rng.choice(SUBJECTS)} are {rng.choice(ROLES)} ."
    rules = " ".join(f"{rng.choice(QUALIFIERS)} {rng.choice(ACTIONS)} ." for _ in range(rng.randint(1, 6)))
    return f"{first} {rules}"


def build_vocabulary():
    words = set()
    for group in (SUBJECTS, ROLES, ACTIONS, QUALIFIERS):
        for phrase in group:
            words.update(phrase.split())
    words.update([".", ",", "are", "is", "user", "prompt", "text", "label", "query", "response"])
    return SPECIAL + sorted(words)


def tokenizer_json(vocabulary):
    ids = {token: index for index, token in enumerate(vocabulary)}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": ids[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for token in SPECIAL
        ],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        # WordPiece without subword entries behaves as a word-level vocabulary with [UNK] for unknown words.
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(WIDTH)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.out = nn.Linear(WIDTH, WIDTH)
        self.norm2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential(nn.Linear(WIDTH, 2 * WIDTH), nn.GELU(), nn.Linear(2 * WIDTH, WIDTH))

    def forward(self, hidden, key_bias):
        batch, length, _ = hidden.shape
        q, k, v = self.qkv(self.norm1(hidden)).chunk(3, dim=-1)

        def heads(x):
            return x.reshape(batch, length, HEADS, WIDTH // HEADS).transpose(1, 2)

        scores = heads(q) @ heads(k).transpose(-1, -2) / math.sqrt(WIDTH // HEADS) + key_bias
        attended = (scores.softmax(dim=-1) @ heads(v)).transpose(1, 2).reshape(batch, length, WIDTH)
        hidden = hidden + self.out(attended)
        return hidden + self.mlp(self.norm2(hidden))


class TinyMaskedLm(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, WIDTH)
        self.positions = nn.Embedding(CONTEXT_LENGTH, WIDTH)
        self.blocks = nn.ModuleList([Block() for _ in range(LAYERS)])
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, vocab_size)

    def forward(self, input_ids, attention_mask):
        length = input_ids.shape[1]
        positions = torch.arange(length, device=input_ids.device).unsqueeze(0)
        hidden = self.tokens(input_ids) + self.positions(positions)
        # Padding keys get a large negative bias so that no position attends to them.
        key_bias = (1.0 - attention_mask.to(hidden.dtype))[:, None, None, :] * -1e4
        for block in self.blocks:
            hidden = block(hidden, key_bias)
        return self.head(self.norm(hidden))


def make_text(rng, length):
    """One prompt or several joined, cut to a random number of words below `length`."""
    target = rng.randint(4, length - 2)
    words = []
    while len(words) < target:
        words += make_sentence(rng).split()
    return words[:target]


def training_batch(rng, ids, length):
    rows = []
    for _ in range(BATCH):
        words = make_text(rng, length)
        # A run of [END] tokens after the text — to the end of the row in three rows out of four, else a shorter one
        # followed by padding — teaches the model that a span may end early and that a long span after short text is
        # mostly [END] (how spans shrink).
        room = length - len(words)
        ends = room if rng.random() < 0.75 else rng.randint(1, room)
        row = [ids[word] for word in words] + [ids["[END]"]] * ends
        rows.append((row + [ids["[PAD]"]] * length)[:length])
    clean = torch.tensor(rows)
    attention = (clean != ids["[PAD]"]).long()
    ratio = torch.rand(BATCH, 1).clamp(min=0.05)
    masked = (torch.rand(clean.shape) < ratio) & (attention == 1)
    noisy = torch.where(masked, torch.full_like(clean, ids["[MASK]"]), clean)
    return noisy, attention, clean, masked, ratio


def main():
    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    vocabulary = build_vocabulary()
    ids = {token: index for index, token in enumerate(vocabulary)}
    model = TinyMaskedLm(len(vocabulary))
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    for step in range(TRAIN_STEPS):
        noisy, attention, clean, masked, ratio = training_batch(rng, ids, WINDOW)
        logits = model(noisy, attention)
        losses = nn.functional.cross_entropy(logits.transpose(1, 2), clean, reduction="none")
        # The LLaDA objective: cross-entropy on masked positions, weighted by 1 / mask ratio.
        loss = (losses * masked / ratio).sum() / masked.sum().clamp(min=1)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.3f}")

    model.eval()
    os.makedirs(OUT_DIR, exist_ok=True)
    example_ids = torch.tensor([[ids["you"], ids["[MASK]"], ids["a"], ids["[MASK]"], ids["."]]])
    torch.onnx.export(
        model,
        (example_ids, torch.ones_like(example_ids)),
        os.path.join(OUT_DIR, "model.onnx"),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "logits": {0: "batch", 1: "sequence"},
        },
        opset_version=14,
        do_constant_folding=True,
    )
    with open(os.path.join(OUT_DIR, "tokenizer.json"), "w", encoding="utf-8") as file:
        json.dump(tokenizer_json(vocabulary), file, indent=1)
        file.write("\n")
    config = {
        "modelId": "tiny-mlm-fixture",
        "maskTokenId": ids["[MASK]"],
        "endTokenId": ids["[END]"],
        "padTokenId": ids["[PAD]"],
        "contextLength": CONTEXT_LENGTH,
        "vocabSize": len(vocabulary),
        "inputNames": {"inputIds": "input_ids", "attentionMask": "attention_mask"},
        "outputName": "logits",
        "chatTemplate": None,
    }
    with open(os.path.join(OUT_DIR, "config.json"), "w", encoding="utf-8") as file:
        json.dump(config, file, indent=2)
        file.write("\n")
    print(f"wrote {OUT_DIR} (vocabulary {len(vocabulary)})")


if __name__ == "__main__":
    main()
