"""GPU: the Triton scan against selective_scan_ref (fp32, forward and every gradient) with the class settings given in
SCAN_SET (as bench/triton_scan_gpu.py reads them), at the lengths of 02_scan's gpu cell. Usage:
  SCAN_SET=reduce_scatter=0 PYTHONPATH=. python bench/scan_variant_check.py
Also says, at each length, whether the variant gives the defaults' bits (forward and every gradient)."""
import torch
import mamba_audio.scan as sc
from mamba_audio.scan import selective_scan_triton, selective_scan_ref, random_scan_inputs, rel_err
import os, scan_settings
S, V = sc.SelectiveScanTriton, os.environ.get('SCAN_SET', '')   # V: the variant's class settings
worst = 0.0
for l in (1, 7, 1000, 4099):
    u, raw, A, B, C, D = random_scan_inputs(2, l, 100, 16, device='cuda', requires_grad=True, seed=l)
    z, bias = torch.randn(2, l, 100, device='cuda', requires_grad=True), torch.randn(100, device='cuda', requires_grad=True)
    ins = (u, raw, A, B, C, D, z, bias, True); ts = [t for t in ins if isinstance(t, torch.Tensor)]
    yr = selective_scan_ref(*ins); gy = torch.randn_like(yr); grs = torch.autograd.grad(yr, ts, gy)
    outs = {}
    for v in scan_settings.each(S, [V, '']):                      # the variant, then the defaults
        if l == 1 and v == V: print(f'[{v}] flip_rev={S.flip_rev} reduce_scatter={S.reduce_scatter} bwd_maxnreg={S.bwd_maxnreg}')
        y = selective_scan_triton(*ins); outs[v] = [y] + list(torch.autograd.grad(y, ts, gy))
    errs = [rel_err(outs[V][0], yr)] + [rel_err(g, gr) for i, (g, gr) in enumerate(zip(outs[V][1:], grs)) if not (l == 1 and i == 2)]
    same = all(torch.equal(a, b) for a, b in zip(outs[V], outs['']))   # the variant against the defaults, bit for bit
    worst = max(worst, max(errs)); print(f'l={l}: worst rel. error {max(errs):.2e}; the defaults\' bits: {same}', flush=True)
print('OK' if worst < 1e-5 else 'FAIL', f'(worst {worst:.2e}, bound 1e-5)')
