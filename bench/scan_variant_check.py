"""GPU: the Triton scan against selective_scan_ref (fp32, forward and every gradient) with the class settings given in
SCAN_SET (as bench/triton_scan_gpu.py reads them), at the lengths of 02_scan's gpu cell. Usage:
  SCAN_SET=reduce_scatter=0 PYTHONPATH=. python bench/scan_variant_check.py
Also says, at each length, whether the variant gives the defaults' bits (forward and every gradient)."""
import torch
import mamba_audio.scan as sc
from mamba_audio.scan import selective_scan_triton, selective_scan_ref, random_scan_inputs, rel_err
S = sc.SelectiveScanTriton
base = {k: v for k, v in vars(S).items() if not k.startswith('_') and isinstance(v, (int, type(None)))}
import scan_settings; scan_settings.apply(S)           # $SCAN_SET: a variant's class settings
var = {k: getattr(S, k) for k in base}
def with_settings(d, f):
    for k, v in d.items(): setattr(S, k, v)
    try: return f()
    finally:
        for k, v in var.items(): setattr(S, k, v)
print(f'flip_rev={S.flip_rev} reduce_scatter={S.reduce_scatter} bwd_maxnreg={S.bwd_maxnreg}')
worst = 0.0
for l in (1, 7, 1000, 4099):
    u, raw, A, B, C, D = random_scan_inputs(2, l, 100, 16, device='cuda', requires_grad=True, seed=l)
    z, bias = torch.randn(2, l, 100, device='cuda', requires_grad=True), torch.randn(100, device='cuda', requires_grad=True)
    ins = (u, raw, A, B, C, D, z, bias, True)
    y, yr = selective_scan_triton(*ins), selective_scan_ref(*ins); gy = torch.randn_like(y)
    errs = [rel_err(y, yr)]
    ts = [t for t in ins if isinstance(t, torch.Tensor)]
    for i, (g, gr) in enumerate(zip(torch.autograd.grad(y, ts, gy), torch.autograd.grad(yr, ts, gy))):
        if not (l == 1 and i == 2): errs.append(rel_err(g, gr))
    def run(): yy = selective_scan_triton(*ins); return [yy] + list(torch.autograd.grad(yy, ts, gy))
    same = all(torch.equal(a, b) for a, b in zip(run(), with_settings(base, run)))   # the variant against the defaults, bit for bit
    worst = max(worst, max(errs)); print(f'l={l}: worst rel. error {max(errs):.2e}; the defaults\' bits: {same}', flush=True)
print('OK' if worst < 1e-5 else 'FAIL', f'(worst {worst:.2e}, bound 1e-5)')
