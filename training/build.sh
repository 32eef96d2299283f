#!/bin/sh
# Rebuilds models/builtin as shipped (see docs/builtin-model.md): the tokenizer from train.py's vocabulary build, then
# two rounds of answer-slot training (finetune_answer.py) from fresh weights. About 6 minutes on a busy 2-core machine.
# Run from the repository root. Intermediate files go to training/work/build (ignored by git).
#   sh training/build.sh [DATA] [target|proposer|all]   (default: target)
# `proposer` rebuilds models/builtin-dlm instead (the `--dlm builtin` model, about 23 minutes); `all` does both.
set -eu
DATA="${1:-../shared/data}"
WHAT="${2:-target}"
W=training/work/build
mkdir -p "$W"
PY="nice -n 5 /usr/bin/python3"
if [ "$WHAT" = "proposer" ] || [ "$WHAT" = "all" ]; then
  # Masked-diffusion (LLaDA) training from fresh weights on system prompts, tau-bench policies and proposer-layout rows,
  # with the shipped tokenizer (same token ids as models/builtin): 3000 steps, seed 2026.
  $PY training/train.py --data-dir "$DATA" --tokenizer models/builtin/tokenizer.json --seed 2026 --steps 3000 \
    --exports 3 --mix corpus=0.5,proposer=0.5 --end-slots 6 --model-id-prefix dlmpo-builtin-dlm \
    --threads 1 --out "$W/dlm" --checkpoint "$W/dlm-checkpoint.pt"
  # Phase 2: 1800 more steps from those weights at half the learning rate, seed 2027.
  $PY training/train.py --data-dir "$DATA" --tokenizer models/builtin/tokenizer.json --init-checkpoint "$W/dlm-checkpoint.pt" \
    --seed 2027 --steps 1800 --learning-rate 1e-3 --exports 2 --mix corpus=0.5,proposer=0.5 --end-slots 6 \
    --model-id-prefix dlmpo-builtin-dlm --threads 1 --out "$W/dlm2" --checkpoint "$W/dlm2-checkpoint.pt"
  mkdir -p models/builtin-dlm
  cp "$W/dlm2/model.onnx" "$W/dlm2/tokenizer.json" "$W/dlm2/tokenizer_config.json" "$W/dlm2/config.json" models/builtin-dlm/
  [ "$WHAT" = "all" ] || exit 0
fi
# Tokenizer only (--steps 0 writes tokenizer.json and trains nothing).
$PY training/train.py --data-dir "$DATA" --steps 0 --out "$W/tokenizer" --checkpoint "$W/unused.pt"
# Answer-slot training, round 1 (writes $W/finetune.pt beside its output directory).
$PY training/finetune_answer.py --data-dir "$DATA" --init-checkpoint none --steps 800 \
  --tokenizer "$W/tokenizer/tokenizer.json" --out "$W/round1"
# Round 2, from round 1's weights.
$PY training/finetune_answer.py --data-dir "$DATA" --init-checkpoint "$W/finetune.pt" --steps 500 \
  --learning-rate 1.5e-3 --seed 4322 --tokenizer "$W/tokenizer/tokenizer.json" --out "$W/round2"
cp "$W/round2/model.onnx" "$W/round2/tokenizer.json" "$W/round2/tokenizer_config.json" "$W/round2/config.json" models/builtin/
