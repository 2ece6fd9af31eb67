#!/bin/bash
# Issue 10, prepared 2026-12-04 for the next session's first call (.whl carried; ~3 min with its compiles):
#   out=$OUT bash bench/gpu_call_next.sh
# Kernel A's own rows a program and register tile at batch 16 (step_blocks' BB_in, E3_in; kernels B and C keep theirs).
# in_proj alone read W_in once for 8 rows in 6.27 us against 7.05 (BB 8, k-steps of 64, 8 warps; bench/gpu_2026-12-04b),
# but BB 8 for the whole step slowed the layer (20.4 -> 27.5 us). Prediction: the layer 20.4 -> ~19.6 us, generate at
# b16 115.8k -> ~120k (+4%); still short of 150,000. One layer in a graph for each setting, then generate at b16, b4, b1
# for the best three (bench/decode_b16_sweep.py --grid), each checked for the defaults' seeded tokens.
out=${out:-$OUT}; source bench/gpu_env.sh
G='[{"BB_in": 8, "E3_in": 8192, "warps_in": 8}, {"BB_in": 8, "E3_in": 8192}, {"BB_in": 8, "E3_in": 4096, "warps_in": 8},
 {"BB_in": 8, "E3_in": 16384, "warps_in": 8}, {"BB_in": 16, "E3_in": 16384, "warps_in": 8}, {"BB_in": 16, "E3_in": 16384, "warps_in": 16},
 {"BB_in": 8, "E3_in": 8192, "warps_in": 8, "warps_out": 8}, {"BB_in": 16, "E3_in": 8192, "warps_in": 8}]'
timeout 400 python3 bench/decode_b16_sweep.py --budget 120 --top 3 --grid "$G" --out "$out/bb_in.json" 2>&1 | grep -v Warn | tail -30
