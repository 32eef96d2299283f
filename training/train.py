"""Trains the built-in masked-diffusion model and exports `model.onnx`, `tokenizer.json`, `config.json`.

Usage (from the repository root):
  nice -n 5 /usr/bin/python3 training/train.py --data-dir ../shared/data --out models/builtin

Objective (LLaDA): per row draw t ~ U(0, 1), mask each eligible token with probability p = eps + (1 - eps) t,
cross-entropy on the masked tokens weighted by 1/p, averaged over the row's eligible tokens.
"""

import argparse
import hashlib
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
from model import MaskedDiffusionModel  # noqa: E402
from onnx_weights import load_onnx_into  # noqa: E402
from tokenizer import WordPieceTokenizer, build_vocab, load_tokenizer  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--data-dir", default=os.path.join(here, "..", "..", "shared", "data"))
    parser.add_argument("--out", default=os.path.join(here, "..", "models", "builtin"))
    parser.add_argument("--checkpoint", default=os.path.join(here, "checkpoint.pt"))
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--vocab-size", type=int, default=6000)
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--context-length", type=int, default=256)
    parser.add_argument("--dropout", type=float, default=0.05)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--batch-tokens", type=int, default=1200)
    parser.add_argument("--threads", type=int, default=1, help="1 is fastest on a busy 2-core machine")
    parser.add_argument("--exports", type=int, default=4, help="export this many times during training")
    parser.add_argument("--stop-after", type=int, default=None, help="end after this step (the schedule still spans --steps)")
    parser.add_argument("--init-checkpoint", default=None, help="start from this checkpoint's weights (phase 2)")
    parser.add_argument("--copy-review-chars", type=int, default=100, help="copy/scheme rows: review text cut to this")
    parser.add_argument("--copy-label-span-share", type=float, default=0.3, help="copy/scheme rows masking only the labels")
    parser.add_argument("--init-onnx", default=None, help="start from the weights of this shipped model.onnx (phase 7)")
    parser.add_argument("--mix", default="classification=0.7,corpus=0.15,proposer=0.15", help="batch kinds and shares")
    parser.add_argument("--fully-masked-share", type=float, default=0.5, help="classification rows with t = 1")
    parser.add_argument("--plain-share", type=float, default=0.0, help="SST-2 rows with a plain positive/negative instruction")
    parser.add_argument("--tokenizer", default=None, help="reuse this tokenizer.json (token ids must match models/builtin)")
    parser.add_argument("--end-slots", type=int, default=4, help="proposer rows: up to this many [END] slots after the span")
    parser.add_argument("--sentence-share", type=float, default=0.0, help="proposer rows whose span is a whole sentence")
    parser.add_argument("--instruction-share", type=float, default=0.7, help="proposer rows over a composed sentiment instruction")
    parser.add_argument("--model-id-prefix", default="dlmpo-builtin", help="config.json modelId prefix")
    parser.add_argument("--end-token-bias", type=float, default=None, help="config.json recommended.endTokenBias (nats)")
    parser.add_argument("--max-minutes", type=float, default=None, help="export and end once this much wall time has passed")
    return parser.parse_args()


def verify_manifest(data_dir):
    """Checks every data file against training/manifest.json (sha256) so a rebuild uses the same data."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    for entry in manifest["files"]:
        with open(os.path.join(data_dir, entry["path"]), "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        if digest != entry["sha256"]:
            raise SystemExit(f"{entry['path']}: sha256 {digest} differs from the manifest; the data changed.")
    return manifest


def held_out(text):
    """About 5% of system prompts, chosen by a hash of their text, are kept out of training for evaluation."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 20 == 0


