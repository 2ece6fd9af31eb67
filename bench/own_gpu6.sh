#!/usr/bin/env bash
# Issue 10, 2026-12-03, second call on the H200: the Triton conv's tiles alone (bench/conv_sweep.py), then the training
# step with the default conv tiles against the sweep's best (alternating), with the host's time a step, and one
# profiled step a shape.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
CONV_BEST=$out/conv_best.txt timeout 300 python3 bench/conv_sweep.py 2>&1 | grep -v Warn | tee "$out/conv_sweep.log"
best=$(cat $out/conv_best.txt 2>/dev/null || echo 64,64,2); echo "at $(( $(date +%s) - T0 )) s; best conv tile $best"
PROFILE=25 timeout 120 python3 bench/triton_scan_gpu.py > "$out/train_profile.log" 2>&1; grep -E "^train|^NVIDIA" "$out/train_profile.log"
for v in "$best" "64,64,4" "$best"; do
  echo "== CONV_SET=$v"; CONV_SET=$v timeout 75 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -3; done
echo "total $(( $(date +%s) - T0 )) s"
