#!/bin/bash
# Issue 10, NOTES v12: forward pass 3 with state n+1's rows loaded early (`fwd_prefetch`), the reduce-scatter again now
# that pass 3's loads sit at the top of each step, then 02's and 03's GPU cells. .whl carried: out=$OUT bash bench/fwd_prefetch_gpu.sh
out=${out:-$OUT}; source bench/gpu_env.sh
timeout 200 python3 bench/scan_variants.py "" "fwd_prefetch=1" "fwd_prefetch=2" "fwd_prefetch=1,fwd_maxnreg=168" "reduce_scatter=1" "bwd_maxnreg=184" 2>&1 | tee "$out/scan_variants.log"
for nb in 02_scan 03_mamba; do timeout 150 nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "nbdev-test --flags gpu $nb: rc $?" | tee -a "$out/tests.txt"; done
tail -5 "$out"/test_*.log
