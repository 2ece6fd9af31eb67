#!/usr/bin/env bash
# Issue 10, the same-run figures, in two calls on the H200 made back to back (the wheels stay in .gpu/mwhl while the
# machine is warm). Carry .whl and .sdist (mamba-ssm 2.3.2.post1 and causal-conv1d 1.7.0 sdists, from `pip download`,
# see bench/build_mamba_ssm_sm90.sh).
#   bash bench/own_gpu11.sh conv    # causal_conv1d for sm_90 (~6 min)
#   bash bench/own_gpu11.sh mamba [--core]   # mamba_ssm for sm_90 (~2.5 min), then bench/same_run_gpu.py [--core]
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
build() {  # $1: sdist glob; setup.py patched to build for sm_90 only; the wheel into .gpu/mwhl
  local W; W=$(mktemp -d); tar xzf $1 -C $W; local src; src=$(ls -d $W/*/)
  python3 - "$src/setup.py" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r'cc_flag\.append\("-gencode"\)\n\s*cc_flag\.append\("arch=compute_(?!90)\d+,code=sm_\d+"\)', 'pass', s)
open(p, 'w').write(s)
PY
  mkdir -p .gpu/mwhl
  (cd $src && MAX_JOBS=16 NVCC_THREADS=2 MAMBA_FORCE_BUILD=TRUE CAUSAL_CONV1D_FORCE_BUILD=TRUE TORCH_CUDA_ARCH_LIST=9.0 \
     timeout ${BUILD_S:-560} python3 -m pip wheel --no-build-isolation --no-deps -w $OLDPWD/.gpu/mwhl . > $W/log 2>&1) || tail -5 $W/log
  echo "built: $(ls .gpu/mwhl) at $(( $(date +%s) - T0 )) s"
}
case "${1:-}" in
  conv) build ".sdist/causal_conv1d-*.tar.gz" ;;
  mamba)
    ls .gpu/mwhl/causal_conv1d-*.whl >/dev/null 2>&1 || { echo "no causal_conv1d wheel: the machine went cold; run conv again"; exit 2; }
    BUILD_S=300 build ".sdist/mamba_ssm-*.tar.gz"
    python3 -m pip install -q --no-index --no-deps --upgrade --target /tmp/site .gpu/mwhl/*.whl
    python3 -c "import mamba_ssm, causal_conv1d; print('mamba_ssm', mamba_ssm.__version__, 'causal_conv1d', causal_conv1d.__version__)" | tee -a "$out/machine.txt" || exit 1
    timeout $(( 590 - ($(date +%s) - T0) )) python3 bench/same_run_gpu.py "${@:2}" 2>&1 | grep -v Warn | tee "$out/same_run.log" ;;
esac
echo "total $(( $(date +%s) - T0 )) s"
