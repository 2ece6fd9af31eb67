#!/usr/bin/env bash
# Issue 10, 2026-12-03, on the H200: gpu cells of 02 and 03 at af7adac's kernels (conv backward in two kernels, forward
# and backward pass 1 fused when the states are recomputed), the two paths alone old -> new (fuse_ab.py), then the
# training step new against old, alternating, with peak memory.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
for nb in 02_scan 03_mamba; do (timeout 240 nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "rc=$?" >> "$out/test_$nb.log") & done
timeout 120 python3 bench/fuse_ab.py 2>&1 | grep -v Warn | tee "$out/fuse_ab.log"
wait; for nb in 02_scan 03_mamba; do echo "nbdev-test --flags gpu $nb: $(tail -1 $out/test_$nb.log)"; grep -B2 -A8 "Error" "$out/test_$nb.log" | head -20; done
echo "at $(( $(date +%s) - T0 )) s"
for v in "" "conv,pass1" "" "conv,pass1"; do
  echo "== OLD_PATHS=${v:-none}"; OLD_PATHS=$v timeout 75 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -3; done
echo "total $(( $(date +%s) - T0 )) s"
