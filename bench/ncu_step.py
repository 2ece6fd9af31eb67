"""The decoding step's kernels under Nsight Compute (issue 10): 6 layers of the 11M LM stepped eagerly at batch B, fp32.
  ncu --clock-control none -k regex:_step_in --launch-skip 60 --launch-count 1 --section SpeedOfLight ... \\
      python3 bench/ncu_step.py 16"""
import sys, torch
from mamba_audio.mamba import Mamba
b = int(sys.argv[1]) if len(sys.argv) > 1 else 16
torch.manual_seed(0)
ls = [Mamba(512, d_state=16, expand=2).cuda() for _ in range(6)]; w = torch.ones(512, device='cuda')
st = [l.allocate_state(b) for l in ls]; x = torch.randn(b, 512, device='cuda')
with torch.no_grad():
    for _ in range(20):
        y = x
        for l, s in zip(ls, st): y = l._step_triton(y, s, w, 1e-5, True)[0]
torch.cuda.synchronize(); print('done', b)
