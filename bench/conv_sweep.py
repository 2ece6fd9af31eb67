"""GPU: the Triton causal conv + SiLU (nbs/03_mamba.ipynb `CausalConvSiLU`) alone, forward and backward, over its tiles
(T steps, BD channels, warps), at the LM's three shapes (d_inner 1024, K 4, x the strided half of a bf16 xz), each
in a CUDA graph (median of 20 replays, us); then PyTorch's conv for scale and the bandwidth floor of each direction.
Every tiling is checked first against PyTorch's conv in float32 (l = 1 and 1001). gp16: the backward's gp scratch
in x's dtype (bf16) instead of float32 (a bench-only copy of `backward`).
Usage: PYTHONPATH=. python bench/conv_sweep.py"""
import os, time, torch, torch.nn.functional as F
import mamba_audio.mamba as mm
from mamba_audio.scan import rel_err
S, dev = mm.CausalConvSiLU, 'cuda'; torch.manual_seed(0)
START, BUDGET = time.time(), float(os.environ.get('SWEEP_BUDGET', 180))   # s, for the tilings (then it stops trying new ones)

def graph_us(f, reps=20):
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3): f()
    torch.cuda.current_stream().wait_stream(s); g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g): f()
    g.replay(); torch.cuda.synchronize(); ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record(); g.replay(); b.record(); torch.cuda.synchronize(); ts.append(a.elapsed_time(b) * 1e3)
    return sorted(ts)[reps // 2]

def backward16(ctx, gout):
    "`CausalConvSiLU.backward` with gp in x's dtype."
    x, w, bias = ctx.saved_tensors; (b, l, d), K = x.shape, w.shape[-1]
    w2, bb, gout = w.reshape(d, K).float().contiguous(), bias.float().contiguous(), gout.contiguous()
    gp = torch.empty(b, l, d, device=x.device, dtype=x.dtype)
    part = x.new_empty(b * ctx.grid[0], K + 1, d, dtype=torch.float32)
    mm._conv_gp[ctx.grid](x, w2, bb, gout, gp, part, part, x.stride(0), x.stride(1), l, d, ctx.grid[0], K=K, T=S.T, BD=S.BD, num_warps=S.warps)
    gx = torch.empty(b, l, d, device=x.device, dtype=x.dtype)
    mm._conv_gx[ctx.grid](gp, w2, gx, l, d, K=K, T=S.T, BD=S.BD, num_warps=S.warps)
    part = part.sum(0)
    return gx, part[:K].t().reshape(w.shape).to(w.dtype), part[K].to(bias.dtype)

class Ctx: pass
def run_bwd(x, w, bias, go, bwd):
    ctx = Ctx(); ctx.saved_tensors = (x, w, bias); l, d = x.shape[1:]
    ctx.grid = (mm._scan.triton.cdiv(l, S.T), mm._scan.triton.cdiv(d, S.BD), x.shape[0])
    return bwd(ctx, go)

def check(bwd):
    e = 0.0
    for b, l, d in ((2, 1, 100), (2, 1001, 130)):
        xz = torch.randn(b, l, 2 * d, device=dev); x = xz[..., :d]
        w, bias = torch.randn(d, 1, 4, device=dev, requires_grad=True), torch.randn(d, device=dev, requires_grad=True)
        xg = x.detach().clone().requires_grad_()
        yr = F.silu(F.conv1d(xg.transpose(1, 2), w, bias, padding=3, groups=d)[..., :l].transpose(1, 2)); gy = torch.randn_like(yr)
        gr = torch.autograd.grad(yr, [xg, w, bias], gy)
        e = max(e, rel_err(S.apply(x, w.detach(), bias.detach()), yr))
        e = max([e] + [rel_err(a, c) for a, c in zip(run_bwd(x, w.detach(), bias.detach(), gy, bwd), gr)])
    return e

tiles = [(64, 64), (32, 64), (128, 64), (16, 64), (32, 128), (64, 128), (64, 32), (16, 256)]   # the default first
shapes = ((8, 2048), (1, 16384), (1, 65536)); d = 1024
data = {}
for b, l in shapes:
    xz = torch.randn(b, l, 2 * d, device=dev, dtype=torch.bfloat16)
    data[b, l] = (xz[..., :d], (torch.randn(d, 1, 4, device=dev) * 0.5), torch.randn(d, device=dev), torch.randn(b, l, d, device=dev, dtype=torch.bfloat16))
floor = {k: (v[0].numel() * 2 * 2, v[0].numel() * 2 * 3) for k, v in data.items()}   # bytes: fwd x in, y out; bwd x, gout in, gx out
print('bandwidth floor at 4.0 TB/s (fwd / bwd, us): ' + ', '.join(f'B={b} L={l} {f / 4e6:.0f} / {g / 4e6:.0f}' for (b, l), (f, g) in floor.items()), flush=True)
print('| T, BD, warps | max rel. err | ' + ' | '.join(f'B={b} L={l} fwd / bwd / bwd gp16' for b, l in shapes) + ' |')
best = {}
T0, BD0, W0 = S.T, S.BD, S.warps
for (T, BD) in tiles:
    for W in (4, 2, 8):
        if time.time() - START > BUDGET: print(f'| {T}, {BD}, {W} | not tried: past the sweep budget of {BUDGET} s |'); continue
        S.T, S.BD, S.warps = T, BD, W
        try:
            e = check(S.backward); assert e < 1e-5, e   # gp16 differs only for bf16 x: measured below
            row = []
            for k in shapes:
                x, w, bias, go = data[k]
                tf = graph_us(lambda: S.apply(x, w, bias))
                tb = graph_us(lambda: run_bwd(x, w, bias, go, S.backward))
                tb16 = graph_us(lambda: run_bwd(x, w, bias, go, backward16))
                row.append((tf, tb, tb16)); best.setdefault(k, []).append((tf + tb, T, BD, W))
            print(f'| {T}, {BD}, {W}{" (default)" if (T, BD, W) == (T0, BD0, W0) else ""} | {e:.1e} | ' + ' | '.join(f'{a:.0f} / {c:.0f} / {g:.0f}' for a, c, g in row) + ' |', flush=True)
        except Exception as ex: print(f'| {T}, {BD}, {W} | failed: {type(ex).__name__}: {str(ex)[:100]} |', flush=True)
S.T, S.BD, S.warps = T0, BD0, W0
for k in shapes: print(f'B={k[0]} L={k[1]}: fastest fwd+bwd', sorted(best[k])[:3])
tot = {}
for k in shapes:
    t0 = next(t for t, *c in best[k] if tuple(c) == (T0, BD0, W0))
    for t, *c in best[k]: tot[tuple(c)] = tot.get(tuple(c), 0) + t / t0 / len(shapes)
win = min(tot, key=tot.get); print(f'best over the three shapes (fwd+bwd against the default, mean): {win} {tot[win]:.3f}')
if os.environ.get('CONV_BEST'): open(os.environ['CONV_BEST'], 'w').write(','.join(map(str, win)))
# gp16 accuracy at bf16: gx against the float32-gp backward on the same bf16 inputs
x, w, bias, go = data[(1, 16384)]
g32, g16 = run_bwd(x, w, bias, go, S.backward)[0].float(), run_bwd(x, w, bias, go, backward16)[0].float()
print(f'gp16 against float32 gp, bf16 gx at B=1 L=16384: rel. err {rel_err(g16, g32):.1e} (bf16 rounding of gx alone: 2^-9 = 2.0e-3)')
for k in shapes:   # PyTorch (cuDNN) conv, as the block used it before the Triton conv: transposes, conv, slice, SiLU
    x, w, bias, go = data[k]; xg = x.detach().requires_grad_(); wb = w.to(torch.bfloat16).requires_grad_(); bb = bias.to(torch.bfloat16)
    def tf(): return F.silu(F.conv1d(xg.transpose(1, 2), wb, bb, padding=3, groups=d)[..., :k[1]].transpose(1, 2))
    def fb(): y = tf(); torch.autograd.grad(y, [xg, wb], go)
    print(f'PyTorch conv at B={k[0]} L={k[1]}: fwd {graph_us(tf):.0f} us, fwd+bwd {graph_us(fb):.0f} us', flush=True)
