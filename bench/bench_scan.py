"""GPU: our chunked Triton selective scan, no mamba_ssm. Checks it against `selective_scan_ref` (fp32 and bf16 in) for each
variant of backward pass 3 (VARIANTS: the flags on SelectiveScanTriton), times the scan alone per variant (and per chunk
setting, if given), then the ~11M LM's training step (vocab 1024, d_model 512, 6 layers, d_state 16, expand 2, bf16
autocast, fused AdamW) at B=8 L=2048, B=1 L=16384, B=1 L=65536 with the newest and the previous variant, and profiles one.

Usage, from the project root on the GPU machine: PYTHONPATH=. python bench/bench_scan.py [configs]
configs: T,BD,warps;... (default 16,32,1 only). Writes $OUT/bench_scan.json and $OUT/profile_*.txt; prints a table last.
"""
import json, os, sys, time
import torch, torch.nn.functional as F
import triton
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.scan import SelectiveScanTriton as S, selective_scan_triton, selective_scan_ref, random_scan_inputs, rel_err
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM

OUT = os.environ.get('OUT', '/tmp'); dev = 'cuda'; res = dict(checks={}, scan={}, train={})
assert sc._mamba_ssm_scan is None and mm.mamba_inner_fn is None, "run without mamba_ssm: this times our own kernels"
print(torch.cuda.get_device_name(), 'torch', torch.__version__, 'triton', triton.__version__, flush=True)
res['device'], res['torch'], res['triton'] = torch.cuda.get_device_name(), torch.__version__, triton.__version__
cfgs = [tuple(map(int, c.split(','))) for c in sys.argv[1].split(';')] if len(sys.argv) > 1 else [(16, 32, 1)]
def setcfg(c): S.T, S.BD, S.warps = c
# backward pass 3's variants (bench/NOTES.md, v5): v4 as measured before; flip: the reverse scans as forward scans of flipped
# tiles; rs: dB, dC's channel sums by a reduce-scatter; h0: the chunk's start state folded into its first Bx; rN: at most N
# registers per thread in backward pass 3 (168: 12 warps per SM, 128: 16, instead of 8 at 255)
VARIANTS = {'v4': (False, False, False, None), 'flip': (True, False, False, None), 'flip+rs': (True, True, False, None),
            'v5': (True, True, True, None), 'v5 r168': (True, True, True, 168), 'v5 r128': (True, True, True, 128)}
def setvar(v): S.flip_rev, S.reduce_scatter, S.fold_h0, S.bwd_maxnreg = VARIANTS[v]

# 1. correctness against the reference (float64 reference on the same values), fp32 and bf16 in
def check(l, d, c, seed):
    setcfg(c); g = torch.Generator(device='cpu').manual_seed(seed)
    u, raw, A, B, C, D = random_scan_inputs(2, l, d, 16, device=dev, requires_grad=True, seed=seed)
    z = torch.randn(2, l, d, generator=g).to(dev).requires_grad_(); bias = torch.randn(d, generator=g).to(dev).requires_grad_()
    ins = (u, raw, A, B, C, D, z, bias, True); ts = [t for t in ins if isinstance(t, torch.Tensor)]
    dbl = [t.detach().double().requires_grad_() for t in ts]
    yr = selective_scan_ref(*dbl[:6], dbl[6], dbl[7], True); gy = torch.randn_like(yr)
    gr = torch.autograd.grad(yr, dbl, gy)
    y = selective_scan_triton(*ins); gk = torch.autograd.grad(y, ts, gy.float())
    # at l = 1 the true ∂A is 0 (h_{-1} = 0) and ours is the rounding of h - Bx: report its largest absolute value instead
    err = lambda gs, rs: [(a.abs().max().item() if l == 1 and i == 2 else rel_err(a.double(), b)) for i, (a, b) in enumerate(zip(gs, rs))]
    out = dict(y=rel_err(y.double(), yr), grads=err(gk, gr))
    lo = [t.detach().bfloat16() for t in (u, raw, B, C, z)]                       # bf16 in: the same values, upcast, for the reference
    up = [t.double().requires_grad_() for t in lo]; A2, D2, b2 = [t.detach().double().requires_grad_() for t in (A, D, bias)]
    yr = selective_scan_ref(up[0], up[1], A2, up[2], up[3], D2, up[4], b2, True)
    gr = torch.autograd.grad(yr, [up[0], up[1], A2, up[2], up[3], D2, up[4], b2], gy)
    full = (lo[0], lo[1], A.detach(), lo[2], lo[3], D.detach(), lo[4], bias.detach(), True)
    yk, hst = sc._tri_fwd(*full, out_dtype=torch.float32)
    gk = sc._tri_bwd(*full, hst, gy.float())
    out['bf16_f32out_y'] = rel_err(yk.double(), yr); out['bf16_f32out_grads'] = err(gk, gr)
    out['bf16_out_y'] = rel_err(selective_scan_triton(*full).double(), yr)
    return out
