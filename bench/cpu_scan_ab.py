"""The CPU scan alone (`selective_scan_cpu`, forward and backward) on the bench_cpu.py LM's layer shape (b 4, l 1024,
d_inner 256, d_state 16; 2 threads): median of 7 after 2, ms, printing which checkout ran it. Alternate two trees to
compare them: PYTHONPATH=<old worktree> python bench/cpu_scan_ab.py, then python bench/cpu_scan_ab.py."""
import time, statistics, torch
import mamba_audio
from mamba_audio.scan import selective_scan_cpu, random_scan_inputs
torch.set_num_threads(2)
args = random_scan_inputs(4, 1024, 256, 16, seed=0, requires_grad=True)
gy = torch.randn(4, 1024, 256)
def run():
    t = time.perf_counter(); y = selective_scan_cpu(*args); t1 = time.perf_counter()
    torch.autograd.grad(y, args, gy); return t1 - t, time.perf_counter() - t1
for _ in range(2): run()
f, b = zip(*[run() for _ in range(7)])
print(mamba_audio.__file__.split('/')[2], f'forward {statistics.median(f) * 1e3:.1f} ms, backward {statistics.median(b) * 1e3:.1f} ms')
