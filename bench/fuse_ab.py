"""GPU: the conv's backward and the recomputed backward scan, each old (commit b0cf93b, bench/old_paths.py) against new,
alone, at the LM's three shapes (d_inner 1024, n 16, bf16 in), after checking that both agree with a reference.
Usage: PYTHONPATH=. python bench/fuse_ab.py   (median of 20 launches after 3 warm-up ones, CUDA events, ms)"""
import torch, torch.nn.functional as F
import mamba_audio.scan as sc, mamba_audio.mamba as mm, old_paths
from mamba_audio.scan import rel_err, random_scan_inputs
dev = 'cuda'; torch.manual_seed(0)

def ms(f, reps=20):
    for _ in range(3): f()
    ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record(); f(); b.record(); torch.cuda.synchronize(); ts.append(a.elapsed_time(b))
    return sorted(ts)[reps // 2]

# checks, float32: both conv backwards against PyTorch's conv, both scan backwards against each other and the reference
for b, l, d in ((2, 1, 100), (1, 1000, 130), (2, 4099, 64)):
    xz = torch.randn(b, l, 2 * d, device=dev, requires_grad=True); x = xz[..., :d]
    w, bias = torch.randn(d, 1, 4, device=dev, requires_grad=True), torch.randn(d, device=dev, requires_grad=True)
    yr = F.silu(F.conv1d(x.transpose(1, 2), w, bias, padding=3, groups=d)[..., :l].transpose(1, 2)); gy = torch.randn_like(yr)
    gr = torch.autograd.grad(yr, [xz, w, bias], gy)
    for which in ('conv', ''):
        old_paths.apply(which)
        g = torch.autograd.grad(mm.CausalConvSiLU.apply(x, w, bias), [xz, w, bias], gy)
        e = max(rel_err(a, c) for a, c in zip(g, gr)); assert e < 1e-5, (which, l, e)
        print(f'check conv {which or "new"} l={l}: rel. err {e:.1e}')
    u, raw, A, B, C, D = random_scan_inputs(b, l, d, 16, device=dev, seed=l)
    z, bi = torch.randn(b, l, d, device=dev), torch.randn(d, device=dev); gout = torch.randn(b, l, d, device=dev)
    args = (u, raw, A, B, C, D, z, bi, True)
    ins = [t.clone().requires_grad_() for t in (u, raw, A, B, C, D, z, bi)]
    ref = torch.autograd.grad(sc.selective_scan_ref(*ins, True), ins, gout)
    _, hst = sc._tri_fwd(*args)
    for name, h in (('saved states', hst), ('recomputed with pass 1', None)):
        g = old_paths._new_tri_bwd(*args, h, gout)
        e = max(rel_err(a, c) for i, (a, c) in enumerate(zip(g, ref)) if not (l == 1 and i == 2)); assert e < 1e-5, (name, l, e)
        print(f'check scan bwd, {name}, l={l}: rel. err {e:.1e}')

old_paths.apply('')
for b, l in ((8, 2048), (1, 16384), (1, 65536)):
    d, n = 1024, 16
    xz = torch.randn(b, l, 2 * d, device=dev, dtype=torch.bfloat16); x = xz[..., :d]
    w, bias = torch.randn(d, 1, 4, device=dev) * 0.5, torch.randn(d, device=dev)
    class C: pass
    ctx = C(); ctx.saved_tensors = (x, w, bias); ctx.grid = (sc.triton.cdiv(l, mm.CausalConvSiLU.T), sc.triton.cdiv(d, mm.CausalConvSiLU.BD), b)
    go = torch.randn(b, l, d, device=dev, dtype=torch.bfloat16)
    t_old = ms(lambda: old_paths.conv_backward_old(ctx, go)); t_new = ms(lambda: old_paths._new_conv_backward(ctx, go))
    u, raw, A, B, C_, D = random_scan_inputs(b, l, d, n, device=dev, seed=1)
    bf = lambda t: t.to(torch.bfloat16)
    z, bi = bf(torch.randn(b, l, d, device=dev)), torch.randn(d, device=dev) * 0.1
    args = (bf(u), bf(raw), A, bf(B), bf(C_), D, z, bi, True); gout = bf(torch.randn(b, l, d, device=dev)); dts = (torch.bfloat16,) * 3
    s_old = ms(lambda: old_paths.tri_bwd_old(*args, None, gout, dts)); s_new = ms(lambda: old_paths._new_tri_bwd(*args, None, gout, dts))
    print(f'B={b} L={l}: conv backward {t_old:.3f} -> {t_new:.3f} ms; scan backward with its states recomputed {s_old:.3f} -> {s_new:.3f} ms (a layer)', flush=True)
