"""Writes the held-out masked-token cases (token ids, masked positions) that `evaluate_onnx.mjs` scores.

Held-out system prompts are those `train.py` never trains on (sha256 of the text, first 8 hex digits, = 0 mod 20).
Every held-out prompt contributes up to 3 windows of 96 tokens; each window is masked at random (seeded) at each ratio.

Usage (from the repository root):
  /usr/bin/python3 training/heldout_cases.py --data-dir ../shared/data --out training/work/heldout-cases.json
"""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data as training_data  # noqa: E402
from tokenizer import load_tokenizer  # noqa: E402
from train import held_out  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument("--tokenizer", default="models/builtin/tokenizer.json")
    parser.add_argument("--out", default="training/work/heldout-cases.json")
    parser.add_argument("--ratios", default="0.15,0.5")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tokenizer = load_tokenizer(args.tokenizer)
    sources = training_data.load_sources(args.data_dir)
    windows = []
    for text in sources["corpus"]:
        if not held_out(text):
            continue
        ids = tokenizer.encode(text)
        for start in range(0, min(len(ids), 288), 96):
            window = ids[start : start + 96]
            if len(window) >= 16:
                windows.append(window)
    rng = random.Random(args.seed)
    cases = []
    for ratio in (float(r) for r in args.ratios.split(",")):
        for window in windows:
            masked = [i for i in range(len(window)) if rng.random() < ratio] or [rng.randrange(len(window))]
            cases.append({"ratio": ratio, "ids": window, "masked": masked})
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"maskId": tokenizer.mask_id, "windows": len(windows), "cases": cases}, handle)
    print(f"{len(windows)} windows, {len(cases)} cases -> {args.out}")


if __name__ == "__main__":
    main()
