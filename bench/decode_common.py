"""Helpers shared by the GPU decoding benchmarks (bench/decode_ab.py, bench/decode_pdl.py): timing in a CUDA graph,
`generate`'s tokens/s, per-layer and head step times, and a kernel profile."""
import statistics, time, traceback
import torch
from mamba_audio.mamba import Mamba
from mamba_audio.generate import generate, head_draw

def guarded(R, what, f, *a):
    "f(*a), or None with the error printed and kept in R['errors']."
    try: return f(*a)
    except Exception as e:
        R['errors'].append(f'{what}: {type(e).__name__}: {str(e)[:500]}'); print(f'FAILED {what}:', traceback.format_exc()[-2500:], flush=True)

def graph_us(fn, n=500):
    "fn captured in a CUDA graph (after two warm-up runs): the median over 5 of n replays, us per replay."
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(2): fn()
    torch.cuda.current_stream().wait_stream(s); g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g): fn()
    ts = []
    for _ in range(5):
        a, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        g.replay(); a.record()
        for _ in range(n): g.replay()
        e.record(); e.synchronize(); ts.append(a.elapsed_time(e) * 1e3 / n)
    return statistics.median(ts)

def rate(model, prompt, b, n, reps):
    "`generate` of n tokens after prompt(b), temperature 1: tokens/s, the median (and range) of reps timed runs after one."
    f = lambda: generate(model, prompt(b), n, temperature=1.0, seed=0)
    torch.cuda.synchronize(); f(); torch.cuda.synchronize(); ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
    return dict(tok_s=b * n / statistics.median(ts), min_tok_s=b * n / max(ts), max_tok_s=b * n / min(ts))

def layer_us(b, d, n_layer, dev):
    "One token through n_layer fresh Mamba layers (the Triton step, a pre-norm and the residual) in a graph: us a layer."
    torch.manual_seed(0)
    ls = [Mamba(d, d_state=16, expand=2).to(dev) for _ in range(n_layer)]; w = torch.ones(d, device=dev)
    st = [l.allocate_state(b) for l in ls]; x0 = torch.randn(b, d, device=dev)
    def fn():
        x = x0
        for l, s in zip(ls, st): x = l._step_triton(x, s, w, 1e-5, True)[0]
        return x
    with torch.no_grad(): return graph_us(fn) / n_layer

def head_us(b, d, V, dev):
    "`head_draw` at batch b in a graph, us."
    x, nw, W = torch.randn(b, d, device=dev), torch.ones(d, device=dev), torch.randn(V, d, device=dev)
    E = torch.empty(b, V, device=dev).exponential_()
    return graph_us(lambda: head_draw(x, nw, W, E))

def kernel_profile(f, n, title, top=12):
    "Run f (n tokens) under torch.profiler; print GPU time a token and the top kernels; return them for the JSON."
    from torch.profiler import profile as prof, ProfilerActivity
    f(); torch.cuda.synchronize()
    with prof(activities=[ProfilerActivity.CUDA]) as p: f(); torch.cuda.synchronize()
    ev = [e for e in p.key_averages() if getattr(e, 'self_device_time_total', 0) > 0]
    tot = sum(e.self_device_time_total for e in ev)
    print(f'--- profile {title}: {n} tokens, GPU time {tot / n:.1f} us/token, kernel launches {sum(e.count for e in ev) / n:.1f}/token', flush=True)
    for e in sorted(ev, key=lambda e: -e.self_device_time_total)[:top]:
        print(f'  {e.self_device_time_total / n:7.2f} us/token  {e.count / n:5.2f}/token  {e.self_device_time_total / max(e.count, 1):6.2f} us each  {e.key[:90]}')
    return dict(us_per_token=tot / n, kernels=[(e.key[:90], e.count / n, e.self_device_time_total / n) for e in ev])
