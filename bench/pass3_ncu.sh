#!/bin/bash
# Issue 10, next GPU call: why backward pass 3 (`scan._chunk_bwd`) stalls at B=1 L=65536 (bench/NOTES.md, v11).
# On the GPU machine from the repo root (no wheels needed): out=$OUT bash bench/pass3_ncu.sh
#  1. the unrolled variants of the ablation copy (`pass3_ablation.py --unroll`, ~30 s);
#  2. one launch of the library kernel under Nsight Compute: warp stall reasons, issue rate, occupancy, L1 hit rate of the
#     spills (local memory), and the per-instruction stall samples (SourceCounters), ~2 min.
out=${out:-$OUT}; export PYTHONPATH=$PWD PYTHONUNBUFFERED=1; mkdir -p "$out"
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader; python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__)"; echo "commit ${GIT_COMMIT:-?}"; } | tee "$out/machine.txt"
timeout 150 python3 bench/pass3_ablation.py --unroll 2>&1 | tee "$out/pass3_unroll.log"
timeout 300 ncu --clock-control none -k regex:'^_chunk_bwd$' --launch-skip 3 --launch-count 1 \
    --section LaunchStats --section Occupancy --section SchedulerStats --section WarpStateStats \
    --section MemoryWorkloadAnalysis_Tables --section SourceCounters \
    python3 bench/pass3_ablation.py --library-only 2>&1 | tee "$out/pass3_ncu.txt"
