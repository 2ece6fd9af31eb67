#!/usr/bin/env bash
# One call on the GPU machine: install carried wheels, build mamba_ssm for sm_90, run the notebooks' #| gpu cells, then bench_gpu.py.
# Run from the repo root with .whl and .sdist carried:  bash bench/gpu_run.sh
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch; print('torch', torch.__version__)"
if [ -d .sdist ]; then
  t=$(date +%s); MAX_JOBS=16 timeout 420 bash bench/build_mamba_ssm_sm90.sh .sdist /tmp/mwhl 2>&1 | tail -3
  python3 -m pip install -q --no-index --no-deps --target /tmp/site /tmp/mwhl/*.whl && echo "mamba_ssm built in $(( $(date +%s) - t )) s"
fi
python3 -c "import mamba_ssm, causal_conv1d; print('mamba_ssm', mamba_ssm.__version__)"
timeout 150 python3 tools/run_cells.py nbs/02_scan.ipynb nbs/03_mamba.ipynb 2>&1 | tail -30
timeout 240 python3 bench/bench_gpu.py 2>&1 | tee $OUT/bench_gpu.log | grep -v Warning
