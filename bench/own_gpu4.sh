#!/usr/bin/env bash
# Issue 10, 2026-12-02 evening, final call on the H200: gpu cells of 02 and 03, the scan alone and the training step with
# the new defaults against v6 (alternating), and generate's decoding rate.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
V6="own_Ab=0,reload=0,bwd_maxnreg=128,fold_h0_fwd=0,fwd_maxnreg=None"
for nb in 02_scan 03_mamba; do (timeout 240 nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "rc=$?" >> "$out/test_$nb.log") & done
timeout 90 python3 bench/scan_variants.py "" "$V6" 2>&1 | grep -v Warn
wait; for nb in 02_scan 03_mamba; do echo "nbdev-test --flags gpu $nb: $(tail -1 $out/test_$nb.log)"; grep -B2 -A8 "Error" "$out/test_$nb.log" | head -20; done
echo "at $(( $(date +%s) - T0 )) s"
for v in "" "$V6" ""; do
  echo "== SCAN_SET=${v:-default}"; SCAN_SET=$v timeout 75 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -3; done
echo "at $(( $(date +%s) - T0 )) s"
timeout 120 python3 bench/gen_gpu.py --out "$out/gen_gpu.json" --no-profile > "$out/gen_gpu.log" 2>&1; echo "gen_gpu rc=$?"
grep -E "check|tok/s|target" "$out/gen_gpu.log" | cut -c1-200 | head -20
echo "total $(( $(date +%s) - T0 )) s"