T0 = time.time()
for v in VARIANTS:
    setvar(v)
    for l in ((1, 1027) if v in ('v4', 'v5') else (1027,)):
        try: r = check(l, 300, cfgs[0], l)
        except Exception as e: print(f'check {v} l={l}: {type(e).__name__}: {str(e)[:300]}', flush=True); continue
        res['checks'][f'{v} {cfgs[0]} l={l}'] = r
        print(f'check {v} {cfgs[0]} l={l}: y {r["y"]:.1e}, grads max {max(r["grads"]):.1e}; bf16 in, fp32 out: y {r["bf16_f32out_y"]:.1e}, '
              f'grads max {max(r["bf16_f32out_grads"]):.1e}; bf16 out y {r["bf16_out_y"]:.1e}', flush=True)
        ok = max(r['y'], *r['grads'], r['bf16_f32out_y'], *r['bf16_f32out_grads']) < 1e-5 and r['bf16_out_y'] < 2**-8 + 1e-5
        r['ok'] = ok; print('  ->', 'OK' if ok else 'FAIL (fp32 above 1e-5, or bf16 out above 2^-8)', flush=True)
setvar('v5'); print(f'checks done at {time.time() - T0:.0f} s', flush=True)

# 2. the scan alone, bf16 in as in the LM, with the fused extras
shapes = [(8, 2048), (1, 16384), (1, 65536)]; Dm, N = 1024, 16
def scan_inputs(b, l):
    g = torch.Generator(device=dev).manual_seed(0)
    r = lambda *s: torch.randn(*s, device=dev, generator=g)
    xz = r(b, l, 2 * Dm).bfloat16(); u, z = xz.chunk(2, -1); u = u.contiguous()
    raw = (r(b, l, Dm) - 2).bfloat16(); BC = r(b, l, 2 * N).bfloat16(); B, C = BC.chunk(2, -1)
    A = -torch.exp(torch.log(torch.arange(1, N + 1, device=dev, dtype=torch.float32)).repeat(Dm, 1))
    return u, raw, A, B, C, torch.ones(Dm, device=dev), z, r(Dm) * 0.1 - 4, True
def tscan(c, b, l):
    setcfg(c); ins = scan_inputs(b, l)
    f = lambda: sc._tri_fwd(*ins)
    _, hst = f(); gout = torch.randn(b, l, Dm, device=dev).bfloat16()
    bw = lambda: sc._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3)
    return triton.testing.do_bench(f, warmup=25, rep=100, return_mode='median'), \
           triton.testing.do_bench(bw, warmup=25, rep=100, return_mode='median')
# the variants agree with each other on the LM's inputs (bf16 in, float32 gradients): B=1 L=4099, d 1024
ins = scan_inputs(1, 4099); setcfg(cfgs[0]); gout = torch.randn(1, 4099, Dm, device=dev).bfloat16()
gs = {}
for v in VARIANTS:
    setvar(v)
    try: _, hst = sc._tri_fwd(*ins); gs[v] = sc._tri_bwd(*ins, hst, gout)
    except Exception as e: print(f'agree {v}: {type(e).__name__}: {str(e)[:300]}', flush=True)
res['agree'] = {v: [rel_err(a, b) for a, b in zip(gs[v], gs['v4']) if a is not None] for v in gs}
print('variants against v4 on the LM inputs, B1 L4099, rel. diff of each gradient:',
      {v: f'{max(e):.1e}' for v, e in res['agree'].items()}, flush=True)
del gs, ins, gout
bad = {k.split(' (')[0] for k, r in res['checks'].items() if not r['ok']} | {v for v in VARIANTS if v not in res['agree']
       or max(res['agree'][v]) > 1e-4}                                # never picked as the best
if bad: print('variants that failed a check (not picked):', sorted(bad), flush=True)
best = None
for c in cfgs:
    for v in VARIANTS:
        t0 = time.time(); setvar(v)
        try: ts = [tscan(c, b, l) for b, l in shapes]
        except Exception as e: print(f'scan {c} {v}: {type(e).__name__}: {str(e)[:300]}', flush=True); continue
        res['scan'][f'{c} {v}'] = ts; tot = sum(f + b for f, b in ts)
        print(f'scan {c} {v} (incl. compile {time.time() - t0:.0f} s): ' + ', '.join(f'B{b}L{l} fwd {f:.3f} bwd {w:.3f} ms'
              for (b, l), (f, w) in zip(shapes, ts)), flush=True)
        if v not in bad and (best is None or tot < best[0]): best = (tot, c, v)
setcfg(best[1]); setvar(best[2]); res['best'] = best[1:]; print('best', best[1:], f'at {time.time() - T0:.0f} s', flush=True)
# where the scan's time goes, kernel by kernel, at B=1 L=65536
from torch.profiler import profile, ProfilerActivity
ins = scan_inputs(1, 65536); _, hst = sc._tri_fwd(*ins); gout = torch.randn(1, 65536, Dm, device=dev).bfloat16()
with profile(activities=[ProfilerActivity.CUDA]) as prof:
    for _ in range(3): sc._tri_fwd(*ins); sc._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3)
    torch.cuda.synchronize()
