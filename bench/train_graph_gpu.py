"""GPU: the LM's training step (no mamba_ssm) three ways, at the three shapes of `../shared/bench/README.md`:
  bench     `bench/lm_step.py`'s eager step (no clipping, no host sync: what `bench/triton_scan_gpu.py` times),
  eager     the library's `train_step` (clipping at 1.0, the NaN checks: two host syncs a step),
  graph     the library's `GraphStep` (the same work as `train_step`, replayed from one CUDA graph; what `fit` runs).
Each from the same seeded model (bench/lm_step.lm), bf16 autocast, fused AdamW; the first 3 losses of `eager` and `graph`
are compared. Timed as bench/triton_scan_gpu.py: median of 5 steps after 2 warm-up steps (for `graph`, after its
capture); peak MiB allocated over the timed steps, and for `graph` also the memory reserved (its pool is reserved,
not allocated, between replays).
Usage: PYTHONPATH=. python bench/train_graph_gpu.py"""
import time, torch
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.train import train_step, GraphStep
from lm_step import lm, train_step as bench_step, V
assert sc._mamba_ssm_scan is None and mm.mamba_inner_fn is None, "run without mamba_ssm"
print(torch.cuda.get_device_name(), 'torch', torch.__version__, flush=True)

def stepper(kind, m, opt):
    if kind == 'graph': gs = GraphStep(m, opt, 1.0, True); return gs, lambda x: gs(x[:, :-1], x[:, 1:])[0]
    if kind == 'eager': return None, lambda x: train_step(m, x[:, :-1], x[:, 1:], opt, None, 1.0, True)[0]
    return None, None

for B, L in ((8, 2048), (1, 16384), (1, 65536)):
    torch.manual_seed(1); x = torch.randint(0, V, (B, L + 1), device='cuda')
    first = {}
    for kind in ('bench', 'eager', 'graph'):
        m, opt = lm(); gs, f = stepper(kind, m, opt)
        if f is None: s = bench_step(m, opt, x); f = lambda x: s()
        first[kind] = [f(x) for _ in range(3)] if kind != 'bench' else None   # (graph: 2 eager warm-ups, the capture, a replay)
        for _ in range(2): f(x)
        torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); ts = []
        for _ in range(5):
            t = time.perf_counter(); f(x); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
        t = sorted(ts)[2]
        mem = f'peak {torch.cuda.max_memory_allocated() / 2**20:.0f} MiB allocated, {torch.cuda.memory_reserved() / 2**20:.0f} MiB reserved'
        print(f'{kind:5s} B={B} L={L}: {B * L / t / 1e3:.0f}k tok/s ({t * 1e3:.1f} ms; all {", ".join(f"{v * 1e3:.1f}" for v in ts)}); {mem}'
              + (f'; graph captured: {gs.graph is not None}, failed: {gs.failed}' if gs else ''), flush=True)
        if gs: gs.close()
        del m, opt, gs, f; torch.cuda.synchronize(); torch.cuda.empty_cache()   # no live graph here: close() dropped it
    d = max(abs(a - b) for a, b in zip(first['eager'], first['graph']))
    print(f'  losses of the first 3 steps, eager {first["eager"]}, graph {first["graph"]}: max |diff| {d:.2e}', flush=True)
