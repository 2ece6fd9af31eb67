"""Issue 10, decoding at batch 16: where do kernel A's 10.8 us a layer go? (bench/STEP_NOTES.md, "Next, for batch 16")

A bench-only copy of `mamba._step_in` (kernel A of the Triton step: RMSNorm + in_proj, the conv window, x_proj's
partial) with constexpr switches that leave one stage out at a time. It is launched as `Mamba._launch_in` launches
the real one (the same tiles, `Mamba._blocks`), on the ~11M LM's layer shapes (d_model 512, expand 2, d_state 16,
fp32), six layers' weights in turn, in a CUDA graph; us a launch, for each variant, at each batch given.
  --check: under TRITON_INTERPRET=1 on the CPU, the copy with every stage on equals the real kernel (the same z, x,
           partials and conv state), at a small batch; run this before trusting the timings.
Usage: PYTHONPATH=. python bench/kernel_a_ablation.py [--batches 1,16] [--out a.json]
       TRITON_INTERPRET=1 PYTHONPATH=. python bench/kernel_a_ablation.py --check"""
import argparse, json
import torch
import mamba_audio.mamba as mm
from mamba_audio.mamba import Mamba, _p2, _dot_mode
from mamba_audio.scan import triton, tl

@triton.jit
def _step_in_ablate(x, nw, W_in, cs, cw, cb, W_x, zb, xb, part, b, eps, q, ro, DM: tl.constexpr, DI: tl.constexpr,
                    K: tl.constexpr, R2N: tl.constexpr, HAS_NORM: tl.constexpr, BB: tl.constexpr, BD: tl.constexpr,
                    BK: tl.constexpr, KP: tl.constexpr, JP: tl.constexpr, DOT: tl.constexpr, NQ: tl.constexpr,
                    QC: tl.constexpr, PDL: tl.constexpr, ACC3: tl.constexpr,
                    IN_PROJ: tl.constexpr, CONV: tl.constexpr, X_PROJ: tl.constexpr, STORE_ZX: tl.constexpr):
    # as mamba._step_in; IN_PROJ 0: x1 = z = x's first BD columns (no weights read); CONV 0: u = x1 (no window);
    # X_PROJ 0: no partial (nothing written to part); STORE_ZX 0: z and x not written
    pd = tl.program_id(0); pb = tl.program_id(1)
    od = pd * BD + tl.arange(0, BD); md = od < DI; ob = pb * BB + tl.arange(0, BB); mb = ob < b
    jj = tl.arange(0, JP); mj = jj < R2N
    if IN_PROJ:
        x1, z = mm._in_proj(x, nw, W_in, pb * BB, b, od, md, eps, q, ro, pd == 0, DM, DI, HAS_NORM, BB, BD, BK, DOT, NQ, QC, PDL, ACC3)
    else:
        x1 = tl.load(x + ob[:, None] * DM + tl.arange(0, BD)[None, :], mask=mb[:, None], other=0.0).to(tl.float32); z = x1
    if CONV: u = mm._conv_step(cs, cw, cb, x1, ob, mb, od, md, DI, K, KP)                 # (BB, BD)
    else: u = x1
    m2 = mb[:, None] & md[None, :]; o2 = ob[:, None] * DI + od[None, :]
    if STORE_ZX:
        tl.store(xb + o2, u, mask=m2); tl.store(zb + o2, z, mask=m2)
    if X_PROJ:
        wx = tl.load(W_x + jj[:, None] * DI + od[None, :], mask=mj[:, None] & md[None, :], other=0.0)
        pu = mm._dot(u, wx, DOT) if DOT else mm._mv(u, wx.to(tl.float32))                      # (BB, JP)
        tl.store(part + (pd * b + ob[:, None]) * JP + jj[None, :], pu, mask=mb[:, None] & mj[None, :])
    elif not STORE_ZX:
        tl.store(xb + o2, u + z, mask=m2)                                      # something, so nothing is optimized away

