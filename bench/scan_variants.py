"""GPU, issue 10: the Triton scan alone (one layer, d_inner 1024, n 16, bf16 in with the gate, bias and softplus, as in the
~11M LM), forward and backward ms at B=8 L=2048, B=1 L=16384, B=1 L=65536, for each variant given as SCAN_SET strings
(`SelectiveScanTriton` settings, as bench/scan_settings.py reads them). Median of do_bench's repetitions.
Usage: PYTHONPATH=. python bench/scan_variants.py "T=16,own_Ab=0" "T=16" "T=8,bwd_maxnreg=96" ...  (from the project root)"""
import os, sys, json, time, torch, triton
import mamba_audio.scan as sc
sys.path.insert(0, os.path.dirname(__file__)); import scan_settings
from scan_inputs import layer_inputs
S = sc.SelectiveScanTriton
dev, Dm, N = 'cuda', 1024, 16
inputs = lambda b, l: layer_inputs(b, l, dev, Dm, N)
res = {}
for v in scan_settings.each(S, sys.argv[1:]):
    t0 = time.time(); row = []
    try:
        for b, l in ((8, 2048), (1, 16384), (1, 65536)):
            ins = inputs(b, l); _, hst = sc._tri_fwd(*ins); gout = torch.randn(b, l, Dm, device=dev).bfloat16()
            f = triton.testing.do_bench(lambda: sc._tri_fwd(*ins), warmup=25, rep=100, return_mode='median')
            w = triton.testing.do_bench(lambda: sc._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3), warmup=25, rep=100, return_mode='median')
            row.append((f, w)); del ins, hst, gout
    except Exception as e: print(f'{v or "default"}: {type(e).__name__}: {str(e)[:300]}', flush=True); continue
    res[v] = row
    print(f'{v or "default":40s} ' + ' | '.join(f'{f:.3f} / {w:.3f}' for f, w in row) + f'   (fwd / bwd ms; {time.time() - t0:.0f} s)', flush=True)
json.dump(res, open(os.path.join(os.environ.get('out', '/tmp'), 'scan_variants.json'), 'w'), indent=1)
