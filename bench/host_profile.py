"""GPU: where the host's time goes in one training step of the ~11M LM through our Triton kernels (no mamba_ssm):
the host time a step (no synchronisation inside), each Triton kernel's launch time on the host (JITFunction.run
wrapped), and a cProfile of 3 steps by own time and by cumulative time.
Usage: PYTHONPATH=. python bench/host_profile.py [B L]   (default 1 16384)"""
import cProfile, io, pstats, sys, time, torch
from collections import defaultdict
from triton.runtime.jit import JITFunction
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from lm_step import V, lm, train_step
assert sc._mamba_ssm_scan is None and mm.mamba_inner_fn is None, "run without mamba_ssm"
B, L = map(int, sys.argv[1:3]) if len(sys.argv) > 2 else (1, 16384)
m, opt = lm()
x = torch.randint(0, V, (B, L + 1), device='cuda'); step = train_step(m, opt, x)
for _ in range(3): step()
torch.cuda.synchronize()
def host(f, reps=5):
    hs = []
    for _ in range(reps):
        torch.cuda.synchronize(); h = time.perf_counter(); f(); hs.append(time.perf_counter() - h)
    torch.cuda.synchronize(); return sorted(hs)[reps // 2] * 1e3
print(f'B={B} L={L}: host {host(step):.2f} ms a step', flush=True)
with torch.autocast('cuda', dtype=torch.bfloat16):
    print(f'  forward alone (no grad) {host(lambda: m(x[:, :-1])):.2f} ms', flush=True)
acc, cnt, orig = defaultdict(float), defaultdict(int), JITFunction.run
def timed(self, *a, **k):
    h = time.perf_counter(); r = orig(self, *a, **k); acc[self.__name__] += time.perf_counter() - h; cnt[self.__name__] += 1; return r
JITFunction.run = timed
for _ in range(3): step()
torch.cuda.synchronize(); JITFunction.run = orig
tot = sum(acc.values())
print(f'Triton launches a step: {sum(cnt.values()) / 3:.0f}, host {tot / 3 * 1e3:.2f} ms a step; by kernel (us a launch, launches a step):')
for k in sorted(acc, key=acc.get, reverse=True): print(f'  {k}: {acc[k] / cnt[k] * 1e6:.1f} us x {cnt[k] / 3:.0f}')
pr = cProfile.Profile(); pr.enable()
for _ in range(3): step()
torch.cuda.synchronize(); pr.disable()
for key in ('tottime', 'cumtime'):
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats(key).print_stats(35); print(f'--- cProfile, 3 steps, by {key}'); print(s.getvalue()[-9000:])
