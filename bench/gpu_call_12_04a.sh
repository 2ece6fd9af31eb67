#!/bin/bash
# Issue 10, 2026-12-04 call 1 on the H200 (.whl carried; ~8 min): out=$OUT bash bench/gpu_call_12_04a.sh
#  1. kernel A's stages left out one at a time (bench/kernel_a_ablation.py, b1, b4, b16), timed first on an idle GPU;
#  2. the checks stop 22 left (bench/gpu_checks_next.sh: graph resume with dropout, memcheck, 09's #| gpu cells);
#  3. kernel A (the ablation copy, every stage on) under Nsight Compute at b16 and b1: registers, occupancy, stalls;
#  4. E3 (acc3's register tile) at the default tiles (bench/decode_b16_sweep.py --grid);
out=${out:-$OUT}; source bench/gpu_env.sh
timeout 100 python3 bench/kernel_a_ablation.py --batches 1,4,16 --out "$out/kernel_a_ablation.json" 2>&1 | grep -v Warn | tee "$out/kernel_a_ablation.log"
out=$out bash bench/gpu_checks_next.sh
for b in 16 1; do
  timeout 80 ncu --clock-control none -k regex:'_step_in_ablate' --launch-skip 2 --launch-count 1 \
    --section LaunchStats --section Occupancy --section SchedulerStats --section WarpStateStats --section ComputeWorkloadAnalysis \
    --section MemoryWorkloadAnalysis --section SourceCounters \
    python3 bench/kernel_a_ablation.py --batches $b > "$out/kernel_a_ncu_b$b.txt" 2>&1; echo "ncu b$b: rc $?"
done
timeout 90 python3 bench/decode_b16_sweep.py --budget 60 --top 1 --grid '[{"E3": 2048}, {"E3": 8192}, {"E3": 16384}]' --out "$out/e3.json" 2>&1 | grep -v Warn | tail -15
