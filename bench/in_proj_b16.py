"""Issue 10, decoding at batch 16: in_proj's share of kernel A (7.4 of 10.3 us a layer at b16; `kernel_a_ablation.py`,
bench/gpu_2026-12-04a) in other layouts. Each variant computes kernel A's first stage alone, for rows 0 .. b of x (b, DM)
float32: RMSNorm's 1/rms s, x1 = s (x nw) W_x^T and z = s (x nw) W_z^T (b, DI) each, W_in = [W_x; W_z] (2 DI, DM).
  lib   the library's `mamba._in_proj` (acc3 at b > 1: (BB, BD, BK) register tiles, W_in as it is, (2 DI, DM));
  t3    W_in^T (DM, 2 DI), contiguous along the channels; (BB, BK, BD) tiles summed over the middle (k) axis;
  t2    W_in^T, a (BB, BD) tile of sums and rank-1 updates, one k at a time, k in a static loop of KU steps;
  dot   tl.dot in tf32x3 (about float32's rounding), x and z channels in one (2 BD, BK) tile, all BB rows a program;
  ieee  the same in exact float32 (Triton's FMA dot: operands staged in shared memory, products on the FMA units).
Modes: --check (Triton's interpreter on the CPU: every variant against torch in float64, tolerance from the sums'
rounding); --sass SM (compiled here for sm_SM: registers, spills, SASS counts); default, on a GPU: us a launch, six
layers' weights in turn in one CUDA graph, at each batch.
Usage: PYTHONPATH=. python bench/in_proj_b16.py [--batches 4,16] [--out r.json] | --check | --sass 90"""
import argparse, json
import torch
from mamba_audio.scan import triton, tl
import mamba_audio.mamba as mm

DM, DI = 512, 1024

@triton.jit
def _lib(x, nw, W, x1b, zb, b, eps, DM: tl.constexpr, DI: tl.constexpr, BB: tl.constexpr, BD: tl.constexpr, BK: tl.constexpr, ACC3: tl.constexpr):
    pd = tl.program_id(0); pb = tl.program_id(1)
    od = pd * BD + tl.arange(0, BD); md = od < DI; ob = pb * BB + tl.arange(0, BB); mb = ob < b
    x1, z = mm._in_proj(x, nw, W, pb * BB, b, od, md, eps, x, x, False, DM, DI, True, BB, BD, BK, 0, 0, 1, False, ACC3)
    o2 = ob[:, None] * DI + od[None, :]; m2 = mb[:, None] & md[None, :]
    tl.store(x1b + o2, x1, mask=m2); tl.store(zb + o2, z, mask=m2)

@triton.jit
def _t3(x, nw, WT, x1b, zb, b, eps, DM: tl.constexpr, DI: tl.constexpr, BB: tl.constexpr, BD: tl.constexpr, BK: tl.constexpr):
    # WT (DM, 2 DI): column c < DI is x's channel c, DI + c is z's. (BB, BK, BD) products, summed over k at the end
    pd = tl.program_id(0); pb = tl.program_id(1)
    od = pd * BD + tl.arange(0, BD); md = od < DI; ob = pb * BB + tl.arange(0, BB); mb = ob < b
    ax = tl.zeros((BB, BK, BD), dtype=tl.float32); az = tl.zeros((BB, BK, BD), dtype=tl.float32); sv = tl.zeros((BB, BK), dtype=tl.float32)
    for k0 in tl.static_range(0, DM, BK):
        ok = k0 + tl.arange(0, BK); mk = ok < DM
        wx = tl.load(WT + ok[:, None] * (2 * DI) + od[None, :], mask=mk[:, None] & md[None, :], other=0.0).to(tl.float32)        # (BK, BD)
        wz = tl.load(WT + ok[:, None] * (2 * DI) + DI + od[None, :], mask=mk[:, None] & md[None, :], other=0.0).to(tl.float32)
        xt = tl.load(x + ob[:, None] * DM + ok[None, :], mask=mb[:, None] & mk[None, :], other=0.0).to(tl.float32)             # (BB, BK)
        sv += xt * xt
        xt = xt * tl.load(nw + ok, mask=mk, other=0.0).to(tl.float32)[None, :]
        ax += xt[:, :, None] * wx[None, :, :]; az += xt[:, :, None] * wz[None, :, :]
    s = tl.rsqrt(tl.sum(sv, 1) / DM + eps)[:, None]
    o2 = ob[:, None] * DI + od[None, :]; m2 = mb[:, None] & md[None, :]
    tl.store(x1b + o2, tl.sum(ax, 1) * s, mask=m2); tl.store(zb + o2, tl.sum(az, 1) * s, mask=m2)