tab = prof.key_averages().table(sort_by='cuda_time_total', row_limit=20); open(f'{OUT}/profile_scan.txt', 'w').write(tab)
print('\n'.join(tab.split('\n')[:16]), flush=True)
del ins, hst, gout; torch.cuda.empty_cache()

# 3. the LM's training step, as ../shared/bench/same_run.py times it (median of 5 after 2 warm-up steps)
V = 1024; cfg = ModelConfig(vocab_size=V, d_model=512, n_layer=6, d_state=16, expand=2)
torch.manual_seed(0); model = MambaLM(cfg).to(dev); opt = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
def train(B, L, n=5, prof_name=None):
    x = torch.randint(0, V, (B, L + 1), device=dev)
    def step():
        with torch.autocast('cuda', dtype=torch.bfloat16):
            lg = model(x[:, :-1]); loss = F.cross_entropy(lg.float().reshape(-1, V), x[:, 1:].reshape(-1))
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    for _ in range(2): step()
    torch.cuda.synchronize(); torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats(); ts = []
    for _ in range(n):
        t = time.perf_counter(); step(); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
    t = sorted(ts)[n // 2]; r = dict(ms=t * 1e3, tok_s=B * L / t, peak_mib=torch.cuda.max_memory_allocated() / 2**20, all_ms=[x * 1e3 for x in ts])
    if prof_name:
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            step(); torch.cuda.synchronize()
        tab = prof.key_averages().table(sort_by='cuda_time_total', row_limit=40); open(f'{OUT}/profile_{prof_name}.txt', 'w').write(tab)
        evs = [(e.key, e.self_device_time_total / 1e3) for e in prof.key_averages() if e.self_device_time_total > 0]
        r['profile'] = sorted(evs, key=lambda e: -e[1])[:80]; r['split_ms'] = split(evs)
    return r
CATS = [('scan (our Triton kernels)', r'_chunk'), ('matmuls (projections, head)', r'gemm|cutlass|xmma|nvjet|cublas|sm90_|Kernel2'),
        ('conv1d (cudnn, or our Triton conv)', r'conv|cudnn|implicit|winograd|depthwise'), ('norms', r'rms|norm'),
        ('loss', r'cross_entropy|log_softmax|nll|softmax'), ('optimizer', r'adam|multi_tensor|foreach'),
        ('copies, transposes', r'copy|transpose|cat|contiguous'), ('other elementwise / reductions', r'.')]
def split(evs):
    import re
    out = {c: 0.0 for c, _ in CATS}
    for k, ms in evs:
        for c, pat in CATS:
            if re.search(pat, k, re.I): out[c] += ms; break
    return out
tv = [best[2]] + [v for v in ('v5', 'v4') if v != best[2]]         # the fastest variant (profiled), then the others to compare
for v in tv:
    setvar(v)
    for B, L in shapes:
        try: r = train(B, L, prof_name=f'B{B}L{L}' if v == tv[0] and L == 16384 else None)
        except torch.OutOfMemoryError: r = 'OOM'
        res['train'][f'{v} B{B}L{L}'] = r; torch.cuda.empty_cache()
        json.dump(res, open(f'{OUT}/bench_scan.json', 'w'), indent=1, default=str)      # as it goes, in case of a timeout
        print(f'train {v} B{B} L{L}: ' + (r if isinstance(r, str) else f'{r["tok_s"]/1e3:.0f}k tok/s ({r["ms"]:.1f} ms), peak {r["peak_mib"]:.0f} MiB'), flush=True)
setvar(best[2])
sp = res['train'][f'{tv[0]} B1L16384']
if isinstance(sp, dict):
    print('\nwhere the step goes at B=1 L=16384 (profiled step, ms of GPU time):')
    for c, ms in sp['split_ms'].items(): print(f'  {c}: {ms:.2f}')
json.dump(res, open(f'{OUT}/bench_scan.json', 'w'), indent=1, default=str); print(f'done at {time.time() - T0:.0f} s')
peer = {(8, 2048): (695, 1730), (1, 16384): (780, None), (1, 65536): (1078, 5414)}   # mamba_ssm Mamba-1, same H200 kind
print('\n| variant, shape | ours tok/s | ours peak MiB | mamba_ssm Mamba-1 (peer table) | ratio |\n|---|---|---|---|---|')
for v in tv:
    for B, L in shapes:
        r = res['train'][f'{v} B{B}L{L}']; p = peer[(B, L)]
        if isinstance(r, str): print(f'| {v} B={B} L={L} | {r} | | {p[0]}k | |'); continue
        print(f'| {v} B={B} L={L} | {r["tok_s"]/1e3:.0f}k | {r["peak_mib"]:.0f} | {p[0]}k, {p[1] or "-"} MiB | {r["tok_s"]/1e3/p[0]:.2f}x |')
