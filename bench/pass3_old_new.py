"""Issue 10, NOTES v12: the library's backward before (a94bbf9, in bench/_scan_a94bbf9.py, `git show a94bbf9:mamba_audio/scan.py`)
and after c4a488d (state n's A, h0 and carry rows loaded at the top of each step over n, `_bwd_rows`), on one machine,
alternating: pass 3 alone and the whole backward (`_tri_bwd`), median µs by do_bench, at the three shapes.
Usage: PYTHONPATH=. python bench/pass3_old_new.py  (on a machine without git, make bench/_scan_a94bbf9.py first and carry it)"""
import os, sys, importlib.util, torch, triton
import mamba_audio.scan as new
sys.path.insert(0, os.path.dirname(__file__)); from scan_inputs import layer_inputs
OLD = os.path.join(os.path.dirname(__file__), '_scan_a94bbf9.py')   # git-ignored; made here from git where it is missing
if not os.path.exists(OLD):
    import subprocess; open(OLD, 'w').write(subprocess.run(['git', 'show', 'a94bbf9:mamba_audio/scan.py'], capture_output=True, text=True, check=True).stdout)
spec = importlib.util.spec_from_file_location('scan_old', OLD)
old = importlib.util.module_from_spec(spec); spec.loader.exec_module(old)
us = lambda f: triton.testing.do_bench(f, warmup=25, rep=200, return_mode='median') * 1e3
print(torch.cuda.get_device_name(), 'triton', triton.__version__, flush=True)
for b, l in ((8, 2048), (1, 16384), (1, 65536)):
    ins = layer_inputs(b, l, 'cuda'); _, hst = new._tri_fwd(*ins); torch.manual_seed(0); gout = torch.randn(b, l, 1024, device='cuda').bfloat16()
    ref = new._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3)
    for name, m in (('old', old), ('new', new)):
        for a, c in zip(m._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3), ref):
            assert (a is None and c is None) or torch.equal(a, c), name     # the same bits, old and new
    for rnd in range(2):
        for name, m in (('old', old), ('new', new)):
            w = us(lambda: m._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3))
            print(f'B={b} L={l} round {rnd}: {name} whole backward {w:7.0f} us', flush=True)