@triton.jit
def _t2(x, nw, WT, x1b, zb, b, eps, DM: tl.constexpr, DI: tl.constexpr, BB: tl.constexpr, BD: tl.constexpr, KU: tl.constexpr):
    # WT as _t3; sums (BB, BD), one k at a time: x's column k (BB,) times WT's row k (BD,)
    pd = tl.program_id(0); pb = tl.program_id(1)
    od = pd * BD + tl.arange(0, BD); md = od < DI; ob = pb * BB + tl.arange(0, BB); mb = ob < b
    ax = tl.zeros((BB, BD), dtype=tl.float32); az = tl.zeros((BB, BD), dtype=tl.float32); ss = tl.zeros((BB,), dtype=tl.float32)
    for k0 in tl.range(0, DM, KU):
        for j in tl.static_range(KU):
            k = k0 + j
            xk = tl.load(x + ob * DM + k, mask=mb, other=0.0).to(tl.float32)                        # (BB,)
            ss += xk * xk; xk = xk * tl.load(nw + k).to(tl.float32)
            wx = tl.load(WT + k * (2 * DI) + od, mask=md, other=0.0).to(tl.float32)                   # (BD,)
            wz = tl.load(WT + k * (2 * DI) + DI + od, mask=md, other=0.0).to(tl.float32)
            ax += xk[:, None] * wx[None, :]; az += xk[:, None] * wz[None, :]
    s = tl.rsqrt(ss / DM + eps)[:, None]
    o2 = ob[:, None] * DI + od[None, :]; m2 = mb[:, None] & md[None, :]
    tl.store(x1b + o2, ax * s, mask=m2); tl.store(zb + o2, az * s, mask=m2)

@triton.jit
def _dot3_k(x, nw, W, acc, sv, k0, ob, mb, oc, mc, DM: tl.constexpr, BK: tl.constexpr, IEEE: tl.constexpr):
    # one k-step of _dot3: acc (BB, 2 BD) += (x nw)[:, k0:k0+BK] W[oc, k0:k0+BK]^T; sv (BB, BK) += x^2
    ok = k0 + tl.arange(0, BK); mk = ok < DM
    w = tl.load(W + oc[:, None] * DM + ok[None, :], mask=mc[:, None] & mk[None, :], other=0.0)                   # (2 BD, BK)
    xt = tl.load(x + ob[:, None] * DM + ok[None, :], mask=mb[:, None] & mk[None, :], other=0.0).to(tl.float32)   # (BB, BK)
    sv += xt * xt
    xt = xt * tl.load(nw + ok, mask=mk, other=0.0).to(tl.float32)[None, :]
    if IEEE: acc = tl.dot(xt, tl.trans(w), acc, input_precision="ieee")        # FMA products, float32
    else: acc = tl.dot(xt, tl.trans(w), acc, input_precision="tf32x3")
    return acc, sv

@triton.jit
def _dot3(x, nw, W, x1b, zb, b, eps, DM: tl.constexpr, DI: tl.constexpr, BB: tl.constexpr, BD: tl.constexpr, BK: tl.constexpr, IEEE: tl.constexpr,
          STAGES: tl.constexpr = 0):
    # W (2 DI, DM) as it is; the (2 BD, BK) tile of rows od and DI + od in one tl.dot (tf32x3), BB >= 16 rows;
    # the loop over k unrolled (STAGES 0) or software-pipelined in STAGES stages
    pd = tl.program_id(0); pb = tl.program_id(1)
    ob = pb * BB + tl.arange(0, BB); mb = ob < b
    jj = tl.arange(0, 2 * BD); oc = tl.where(jj < BD, pd * BD + jj, DI + pd * BD + jj - BD); mc = (pd * BD + jj % BD) < DI   # (2 BD,)
    acc = tl.zeros((BB, 2 * BD), dtype=tl.float32); sv = tl.zeros((BB, BK), dtype=tl.float32)
    if STAGES == 0:
        for k0 in tl.static_range(0, DM, BK): acc, sv = _dot3_k(x, nw, W, acc, sv, k0, ob, mb, oc, mc, DM, BK, IEEE)
    else:
        for k0 in tl.range(0, DM, BK, num_stages=STAGES): acc, sv = _dot3_k(x, nw, W, acc, sv, k0, ob, mb, oc, mc, DM, BK, IEEE)
    s = tl.rsqrt(tl.sum(sv, 1) / DM + eps)[:, None]; acc = acc * s
    ox = pd * BD + tl.arange(0, BD); m2 = mb[:, None] & (ox < DI)[None, :]; o2 = ob[:, None] * DI + ox[None, :]
    x1, z = tl.split(tl.permute(tl.reshape(acc, (BB, 2, BD)), (0, 2, 1)))                                          # (BB, BD) each
    tl.store(x1b + o2, x1, mask=m2); tl.store(zb + o2, z, mask=m2)

