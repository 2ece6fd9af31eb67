#!/usr/bin/env bash
# The session's last GPU call (issue 10, and the stretch of issue 9): the #| gpu cells of the kernel notebooks on the
# committed code, then the decoding (bench/decode_pdl.py, bench/gen_gpu.py) and training figures, then the matched Transformer's regularized MIDI run.
#   GIT_COMMIT=<hash> bash bench/final_gpu.sh     (on the GPU machine, from the repo root, .whl/ and .gpucache/ carried)
set -uo pipefail
out=${OUT:-/tmp/final}; mkdir -p "$out"; T0=$(date +%s)
source bench/gpu_env.sh
for nb in 02_scan 03_mamba 08_models 10_generate; do
  (timeout 200 nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "rc=$?" >> "$out/test_$nb.log") &
done; wait
for nb in 02_scan 03_mamba 08_models 10_generate; do echo "nbdev-test --flags gpu $nb: $(tail -1 $out/test_$nb.log)"; grep -B2 -A8 "Error" "$out/test_$nb.log" | head -30; done
echo "tests: $(( $(date +%s) - T0 )) s"
timeout 150 python3 bench/decode_pdl.py --out "$out/decode_pdl.json" --budget 60 > "$out/decode_pdl.log" 2>&1; echo "decode_pdl rc=$?"
grep -E "tok/s|target|FAIL|rror|same|graph|sweep" "$out/decode_pdl.log" | cut -c1-220 | head -40
timeout 120 python3 bench/gen_gpu.py --out "$out/gen_gpu.json" --no-profile > "$out/gen_gpu.log" 2>&1; echo "gen_gpu rc=$?"
grep -E "check|tok/s|target|before" "$out/gen_gpu.log" | cut -c1-200 | head -40
timeout 60 python3 bench/triton_scan_gpu.py > "$out/train_gpu.log" 2>&1; echo "triton_scan_gpu rc=$?"; grep -v Warn "$out/train_gpu.log" | tail -5
echo "figures: $(( $(date +%s) - T0 )) s"
LEFT=$(( ${BUDGET:-420} - ($(date +%s) - T0) ))
if [ $LEFT -gt 60 ]; then
  cp bench/RESULTS.md /tmp/RESULTS.before
  timeout $LEFT python3 bench/ablation.py --device cuda --arch transformer --only both --dropout ${TF_DROPOUT:-0.1} --steps 1500 --length 1024 --batch 32 --eval-every 50 --out /tmp/abl > "$out/ablation_tf.log" 2>&1
  echo "ablation (Transformer) rc=$?"; tail -4 "$out/ablation_tf.log"
fi
echo "total $(( $(date +%s) - T0 )) s"
