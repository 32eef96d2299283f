"""Evaluation of the built-in model in Python: SST-2 accuracy by answer-slot logits, held-out masked-token accuracy.

The TypeScript target (`src/diffusion/builtin-target-model.ts`) and `bench/builtin-eval.mjs` measure the shipped
ONNX model with the real sampler; this module gives quick figures during training.
"""

import json
import os

import torch

PLAIN_INSTRUCTION = "Classify the sentiment of the movie review. Answer with exactly one word: positive or negative."
SLOTS = 4


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def answer_scores(model, tokenizer, instruction, texts, words):
    """Logit of each answer word's first token at the first answer slot, one row per text."""
    word_ids = [tokenizer.encode(" " + word)[0] for word in words]
    scores = []
    for text in texts:
        prefix = tokenizer.encode(instruction + "\nReview: " + text + "\nAnswer:")
        ids = torch.tensor([prefix + [tokenizer.mask_id] * SLOTS], dtype=torch.long)
        logits = model(ids)[0, len(prefix)]
        scores.append([logits[i].item() for i in word_ids])
    return scores


def sst2_accuracy(model, tokenizer, data_dir, split, limit, instruction=PLAIN_INSTRUCTION):
    rows = read_jsonl(os.path.join(data_dir, "classification", "sst2", split + ".jsonl"))[:limit]
    scores = answer_scores(model, tokenizer, instruction, [row["text"] for row in rows], ["negative", "positive"])
    correct = sum((1 if s[1] > s[0] else 0) == (1 if row["label"] == "positive" else 0) for s, row in zip(scores, rows))
    return correct / len(rows)


def masked_token_accuracy(model, tokenizer, documents, windows=40, length=96, ratio=0.15, seed=7):
    """Argmax accuracy at 15% randomly masked positions of windows of held-out system prompts."""
    generator = torch.Generator().manual_seed(seed)
    correct = 0
    total = 0
    for index in range(min(windows, len(documents))):
        ids = torch.tensor([documents[index][:length]], dtype=torch.long)
        masked = torch.rand(ids.shape, generator=generator) < ratio
        if not masked.any():
            continue
        logits = model(ids.masked_fill(masked, tokenizer.mask_id))
        correct += (logits.argmax(-1)[masked] == ids[masked]).sum().item()
        total += masked.sum().item()
    return correct / max(1, total)


def quick_metrics(model, tokenizer, data_dir, held_documents):
    return {
        "sst2DevAccuracy": round(sst2_accuracy(model, tokenizer, data_dir, "dev", 200), 4),
        "heldOutMaskedAccuracy": round(masked_token_accuracy(model, tokenizer, held_documents, windows=20), 4),
    }