def launch(layer, x_t, conv_state, norm_weight, out, sw, eps=1e-5):
    "`Mamba._launch_in`'s launch (no q, no PDL) of the copy with switches sw: (IN_PROJ, CONV, X_PROJ, STORE_ZX); out = (z, x, part)."
    (b, dm), di = x_t.shape, layer.d_inner
    BB, BD, BK, JP, npa, acc3, s, dot = layer._in_tiles(b, x_t.device)     # the real kernel's tiles
    z, x, part = out
    _step_in_ablate[(npa, -(-b // BB))](x_t, norm_weight, layer.in_proj.weight, conv_state, layer.conv1d.weight, layer.conv1d.bias,
        layer.x_proj.weight, z, x, part, b, eps, x_t, x_t, DM=dm, DI=di, K=layer.d_conv, R2N=layer.dt_rank + 2 * layer.d_state,
        HAS_NORM=True, BB=BB, BD=BD, BK=BK, KP=_p2(layer.d_conv), JP=JP, DOT=_dot_mode(s, dot), NQ=0, QC=1, PDL=False, ACC3=acc3,
        IN_PROJ=sw[0], CONV=sw[1], X_PROJ=sw[2], STORE_ZX=sw[3], num_warps=s['num_warps'])

def buffers(layer, b, dev):
    _, _, _, JP, npa, *_ = layer._in_tiles(b, dev)
    return torch.empty(b, layer.d_inner, device=dev), torch.empty(b, layer.d_inner, device=dev), torch.empty(npa, b, JP, device=dev)

VARIANTS = {'all stages': (1, 1, 1, 1), 'no in_proj': (0, 1, 1, 1), 'no conv': (1, 0, 1, 1), 'no x_proj partial': (1, 1, 0, 1),
            'in_proj only': (1, 0, 0, 0), 'no in_proj, no conv, no partial': (0, 0, 0, 0)}

ap = argparse.ArgumentParser(); ap.add_argument('--check', action='store_true'); ap.add_argument('--batches', default='1,16')
ap.add_argument('--out'); a = ap.parse_args()
if a.check:     # the copy with every stage on against the real kernel, on the CPU through Triton's interpreter
    dev = torch.device('cpu'); torch.manual_seed(0)
    layer = Mamba(64, d_state=16, expand=2)
    for bb in (1, 3):
        x_t, nw = torch.randn(bb, 64), torch.rand(64) + 0.5
        st = layer.allocate_state(bb); st[0].normal_(); cs1, cs2 = st[0].clone(), st[0].clone()
        z1, x1, p1 = layer._launch_in(x_t, cs1, nw)
        out = buffers(layer, bb, dev); launch(layer, x_t, cs2, nw, out, VARIANTS['all stages'])
        r2n = layer.dt_rank + 2 * layer.d_state                      # part's columns past R2N are never written
        for n, u, v in (('z', z1, out[0]), ('x', x1, out[1]), ('part', p1[..., :r2n], out[2][..., :r2n]), ('conv state', cs1, cs2)):
            assert torch.equal(u, v), (bb, n, (u - v).abs().max())
        print(f'batch {bb}: the copy with every stage on equals kernel A (z, x, partials, conv state)')
else:
    import decode_common as dc
    dev = torch.device('cuda'); torch.manual_seed(0); R = {}
    layers = [Mamba(512, d_state=16, expand=2).to(dev) for _ in range(6)]; nw = torch.ones(512, device=dev)
    for b in [int(x) for x in a.batches.split(',')]:
        x_t = torch.randn(b, 512, device=dev); st = [l.allocate_state(b) for l in layers]; outs = [buffers(l, b, dev) for l in layers]
        for name, sw in VARIANTS.items():
            fn = lambda: [launch(l, x_t, s[0], nw, o, sw) for l, s, o in zip(layers, st, outs)]
            t = dc.graph_us(fn) / len(layers); R[f'b{b} {name}'] = t
            print(f'b{b} {name}: {t:.2f} us a launch (6 layers in a graph)', flush=True)
    if a.out: json.dump(R, open(a.out, 'w'), indent=1)
