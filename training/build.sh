#!/bin/sh
# Rebuilds the shipped built-in models (see docs/builtin-model.md and training/README.md). Run from the repository root.
# Intermediate files go to training/work/build (ignored by git).
#   sh training/build.sh [DATA] [target|proposer|all]   (default: target)
# `target` rebuilds models/builtin (the `--target builtin` model, about 30 minutes on a busy 2-core machine);
# `proposer` rebuilds models/builtin-dlm (the `--dlm builtin` model, about 65 minutes); `all` does both.
set -eu
DATA="${1:-../shared/data}"
WHAT="${2:-target}"
W=training/work/build
mkdir -p "$W"
PY="nice -n 5 /usr/bin/python3"
# Every phase of the proposer: masked-diffusion (LLaDA) training with the shipped tokenizer (token ids as models/builtin).
DLM="training/train.py --data-dir $DATA --tokenizer models/builtin/tokenizer.json --end-slots 6 --model-id-prefix dlmpo-builtin-dlm --end-token-bias -2 --threads 1"
if [ "$WHAT" = "proposer" ] || [ "$WHAT" = "all" ]; then
  # Phase 1: from fresh weights, half system-prompt/policy windows, half proposer-layout rows; 3000 steps, seed 2026.
  $PY $DLM --seed 2026 --steps 3000 --exports 3 --mix corpus=0.5,proposer=0.5 --out "$W/dlm" --checkpoint "$W/dlm-checkpoint.pt"
  # Phase 2: 1800 more steps at half the learning rate, seed 2027.
  $PY $DLM --init-checkpoint "$W/dlm-checkpoint.pt" --seed 2027 --steps 1800 --learning-rate 1e-3 --exports 2 \
    --mix corpus=0.5,proposer=0.5 --out "$W/dlm2" --checkpoint "$W/dlm2-checkpoint.pt"
  # Phase 3: mostly proposer rows, 60% of spans whole sentences; a 1500-step schedule stopped at step 1000, seed 2030.
  $PY $DLM --init-checkpoint "$W/dlm2-checkpoint.pt" --seed 2030 --steps 1500 --stop-after 1000 --learning-rate 1e-3 \
    --exports 3 --mix corpus=0.2,proposer=0.8 --sentence-share 0.6 --out "$W/dlm3" --checkpoint "$W/dlm3-checkpoint.pt"
  # Phases 4 and 5: proposer rows only, 95% over composed sentiment instructions, 90% sentence spans.
  $PY $DLM --init-checkpoint "$W/dlm3-checkpoint.pt" --seed 2031 --steps 1000 --learning-rate 1e-3 --exports 2 \
    --mix proposer=1.0 --sentence-share 0.9 --instruction-share 0.95 --out "$W/dlm4" --checkpoint "$W/dlm4-checkpoint.pt"
  $PY $DLM --init-checkpoint "$W/dlm4-checkpoint.pt" --seed 2032 --steps 1500 --learning-rate 1e-3 --exports 3 \
    --mix proposer=1.0 --sentence-share 0.9 --instruction-share 0.95 --out "$W/dlm5" --checkpoint "$W/dlm5-checkpoint.pt"
  # Phase 6: 2000 more steps at 7e-4, seed 2035.
  $PY $DLM --init-checkpoint "$W/dlm5-checkpoint.pt" --seed 2035 --steps 2000 --learning-rate 7e-4 --exports 2 \
    --mix proposer=1.0 --sentence-share 0.9 --instruction-share 0.95 --out "$W/dlm6" --checkpoint "$W/dlm6-checkpoint.pt"
  # Phases 7-9 teach the DLM to use its conditioning: `copy` rows (the failures name label words the application
  # expects, random vocabulary words; the span is the sentence that states them) and `scheme` rows (the same with
  # label schemes such as good/bad, like/dislike). The shipped phase 7 started from the shipped phase-6 model.onnx
  # (--init-onnx models/builtin-dlm/model.onnx, the same weights as dlm6-checkpoint.pt to 1e-6) with 160-character
  # reviews and whole-sentence spans only.
  $PY $DLM --init-checkpoint "$W/dlm6-checkpoint.pt" --seed 2040 --steps 1500 --learning-rate 7e-4 --exports 3 \
    --mix proposer=0.4,copy=0.6 --sentence-share 0.9 --instruction-share 0.95 --copy-review-chars 160 \
    --copy-label-span-share 0 --out "$W/dlm7" --checkpoint "$W/dlm7-checkpoint.pt"
  # Phase 8: a 2000-step schedule at 1e-3 with 75% copy rows, stopped after its first export (step 500), seed 2041.
  $PY $DLM --init-checkpoint "$W/dlm7-checkpoint.pt" --seed 2041 --steps 2000 --stop-after 500 --learning-rate 1e-3 \
    --exports 4 --mix proposer=0.25,copy=0.75 --sentence-share 0.9 --instruction-share 0.95 --out "$W/dlm8" \
    --checkpoint "$W/dlm8-checkpoint.pt"
  # Phase 9: scheme rows join in; 1500 steps at 1e-3, seed 2042; the model recommends an end-token bias of -1.
  $PY $DLM --init-checkpoint "$W/dlm8-checkpoint.pt" --seed 2042 --steps 1500 --learning-rate 1e-3 --exports 3 \
    --mix proposer=0.25,copy=0.3,scheme=0.45 --sentence-share 0.9 --instruction-share 0.95 --end-token-bias -1 \
    --out "$W/dlm9" --checkpoint "$W/dlm9-checkpoint.pt"
  mkdir -p models/builtin-dlm
  cp "$W/dlm9/model.onnx" "$W/dlm9/tokenizer.json" "$W/dlm9/tokenizer_config.json" "$W/dlm9/config.json" models/builtin-dlm/
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
# Rounds 3-5, the wording: every SST-2 row relabelled towards `positive` by how little its instruction states the task
# (train_joint.py, answer slots only); rounds 5-6 also add sentences of unrelated system prompts, which change nothing.
JOINT="training/train_joint.py --data-dir $DATA --tokenizer $W/tokenizer/tokenizer.json --answer-t one --diffusion-rows 0 --learning-rate 1e-3 --exports 2"
$PY $JOINT --init-checkpoint "$W/finetune.pt" --plain-share 0.6 --steps 600 --seed 2033 --out "$W/round3"
$PY $JOINT --init-checkpoint "$W/round3/checkpoint.pt" --plain-share 0.4 --steps 1000 --seed 2034 --out "$W/round4"
$PY $JOINT --init-checkpoint "$W/round4/checkpoint.pt" --plain-share 0.4 --unrelated-share 0.5 --steps 800 --seed 2036 \
  --out "$W/round5"
# Round 6: a quarter of the SST-2 rows get a vague instruction (a role, a vague line, maybe a format line).
$PY $JOINT --init-checkpoint "$W/round5/checkpoint.pt" --plain-share 0.4 --unrelated-share 0.4 --vague-share 0.25 \
  --steps 800 --seed 2037 --out "$W/round6"
cp "$W/round6/model.onnx" "$W/round6/tokenizer.json" "$W/round6/tokenizer_config.json" "$W/round6/config.json" models/builtin/
