#!/bin/bash
# Issue 10, call 2 of 2026-12-04, prepared for the next session (.whl carried; ~9 min): out=$OUT bash bench/gpu_call_12_04b.sh [sweep]
#  (with "sweep", steps 1-2 only, ~7 min; step 3 then runs in its own call)
#  1. in_proj alone at b4 and b16 in other layouts and warps (bench/in_proj_b16.py; the library's kernel A spends 7.4 of
#     its 10.3 us there at b16, call 1);
#  2. the step's warps a kernel (step_blocks' warps_in, warps_ssm, warps_out) with E3, BB and BD_in, one layer at b16 in a
#     graph, then `generate` at b16, b4 and b1 for the best three (bench/decode_b16_sweep.py --grid).
out=${out:-$OUT}; source bench/gpu_env.sh
timeout 200 python3 bench/in_proj_b16.py --batches 16,4 --out "$out/in_proj_b16.json" 2>&1 | grep -v Warn | tee "$out/in_proj_b16.log"
G='[{"warps_in": 8}, {"warps_in": 16}, {"warps_in": 16, "warps_out": 8}, {"warps_in": 16, "E3": 8192}, {"warps_in": 8, "E3": 8192}, {"warps_out": 8}, {"warps_in": 8, "warps_out": 8}, {"warps_in": 8, "warps_out": 8, "E3": 8192},
 {"warps_in": 8, "warps_ssm": 2}, {"warps_in": 8, "BD_in": 32}, {"warps_in": 8, "BB": 8}, {"warps_in": 8, "warps_out": 8, "BB": 8}, {"warps_ssm": 8},
 {"warps_in": 8, "warps_out": 8, "BB": 8, "E3": 8192}, {"warps_in": 2, "BB": 2}]'
timeout 200 python3 bench/decode_b16_sweep.py --budget 120 --top 3 --grid "$G" --out "$out/warps.json" 2>&1 | grep -v Warn | tail -30
[ "${1:-all}" = sweep ] && exit 0
# 3. 03's #| gpu cells with the b4 tiles (step_blocks['b4'], E3 16384 at batches 3-4), not yet run there (~3.5 min)
timeout 230 nbdev-test --flags gpu nbs/03_mamba.ipynb > "$out/test_03_mamba.log" 2>&1; echo "nbdev-test --flags gpu 03_mamba: rc $?"