def variants(b):
    "name -> (kernel, weights 'W' or 'WT', constexprs, grid over channels' block BD, rows a program BB, warps)"
    V = {}
    bb = lambda n: min(mm._p2(b), n)
    V['lib acc3 BB4 BD16 BK64'] = (_lib, 'W', dict(BB=bb(4), BD=16, BK=64, ACC3=b > 1), 4)
    for BB, BD, BK, w in ((4, 16, 64, 8), (4, 16, 64, 16), (4, 16, 128, 16), (4, 16, 128, 8), (4, 32, 64, 8), (8, 16, 64, 8), (2, 16, 64, 4), (2, 16, 128, 8)):
        V[f'lib acc3 BB{BB} BD{BD} BK{BK} w{w}'] = (_lib, 'W', dict(BB=bb(BB), BD=BD, BK=BK, ACC3=b > 1), w)
    for BB, BD, BK, w in ((4, 32, 16, 4), (4, 64, 8, 4), (8, 32, 8, 4), (16, 32, 4, 4), (16, 16, 8, 4), (16, 16, 8, 2), (4, 16, 16, 2)):
        V[f't3 BB{BB} BD{BD} BK{BK} w{w}'] = (_t3, 'WT', dict(BB=bb(BB), BD=BD, BK=BK), w)
    for BB, BD, KU, w in ((16, 16, 8, 1), (16, 16, 8, 2), (16, 32, 8, 2), (16, 32, 8, 4), (8, 16, 8, 1), (4, 16, 8, 1), (16, 8, 16, 1)):
        V[f't2 BB{BB} BD{BD} KU{KU} w{w}'] = (_t2, 'WT', dict(BB=bb(BB), BD=BD, KU=KU), w)
    if b >= 16:
        for BD, BK, w in ((8, 64, 1), (8, 64, 2), (16, 64, 2), (16, 32, 1), (8, 128, 1)):
            V[f'dot BB16 BD{BD} BK{BK} w{w}'] = (_dot3, 'W', dict(BB=16, BD=BD, BK=BK, IEEE=False), w)
        for BD, BK, w, st in ((8, 32, 1, 2), (8, 32, 1, 3), (16, 32, 2, 2), (8, 64, 1, 2), (8, 16, 1, 3), (16, 32, 4, 3)):
            V[f'dot BB16 BD{BD} BK{BK} w{w} stages{st}'] = (_dot3, 'W', dict(BB=16, BD=BD, BK=BK, IEEE=False, STAGES=st), w)
        for BD, BK, w in ((8, 64, 1), (8, 32, 1), (16, 32, 2), (16, 16, 1), (8, 16, 1)):
            V[f'ieee BB16 BD{BD} BK{BK} w{w}'] = (_dot3, 'W', dict(BB=16, BD=BD, BK=BK, IEEE=True), w)
    return V

