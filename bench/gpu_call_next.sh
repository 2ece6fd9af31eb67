#!/bin/bash
# Issue 10, prepared 2026-12-04 for the next session's first GPU call (.whl carried; ~8 min): out=$OUT bash bench/gpu_call_next.sh
# 1. Backward pass 3's register-lean variants (02, `SelectiveScanTriton.early_C` and `.readdr`, off by default; the same bits
#    as the defaults in Triton's interpreter). In the sm_90 SASS here (Triton 3.8, cap 168) they take local-memory accesses
#    a program from 729 to 163 (loop over n: 28 -> 7 an iteration) and instructions 16.7k -> 16.1k. Prediction: pass 3 at
#    1x65k -5 to -15% (backward ~5.9 -> ~5.2-5.6 ms a layer), the training step at 65k +3-8% (872k -> ~900-940k), still
#    short of Mamba-1's 1,061k. If the GPU's Triton (3.6) spills differently, nothing changes (a loss of 0).
#    First the check against selective_scan_ref compiled (scan_variant_check.py), then the scan alone (scan_variants.py,
#    the defaults first and last for the drift; with the reduce-scatter the loop is 640 instructions against 818, with 20
#    spill accesses an iteration against 7), then the training step, ours only, defaults against the lean pair.
# 2. Kernel A's own rows and tile at b16 (step_blocks' BB_in, E3_in): in_proj alone read W_in once for 8 rows in 6.27 us
#    against 7.05, but BB 8 for the whole step slowed the layer (20.4 -> 27.5 us). Prediction: the layer 20.4 -> ~19.6
#    us, generate at b16 115.8k -> ~120k (+4%); still short of 150,000.
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
for v in "early_C=1,readdr=1" "readdr=1"; do
  SCAN_SET=$v timeout 90 python3 bench/scan_variant_check.py 2>&1 | grep -v Warn | tail -5 | sed "s/^/[$v] /"
done
timeout 240 python3 bench/scan_variants.py "" "early_C=1" "readdr=1" "early_C=1,readdr=1" "early_C=1,readdr=1,bwd_maxnreg=200" \
  "early_C=1,readdr=1,reduce_scatter=1" "" 2>&1 | grep -v Warn | tee "$out/scan_variants.log"
timeout 150 python3 bench/same_run_gpu.py --ours-only "" "early_C=1,readdr=1" 2>&1 | grep -v Warn | tee "$out/train_lean.log"
G='[{"BB_in": 8, "E3_in": 8192, "warps_in": 8}, {"BB_in": 8, "E3_in": 8192}, {"BB_in": 8, "E3_in": 4096, "warps_in": 8},
 {"BB_in": 8, "E3_in": 16384, "warps_in": 8}, {"BB_in": 16, "E3_in": 16384, "warps_in": 8}, {"BB_in": 8, "E3_in": 8192, "warps_in": 8, "warps_out": 8}]'
timeout $(( 580 - ($(date +%s) - T0) )) python3 bench/decode_b16_sweep.py --budget 60 --top 2 --grid "$G" --out "$out/bb_in.json" 2>&1 | grep -v Warn | tail -20
echo "total $(( $(date +%s) - T0 )) s"
