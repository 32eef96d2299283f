"""Joint phase: one model for both roles, from the proposer phases' weights (masked-diffusion objective throughout).

Each step has two parts, summed:
- answer rows (LLaDA SFT): `<instruction>\\n<user message>\\nAnswer:` then the label word and `[END]` up to 4 slots;
  t ~ U(0, 1) (stratified), each slot masked with probability p = 0.1 + 0.9 t, cross-entropy on masked slots weighted
  by 1/p, the label word's slots counting 1 and the `[END]` slots 1/4. Only TRAIN splits; SST-2 rows relabelled by the
  wording's specificity (`data.majority_bias`), so a clearer instruction genuinely scores better.
- diffusion rows (proposer layout and system-prompt windows, `train.diffusion_loss`), so the proposer role keeps and
  extends what the earlier phases learned.

Usage (from the repository root):
  nice -n 5 /usr/bin/python3 training/train_joint.py --init-checkpoint training/work/build/dlm2-checkpoint.pt \\
      --tokenizer models/builtin/tokenizer.json --out training/work/build/joint
"""

import argparse
import json
import math
import os
import random
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data as training_data  # noqa: E402
import evaluate_model  # noqa: E402
import export_model  # noqa: E402
import train  # noqa: E402
from tokenizer import load_tokenizer  # noqa: E402
from model import MaskedDiffusionModel  # noqa: E402

SLOTS = 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--data-dir", default=os.path.join(here, "..", "..", "shared", "data"))
    parser.add_argument("--init-checkpoint", required=True, help='the proposer phases\' checkpoint, or "none" for fresh weights')
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=2028)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--answer-rows", type=int, default=24)
    parser.add_argument("--diffusion-rows", type=int, default=6)
    parser.add_argument("--plain-share", type=float, default=0.5, help="SST-2 rows with a positive/negative instruction")
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--unrelated-share", type=float, default=0.0, help="SST-2 rows given a sentence of an unrelated system prompt")
    parser.add_argument("--vague-share", type=float, default=0.0, help="SST-2 rows with a vague instruction (role, vague line)")
    parser.add_argument("--answer-t", choices=["uniform", "one"], default="uniform", help="answer rows: t ~ U(0, 1), or t = 1 (every slot masked)")
    parser.add_argument("--exports", type=int, default=4)
    parser.add_argument("--model-id-prefix", default="dlmpo-builtin")
    return parser.parse_args()


def answer_loss(model, rows, tokenizer, generator, fully_masked=False):
    """LLaDA SFT loss over the answer slots of `rows` (`(prefix, answer ids)`)."""
    batch = len(rows)
    length = max(len(prefix) for prefix, _ in rows) + SLOTS
    inputs = torch.full((batch, length), tokenizer.end_id, dtype=torch.long)
    targets = torch.full((batch, SLOTS), tokenizer.end_id, dtype=torch.long)
    weights = torch.full((batch, SLOTS), 0.25)
    starts = []
    for index, (prefix, answer) in enumerate(rows):
        answer = answer[:SLOTS]
        inputs[index, : len(prefix)] = torch.tensor(prefix)
        targets[index, : len(answer)] = torch.tensor(answer)
        weights[index, : len(answer)] = 1.0
        starts.append(len(prefix))
    t = (torch.arange(batch, dtype=torch.float) + torch.rand(batch, generator=generator)) / batch
    p_mask = torch.ones(batch, 1) if fully_masked else (0.1 + 0.9 * t).unsqueeze(1)
    masked = torch.rand((batch, SLOTS), generator=generator) < p_mask
    positions = torch.tensor(starts).unsqueeze(1) + torch.arange(SLOTS).unsqueeze(0)
    rows_index = torch.arange(batch).unsqueeze(1).expand(batch, SLOTS)
    inputs[rows_index, positions] = torch.where(masked, torch.full_like(targets, tokenizer.mask_id), targets)
    logits = model.logits_from_hidden(model.hidden(inputs)[rows_index, positions])
    losses = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    losses = losses.view(batch, SLOTS)
    weighted = (losses * weights * masked / p_mask).sum(1) / weights.sum(1)
    return weighted.mean()