def launch(v, x, nw, W, WT, out, eps=1e-5):
    fn, wk, c, w = v; b = len(x)
    grid = (-(-DI // c['BD']), -(-b // c['BB']))
    fn[grid](x, nw, W if wk == 'W' else WT, out[0], out[1], b, eps, DM=DM, DI=DI, **c, num_warps=w)

def ref(x, nw, W, eps=1e-5):
    x, nw, W = x.double(), nw.double(), W.double()
    xn = x * torch.rsqrt(x.pow(2).mean(1, keepdim=True) + eps) * nw
    return (xn @ W.T).split(DI, 1)

ap = argparse.ArgumentParser(); ap.add_argument('--check', action='store_true'); ap.add_argument('--sass', type=int)
ap.add_argument('--batches', default='4,16'); ap.add_argument('--out'); ap.add_argument('--only', help='a substring of the variants to run')
a = ap.parse_args()
pick = lambda V: {k: v for k, v in V.items() if not a.only or a.only in k}
if a.check:
    torch.manual_seed(0)
    for b in (1, 3, 16):
        x, nw = torch.randn(b, DM), torch.rand(DM) + 0.5
        W = torch.randn(2 * DI, DM) / DM ** 0.5; WT = W.T.contiguous()
        rx, rz = ref(x, nw, W)
        # tolerance: a sum of DM float32 products, each rounded (2^-24 relative), plus tf32x3's split (~2^-21 a product),
        # bounded by DM * 2^-21 * sum_k |x_k w_k| (a worst case, not a random walk)
        bound = DM * 2.0 ** -21 * (ref(x.abs(), nw, W.abs())[0].abs().max() + 1)
        for name, v in pick(variants(b)).items():
            out = torch.empty(b, DI), torch.empty(b, DI); launch(v, x, nw, W, WT, out)
            e = max((out[0].double() - rx).abs().max().item(), (out[1].double() - rz).abs().max().item())
            assert e < bound, (b, name, e, bound)
            print(f'b{b} {name}: max error {e:.2e} (bound {bound:.1e})', flush=True)
elif a.sass:
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource
    from compile_check import sass_report
    for b in [int(s) for s in a.batches.split(',')]:
        for name, (fn, wk, c, w) in pick(variants(b)).items():
            types = ['*fp32'] * 5 + ['i32', 'fp32']
            sig = {n: (types[i] if i < len(types) else 'constexpr') for i, n in enumerate(fn.arg_names)}
            try:
                k = triton.compile(ASTSource(fn=fn, signature=sig, constexprs=dict(DM=DM, DI=DI, **{q: c[q] for q in c if q in fn.arg_names})),
                                   target=GPUTarget('cuda', a.sass, 32), options=dict(num_warps=w))
            except Exception as e: print(f'b{b} {name}: FAILED {type(e).__name__}: {str(e)[:300]}'); continue
            print(f'b{b} {name}: ' + sass_report(k.asm['cubin'], 'inproj', a.sass), flush=True)
else:
    import decode_common as dc
    dev = torch.device('cuda'); torch.manual_seed(0); R = {}
    Ws = [torch.randn(2 * DI, DM, device=dev) / DM ** 0.5 for _ in range(6)]; WTs = [W.T.contiguous() for W in Ws]
    nw = torch.rand(DM, device=dev) + 0.5
    for b in [int(s) for s in a.batches.split(',')]:
        x = torch.randn(b, DM, device=dev); rx, rz = ref(x, nw, Ws[0])
        bound = DM * 2.0 ** -21 * (ref(x.abs(), nw, Ws[0].abs())[0].abs().max() + 1)
        outs = [(torch.empty(b, DI, device=dev), torch.empty(b, DI, device=dev)) for _ in Ws]
        for name, v in pick(variants(b)).items():
            if name.startswith('ieee') and not a.only: continue     # spill-bound in the SASS (--sass): 7-22 kB of stack
            try:
                launch(v, x, nw, Ws[0], WTs[0], outs[0])
                e = max((outs[0][0].double() - rx).abs().max().item(), (outs[0][1].double() - rz).abs().max().item())
                t = dc.graph_us(lambda: [launch(v, x, nw, W, WT, o) for W, WT, o in zip(Ws, WTs, outs)]) / len(Ws)
            except Exception as ex: print(f'b{b} {name}: FAILED {type(ex).__name__}: {str(ex)[:300]}', flush=True); continue
            R[f'b{b} {name}'] = dict(us=t, err=e, ok=bool(e < bound))
            print(f'b{b} {name}: {t:.2f} us a launch (6 layers in a graph); max error {e:.1e} ({"ok" if e < bound else "OVER"} {bound:.1e})', flush=True)
    if a.out: json.dump(R, open(a.out, 'w'), indent=1)
