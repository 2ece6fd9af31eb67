#!/usr/bin/env bash
# Issue 10, 2026-12-02 evening: backward pass 3's reverse scan from Ab_t (own_Ab), x/z reloaded, chunks of 8; then
# kernel A's stages at batch 16 (decoding). On the GPU machine, .whl/ carried: out=$OUT bash bench/own_gpu.sh
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh
for s in "own_Ab=1" "T=8,own_Ab=1,bwd_maxnreg=128" "T=8,own_Ab=1,bwd_maxnreg=96"; do
  echo "== check $s"; SCAN_SET=$s timeout 90 python3 bench/scan_variant_check.py 2>&1 | grep -v Warn | tail -2; done
timeout 330 python3 bench/scan_variants.py "own_Ab=0,reload=0" "" "reload=0" "bwd_maxnreg=None" "bwd_maxnreg=168" \
  "T=8,bwd_maxnreg=None" "T=8,bwd_maxnreg=128" "T=8,bwd_maxnreg=96" "T=8,bwd_maxnreg=80" 2>&1 | grep -v Warn
(cd bench && timeout 100 python3 kernel_a_ablation.py --batches 1,16 --out $out/kernel_a.json 2>&1 | grep -v Warn | tail -30)
