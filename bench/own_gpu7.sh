#!/usr/bin/env bash
# Issue 10, 2026-12-03, third call on the H200: the host's time in a training step (bench/host_profile.py) at 2k and
# 16k tokens, with the conv at 2 warps (the default now); then 03's gpu cells.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
timeout 150 python3 bench/host_profile.py 1 16384 > "$out/host_16k.log" 2>&1; head -30 "$out/host_16k.log"
timeout 100 python3 bench/host_profile.py 8 2048 > "$out/host_2k.log" 2>&1; head -4 "$out/host_2k.log"
timeout 200 nbdev-test --flags gpu nbs/03_mamba.ipynb > "$out/test_03_mamba.log" 2>&1; echo "rc=$?" >> "$out/test_03_mamba.log"
echo "nbdev-test --flags gpu 03_mamba: $(tail -1 $out/test_03_mamba.log)"; grep -B2 -A8 "Error" "$out/test_03_mamba.log" | head -20
echo "total $(( $(date +%s) - T0 )) s"