def make_batch(rng, tokenizer, sources, documents, prompt_texts, copy_words, scheme_pairs):
    mix = [(name, float(share)) for name, share in (part.split("=") for part in args.mix.split(","))]
    kind = training_data.pick_weighted(rng, mix)
    rows = []
    tokens = 0
    while tokens < args.batch_tokens:
        if kind == "classification":
            row = training_data.render_classification(rng, tokenizer, sources, args.plain_share)
        elif kind == "corpus":
            row = training_data.render_corpus(rng, tokenizer, documents, 96)
        elif kind == "copy":
            row = training_data.render_copy(
                rng, tokenizer, sources, copy_words, 192, args.end_slots, None, args.copy_review_chars, args.copy_label_span_share
            )
        elif kind == "scheme":
            row = training_data.render_copy(
                rng, tokenizer, sources, copy_words, 192, args.end_slots, scheme_pairs, args.copy_review_chars, args.copy_label_span_share
            )
        else:
            row = training_data.render_proposer(rng, tokenizer, sources, prompt_texts, 192, args.end_slots, args.sentence_share, args.instruction_share)
        rows.append(row)
        tokens = max(len(ids) for ids, _ in rows) * len(rows)
    return kind, rows


def diffusion_loss(model, rows, mask_id, end_id, generator, fully_masked_share, eps=0.1):
    length = max(len(ids) for ids, _ in rows)
    batch = len(rows)
    input_ids = torch.full((batch, length), end_id, dtype=torch.long)
    eligible = torch.zeros((batch, length), dtype=torch.bool)
    for index, (ids, positions) in enumerate(rows):
        input_ids[index, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        eligible[index, positions] = True
    # Stratified t across the batch: same objective, lower variance.
    t = (torch.arange(batch, dtype=torch.float) + torch.rand(batch, generator=generator)) / batch
    p_mask = eps + (1 - eps) * t
    # Classification rows: a share starts from the state the target samples from (every answer slot masked, t = 1).
    full = torch.rand(batch, generator=generator) < fully_masked_share
    p_mask = torch.where(full, torch.ones_like(p_mask), p_mask).unsqueeze(1)
    masked = eligible & (torch.rand((batch, length), generator=generator) < p_mask)
    if not masked.any():
        return None
    noisy = input_ids.masked_fill(masked, mask_id)
    hidden = model.hidden(noisy)
    logits = model.logits_from_hidden(hidden[masked])
    losses = torch.nn.functional.cross_entropy(logits, input_ids[masked], reduction="none")
    weights = (1.0 / p_mask.expand(batch, length)[masked]) / eligible.sum(1, keepdim=True).expand(batch, length)[masked]
    return (losses * weights).sum() / batch, losses.mean().item()


def main():
    global args
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    rng = random.Random(args.seed)
    manifest = verify_manifest(args.data_dir)
    sources = training_data.load_sources(args.data_dir)
    train_prompts = [text for text in sources["corpus"] if not held_out(text)]
    held_prompts = [text for text in sources["corpus"] if held_out(text)]
    prompt_texts = train_prompts + sources["policies"] * 20
    instruction_samples = [training_data.compose_instruction(rng, __import__("instructions").SENTIMENT_TASKS, training_data.binary_schemes(), None)[0] for _ in range(2000)]
    vocab_texts = prompt_texts + instruction_samples + [
        " ".join(str(value) for key, value in row.items() if key not in ("id",))
        for rows in sources["classification"].values()
        for row in rows
    ]
    if args.tokenizer:
        tokenizer = load_tokenizer(args.tokenizer)
    else:
        tokenizer = WordPieceTokenizer(build_vocab(vocab_texts, args.vocab_size, subword_pieces=1200))
    os.makedirs(args.out, exist_ok=True)
    tokenizer.save(os.path.join(args.out, "tokenizer.json"))
    copy_words = training_data.copy_words(tokenizer)
    scheme_pairs = training_data.scheme_pairs(tokenizer)
    print(f"label schemes: {scheme_pairs}", flush=True)
    documents = [ids for ids in (tokenizer.encode(text) for text in prompt_texts) if len(ids) >= 16]
    held_documents = [ids for ids in (tokenizer.encode(text) for text in held_prompts) if len(ids) >= 16]
    unk_rate = sum(ids.count(tokenizer.unk_id) for ids in documents) / sum(len(ids) for ids in documents)
    print(f"vocab {len(tokenizer.vocab)}, documents {len(documents)}, held-out {len(held_documents)}, unk {unk_rate:.4%}", flush=True)

    model = MaskedDiffusionModel(
        len(tokenizer.vocab), args.width, args.layers, args.heads, args.hidden, args.context_length, args.dropout
    )
    if args.init_checkpoint:
        model.load_state_dict(torch.load(args.init_checkpoint)["model"])
    if args.init_onnx:
        load_onnx_into(model, args.init_onnx)
    print(f"parameters {sum(p.numel() for p in model.parameters())}", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.learning_rate, betas=(0.9, 0.98),
    )
    warmup = max(1, args.steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / max(1, args.steps))))),
    )
    started = time.time()
    recent = []
    norms = []
    export_steps = {round(args.steps * (i + 1) / args.exports) for i in range(args.exports)}
    history = []
    for step in range(1, args.steps + 1):
        model.train()
        kind, rows = make_batch(rng, tokenizer, sources, documents, prompt_texts, copy_words, scheme_pairs)
        result = diffusion_loss(
            model, rows, tokenizer.mask_id, tokenizer.end_id, generator, args.fully_masked_share if kind == "classification" else 0.0
        )
        if result is None:
            continue
        loss, plain = result
        optimizer.zero_grad()
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0).item()
        optimizer.step()
        schedule.step()
        recent.append((kind, loss.item(), plain))
        norms.append(grad_norm)
        if step % 25 == 0:
            kinds = ("classification", "corpus", "proposer", "copy", "scheme")
            count = {k: max(1, sum(1 for kk, _, _ in recent if kk == k)) for k in kinds}
            means = {k: sum(l for kk, l, _ in recent if kk == k) / count[k] for k in kinds}
            plain = {k: sum(p for kk, _, p in recent if kk == k) / count[k] for k in kinds}
            elapsed = time.time() - started
            print(
                f"step {step} {elapsed:.0f}s loss (1/t weighted) "
                + " ".join(f"{k}={v:.3f}" for k, v in means.items())
                + " | masked-token cross-entropy "
                + " ".join(f"{k}={v:.3f}" for k, v in plain.items())
                + f" | grad norm mean {sum(norms) / len(norms):.2f} max {max(norms):.2f}",
                flush=True,
            )
            history.append(
                {"step": step, "seconds": round(elapsed), "loss": sum(l for _, l, _ in recent) / len(recent), "weighted": means, "crossEntropy": plain}
            )
            recent = []
            norms = []
        out_of_time = args.max_minutes is not None and time.time() - started > args.max_minutes * 60
        stopping = out_of_time or (args.stop_after is not None and step >= args.stop_after)
        if stopping:
            export_steps.add(step)
        if step in export_steps:
            model.eval()
            with torch.no_grad():
                metrics = evaluate_model.quick_metrics(model, tokenizer, args.data_dir, held_documents)
            print(f"eval step {step}: {json.dumps(metrics)}", flush=True)
            history.append({"step": step, "eval": metrics})
        if step in export_steps:
            model.eval()
            torch.save({"model": model.state_dict(), "args": vars(args), "step": step}, args.checkpoint)
            export_model.export(model, tokenizer, args, args.out)
            with open(os.path.join(os.path.dirname(args.checkpoint), "training-log.json"), "w", encoding="utf-8") as handle:
                json.dump({"args": vars(args), "seconds": round(time.time() - started), "history": history, "manifest": manifest}, handle, indent=1)
            print(f"exported at step {step} after {time.time() - started:.0f}s", flush=True)
        if stopping:
            break


if __name__ == "__main__":
    main()
