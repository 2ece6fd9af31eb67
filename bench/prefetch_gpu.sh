#!/bin/bash
# Issue 10, NOTES v12: the library's backward pass 3 with state n+1's rows loaded early (`prefetch`) and other register
# caps, as the scan alone (fwd / bwd ms at the three shapes) and as the LM's training step (ours only, eager and graph).
# On the GPU machine, .whl carried: out=$OUT bash bench/prefetch_gpu.sh
out=${out:-$OUT}; source bench/gpu_env.sh
V=("" "prefetch=1" "bwd_maxnreg=232" "prefetch=2,bwd_maxnreg=255" "prefetch=1,bwd_maxnreg=232" "prefetch=2,bwd_maxnreg=232")
timeout 240 python3 bench/scan_variants.py "${V[@]}" 2>&1 | tee "$out/scan_variants.log"
timeout 300 python3 bench/same_run_gpu.py --ours-only "" "prefetch=1" "bwd_maxnreg=232" "prefetch=2,bwd_maxnreg=255" 2>&1 | grep -v Warn | tee "$out/train.log"