def main():
    args = parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    rng = random.Random(args.seed)
    manifest = train.verify_manifest(args.data_dir)
    sources = training_data.load_sources(args.data_dir)
    tokenizer = load_tokenizer(args.tokenizer)
    train_prompts = [text for text in sources["corpus"] if not train.held_out(text)]
    held_prompts = [text for text in sources["corpus"] if train.held_out(text)]
    prompt_texts = train_prompts + sources["policies"] * 20
    sources["unrelated"] = training_data.unrelated_sentences(train_prompts)
    documents = [ids for ids in (tokenizer.encode(text) for text in prompt_texts) if len(ids) >= 16]
    held_documents = [ids for ids in (tokenizer.encode(text) for text in held_prompts) if len(ids) >= 16]
    fresh = args.init_checkpoint == "none"
    checkpoint = None if fresh else torch.load(args.init_checkpoint)
    defaults = {"width": 96, "layers": 3, "heads": 4, "hidden": 384, "context_length": 256}
    options = argparse.Namespace(**(defaults if fresh else checkpoint["args"]))
    options.model_id_prefix = args.model_id_prefix
    model = MaskedDiffusionModel(
        len(tokenizer.vocab), options.width, options.layers, options.heads, options.hidden, options.context_length, 0.0
    )
    if not fresh:
        model.load_state_dict(checkpoint["model"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=0.01)
    warmup = max(1, args.steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / args.steps)))),
    )
    os.makedirs(args.out, exist_ok=True)
    export_steps = {round(args.steps * (i + 1) / args.exports) for i in range(args.exports)}
    started = time.time()
    history = []
    recent = []
    for step in range(1, args.steps + 1):
        model.train()
        answers = [training_data.answer_row(rng, tokenizer, sources, args.plain_share, args.unrelated_share, args.vague_share) for _ in range(args.answer_rows)]
        loss = answer_loss(model, answers, tokenizer, generator, args.answer_t == "one")
        diffusion = []
        for _ in range(args.diffusion_rows):
            if rng.random() < 0.6:
                diffusion.append(training_data.render_proposer(rng, tokenizer, sources, prompt_texts, 192, 6))
            else:
                diffusion.append(training_data.render_corpus(rng, tokenizer, documents, 96))
        extra = train.diffusion_loss(model, diffusion, tokenizer.mask_id, tokenizer.end_id, generator, 0.0) if diffusion else None
        total = loss if extra is None else loss + extra[0]
        optimizer.zero_grad()
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        schedule.step()
        recent.append((loss.item(), None if extra is None else extra[1]))
        if step % 50 == 0:
            answer_mean = sum(a for a, _ in recent) / len(recent)
            plain = [d for _, d in recent if d is not None]
            diffusion_mean = sum(plain) / max(1, len(plain))
            elapsed = time.time() - started
            print(f"step {step} {elapsed:.0f}s answer loss {answer_mean:.3f} diffusion cross-entropy {diffusion_mean:.3f}", flush=True)
            history.append({"step": step, "seconds": round(elapsed), "answerLoss": answer_mean, "diffusionCrossEntropy": diffusion_mean})
            recent = []
        if step in export_steps:
            model.eval()
            with torch.no_grad():
                metrics = evaluate_model.quick_metrics(model, tokenizer, args.data_dir, held_documents)
            print(f"eval step {step}: {json.dumps(metrics)}", flush=True)
            history.append({"step": step, "eval": metrics})
            torch.save({"model": model.state_dict(), "args": vars(options), "step": step}, os.path.join(args.out, "checkpoint.pt"))
            export_model.export(model, tokenizer, options, args.out)
            with open(os.path.join(args.out, "training-log.json"), "w", encoding="utf-8") as handle:
                json.dump({"args": vars(args), "seconds": round(time.time() - started), "history": history, "manifest": manifest}, handle, indent=1)
            print(f"exported at step {step} after {time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
