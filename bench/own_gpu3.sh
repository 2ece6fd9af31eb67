#!/usr/bin/env bash
# Issue 10, 2026-12-02 evening, last call: the gpu cells of 02 and 03 on the new scan defaults, the scan alone (new, v6,
# forward pass 3 variants), then the training step alternating new / v6 / new / forward fold.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
for nb in 02_scan 03_mamba; do (timeout 240 nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "rc=$?" >> "$out/test_$nb.log") & done
timeout 120 python3 bench/scan_variants.py "" "own_Ab=0,reload=0,bwd_maxnreg=128" "fwd_maxnreg=128" "fold_h0_fwd=1,fwd_maxnreg=128" "bwd_maxnreg=192" 2>&1 | grep -v Warn
wait; for nb in 02_scan 03_mamba; do echo "nbdev-test --flags gpu $nb: $(tail -1 $out/test_$nb.log)"; grep -B2 -A8 "Error" "$out/test_$nb.log" | head -20; done
echo "at $(( $(date +%s) - T0 )) s"
for v in "" "own_Ab=0,reload=0,bwd_maxnreg=128" "" "fold_h0_fwd=1,fwd_maxnreg=128"; do
  echo "== SCAN_SET=${v:-default}"; SCAN_SET=$v timeout 75 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -3; done
echo "total $(( $(date +%s) - T0 )) s"
