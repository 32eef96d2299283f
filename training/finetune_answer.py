"""Phase 3: answer-slot fine-tuning of the built-in model (the t = 1 case of the masked-diffusion objective).

The mixed LLaDA training of `train.py` learns the layouts and the answer vocabulary but, within the CPU budget, not yet
which answer the review calls for. This phase starts from a `train.py` checkpoint and trains on rows in the target's
layout with every answer slot masked (t = 1, so the 1/t weight is 1): cross-entropy on the label word's first token
plus a quarter of the mean cross-entropy on the slots after it (end tokens or the rest of the label). 80% of the rows
are SST-2 TRAIN with a plain positive/negative instruction, 20% the full instruction mix of `data.py` (all tasks,
other answer words, vague prompts with random labels), so the wording still matters.

Usage (from the repository root):
  nice -n 5 /usr/bin/python3 training/finetune_answer.py --init-checkpoint training/work/phase2/checkpoint.pt \\
      --out models/builtin
"""

import argparse
import json
import os
import random
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data as training_data  # noqa: E402
import evaluate_model  # noqa: E402
import export_model  # noqa: E402
import instructions as ins  # noqa: E402
from model import MaskedDiffusionModel  # noqa: E402
from tokenizer import load_tokenizer  # noqa: E402

SLOTS = 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--data-dir", default=os.path.join(here, "..", "..", "shared", "data"))
    parser.add_argument("--init-checkpoint", required=True, help='a train.py checkpoint, or "none" for fresh weights')
    parser.add_argument("--tokenizer", default=None, help="tokenizer.json of the checkpoint's run (default: --out's)")
    parser.add_argument("--out", default=os.path.join(here, "..", "models", "builtin"))
    parser.add_argument("--seed", type=int, default=4321)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--mixed-share", type=float, default=0.2)
    return parser.parse_args()


def plain_row(rng, tokenizer, example):
    sentence, negative, positive = rng.choice(ins.BINARY_SCHEMES[:9])
    instruction = training_data.join_parts(rng, [rng.choice(ins.SENTIMENT_TASKS), sentence])
    word = positive if example["label"] == "positive" else negative
    prefix = tokenizer.encode(instruction + "\nReview: " + example["text"] + "\nAnswer:")[-200:]
    return prefix, tokenizer.encode(" " + word)


def main():
    args = parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    fresh = args.init_checkpoint == "none"
    checkpoint = None if fresh else torch.load(args.init_checkpoint)
    defaults = {"width": 96, "layers": 3, "heads": 4, "hidden": 384, "context_length": 256}
    options = argparse.Namespace(**(defaults if checkpoint is None else checkpoint["args"]))
    tokenizer = load_tokenizer(args.tokenizer or os.path.join(args.out, "tokenizer.json"))
    sources = training_data.load_sources(args.data_dir)
    model = MaskedDiffusionModel(
        len(tokenizer.vocab), options.width, options.layers, options.heads, options.hidden, options.context_length, 0.0
    )
    if checkpoint is not None:
        model.load_state_dict(checkpoint["model"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.1, 1 - step / args.steps))
    started = time.time()
    history = []
    for step in range(1, args.steps + 1):
        model.train()
        rows = []
        for _ in range(args.rows):
            if rng.random() < args.mixed_share:
                ids, eligible = training_data.render_classification(rng, tokenizer, sources, wording_bias=False)
                prefix, answer = ids[: eligible[0]], ids[eligible[0] : eligible[0] + 1]
            else:
                prefix, answer = plain_row(rng, tokenizer, rng.choice(sources["classification"]["sst2"]))
            targets = (answer + [tokenizer.end_id] * SLOTS)[:SLOTS]
            rows.append((prefix, targets))
        length = max(len(prefix) for prefix, _ in rows) + SLOTS
        inputs = torch.full((len(rows), length), tokenizer.end_id, dtype=torch.long)
        first = []
        targets = []
        for index, (prefix, slot_targets) in enumerate(rows):
            inputs[index, : len(prefix)] = torch.tensor(prefix)
            inputs[index, len(prefix) : len(prefix) + SLOTS] = tokenizer.mask_id
            first.append(len(prefix))
            targets.append(slot_targets)
        hidden = model.hidden(inputs)
        positions = torch.tensor(first).unsqueeze(1) + torch.arange(SLOTS).unsqueeze(0)
        logits = model.logits_from_hidden(hidden[torch.arange(len(rows)).unsqueeze(1), positions])
        losses = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), torch.tensor(targets).reshape(-1), reduction="none"
        ).view(len(rows), SLOTS)
        loss = losses[:, 0].mean() + 0.25 * losses[:, 1:].mean()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        schedule.step()
        if step % 50 == 0 or step == args.steps:
            history.append({"step": step, "seconds": round(time.time() - started), "loss": loss.item()})
            print(f"step {step} {time.time() - started:.0f}s loss {loss.item():.3f}", flush=True)
    model.eval()
    with torch.no_grad():
        metrics = evaluate_model.quick_metrics(model, tokenizer, args.data_dir, [])
    print(f"eval: {json.dumps(metrics)}", flush=True)
    export_model.export(model, tokenizer, options, args.out)
    torch.save({"model": model.state_dict(), "args": vars(options), "step": args.steps}, os.path.join(args.out, "..", "finetune.pt"))
    log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "finetune-log.json")
    with open(log, "w", encoding="utf-8") as handle:
        json.dump({"args": vars(args), "seconds": round(time.time() - started), "history": history, "eval": metrics}, handle, indent=1)
    print(f"exported after {time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
