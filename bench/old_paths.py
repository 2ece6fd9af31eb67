"""OLD_PATHS="conv,pass1" in the environment: put back the paths of commit b0cf93b, for same-run A/B timings
(bench/triton_scan_gpu.py, bench/fuse_ab.py). conv: the conv's backward as one kernel that recomputed the
pre-activation for each of the K outputs an input feeds. pass1: forward pass 1 recomputed by its own kernel before
backward pass 1, instead of the two in one kernel."""
import os, torch
import mamba_audio.scan as sc, mamba_audio.mamba as mm
tl = sc.tl

@sc.triton.jit
def _conv_bwd_old(x, w, bias, gout, gx, gw, gb, sxb, sxl, L, Dm, nck, K: tl.constexpr, T: tl.constexpr, BD: tl.constexpr):
    c = tl.program_id(0); pd = tl.program_id(1); b = tl.program_id(2)
    t = c * T + tl.arange(0, T); od = pd * BD + tl.arange(0, BD); md = od < Dm
    gxa = tl.zeros((T, BD), dtype=tl.float32)
    for j in tl.static_range(K):
        s = t + j; ms = (s < L)[:, None] & md[None, :]
        pre = mm._conv_pre(x, w, bias, b, s, od, sxb, sxl, L, Dm, K, T, BD)
        sg = 1.0 / (1.0 + tl.exp(-pre))
        gp = tl.load(gout + (b * L + s[:, None]) * Dm + od[None, :], mask=ms, other=0.0).to(tl.float32) * sg * (1.0 + pre * (1.0 - sg))
        gxa += tl.load(w + od * K + (K - 1 - j), mask=md, other=0.0)[None, :] * gp
        if j == 0:
            pidx = (b * nck + c) * (K + 1) * Dm + od
            tl.store(gb + pidx + K * Dm, tl.sum(gp, 0), mask=md)
            for k in tl.static_range(K):
                r = t - (K - 1) + k; m = ((r >= 0) & (r < L))[:, None] & md[None, :]
                xv = tl.load(x + b * sxb + r[:, None] * sxl + od[None, :], mask=m, other=0.0).to(tl.float32)
                tl.store(gw + pidx + k * Dm, tl.sum(gp * xv, 0), mask=md)
    m2 = (t < L)[:, None] & md[None, :]
    tl.store(gx + (b * L + t[:, None]) * Dm + od[None, :], gxa.to(gx.dtype.element_ty), mask=m2)

def conv_backward_old(ctx, gout):
    x, w, bias = ctx.saved_tensors; (b, l, d), K, S = x.shape, w.shape[-1], mm.CausalConvSiLU
    w2, bb, gout = w.reshape(d, K).float().contiguous(), bias.float().contiguous(), gout.contiguous()
    gx = torch.empty(b, l, d, device=x.device, dtype=x.dtype)
    part = x.new_empty(b * ctx.grid[0], K + 1, d, dtype=torch.float32)
    _conv_bwd_old[ctx.grid](x, w2, bb, gout, gx, part, part, x.stride(0), x.stride(1), l, d, ctx.grid[0], K=K, T=S.T, BD=S.BD, num_warps=4)
    part = part.sum(0)
    return gx, part[:K].t().reshape(w.shape).to(w.dtype), part[K].to(bias.dtype)

_new_conv_backward, _new_tri_bwd = mm.CausalConvSiLU.backward, sc._tri_bwd

def tri_bwd_old(u, delta, A, B, C, D, z, delta_bias, softplus, hst, gout, dtypes=None):
    if hst is None: hst = sc._tri_states(u, delta, A, B, delta_bias, softplus)
    return _new_tri_bwd(u, delta, A, B, C, D, z, delta_bias, softplus, hst, gout, dtypes)

def apply(which=None):
    "Put back the old paths named in `which` (default $OLD_PATHS), and the new ones for the others."
    which = set(filter(None, (os.environ.get('OLD_PATHS', '') if which is None else which).split(',')))
    if which - {'conv', 'pass1'}: raise SystemExit(f'OLD_PATHS: unknown {which - {"conv", "pass1"}}')
    mm.CausalConvSiLU.backward = staticmethod(conv_backward_old) if 'conv' in which else _new_conv_backward
    sc._tri_bwd = tri_bwd_old if 'pass1' in which else _new_tri_bwd
    return which
