# Sourced by the bench/*_gpu.sh scripts on the GPU machine (from the repo root, .whl/ and .gpucache/ carried): installs
# the carried wheels into /tmp/site, sets the environment, and writes the machine's facts to $out/machine.txt.
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl >/dev/null 2>&1 || exit 1
export PYTHONPATH=$PWD:/tmp/site PATH=/tmp/site/bin:$PATH MPLBACKEND=Agg PYTHONUNBUFFERED=1 MAMBA_AUDIO_HOME=$PWD/.gpucache
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader; python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__)"
  python3 -c "import mamba_ssm" 2>/dev/null && echo "mamba_ssm: INSTALLED" || echo "mamba_ssm: not installed"; echo "commit ${GIT_COMMIT:-?}"; } | tee "$out/machine.txt"
