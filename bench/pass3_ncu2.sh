#!/bin/bash
# Issue 10, after bench/pass3_ncu.sh (NOTES v12): the prefetch and the register cap around the winners of the first call,
# at the three training shapes, and the library kernel's stall reasons in full (ncu details, per-instruction SASS source).
# On the GPU machine from the repo root (no wheels needed): out=$OUT bash bench/pass3_ncu2.sh
out=${out:-$OUT}; export PYTHONPATH=$PWD PYTHONUNBUFFERED=1; mkdir -p "$out"
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader; python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__)"; echo "commit ${GIT_COMMIT:-?}"; ncu --version | tail -1; } | tee "$out/machine.txt"
V=1,0,200:1,0,232:1,1,144:1,1,168:1,1,200:1,1,232:1,2,232:1,2,255
timeout 120 python3 bench/pass3_ablation.py --unroll --variants $V 2>&1 | tee "$out/pass3_65k.log"
timeout 60 python3 bench/pass3_ablation.py --unroll --variants 1,0,232:1,1,168:1,1,232 --shape 1,16384 2>&1 | tee "$out/pass3_16k.log"
timeout 60 python3 bench/pass3_ablation.py --unroll --variants 1,0,232:1,1,168:1,1,232 --shape 8,2048 2>&1 | tee "$out/pass3_8x2k.log"
timeout 200 ncu --clock-control none -k regex:'^_chunk_bwd$' --launch-skip 3 --launch-count 1 --set full --import-source yes \
    -o "$out/pass3" python3 bench/pass3_ablation.py --library-only > "$out/ncu_run.log" 2>&1; tail -3 "$out/ncu_run.log"
ncu -i "$out/pass3.ncu-rep" --page details --print-details all > "$out/pass3_details.txt" 2>&1
ncu -i "$out/pass3.ncu-rep" --page source --csv --print-source sass > "$out/pass3_source_sass.csv" 2>&1
ncu -i "$out/pass3.ncu-rep" --page raw --csv > "$out/pass3_raw.csv" 2>&1
ls -la "$out"; grep -i "stall" "$out/pass3_details.txt" | head -40
