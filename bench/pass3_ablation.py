"""Issue 10: where do backward pass 3's ~5.4 ms a layer at B=1 L=65536 go? (bench/NOTES.md, v11)

A bench-only copy of `scan._chunk_bwd` at the default settings (T=16, BD=32, 1 warp; H0, OWN, RELOAD, PART, FLIP on; RS
off; register cap `bwd_maxnreg`) with constexpr switches that leave one stage out at a time:
  EXP 0: Ab = 1 + Δ A instead of e^{Δ A};  FSCAN 0: h = Bx (+ h0 at the first step), no forward scan;
  RSCAN 0: g = q, no reverse scan;  SUMS 0: no ∂B, ∂C sums over the block's 32 channels (cross-lane) and no stores;
  GSUM 0: no ∂A partial (sum over the chunk) stored;  FINISH 0: only gu = GA + GB + y stored (no gate, softplus, D).
A stage left out also drops what only it needed, so a row's saving is an upper bound on that stage's share.
Inputs from bench/scan_inputs.py (one layer of the ~11M LM: d_inner 1024, n 16, bf16 with the gate, bias, softplus);
the launch, its buffers and the carry `gin` as `scan._tri_bwd` makes them; us a launch by do_bench (median).
  --sass: each variant's registers, spills and SASS counts for sm_90 (compiled here, no GPU).
  --unroll: every stage on, with the loop over n unrolled (tl.range's loop_unroll_factor) and/or the next iteration's
   loads prefetched (PRE), under register caps.
  --library-only: time the library's kernel only (for ncu: bench/pass3_ncu.sh).
  --compare: for each variant's (prefetch, cap), the library's pass 3, the copy's (unroll 1) and the whole backward.
  --variants U,P,CAP:U,P,CAP...: the --unroll variants to time instead of VARIANTS;  --shape B,L: another shape than 1,65536.
  --check: under TRITON_INTERPRET=1 on the CPU, the copy with every stage on equals the real kernel, at a small shape.
Usage: PYTHONPATH=. python bench/pass3_ablation.py          TRITON_INTERPRET=1 PYTHONPATH=. python bench/pass3_ablation.py --check"""
import os, sys, torch
import mamba_audio.scan as sc
from mamba_audio.scan import triton, tl, _load_delta, _silu_parts, _pair, _rscan_own, _bwd_finish
sys.path.insert(0, os.path.dirname(__file__)); from scan_inputs import layer_inputs

@triton.jit
def _chunk_bwd_ablate(u, delta, bias, At, Bt, Ct, Dv, z, gout, hst, gin, gu, gdelta, gz, gA, gB, gC, gD, gbias,
                      L, Dm, nck, szb, szl, N: tl.constexpr, T: tl.constexpr, BD: tl.constexpr,
                      EXP: tl.constexpr, FSCAN: tl.constexpr, RSCAN: tl.constexpr, SUMS: tl.constexpr,
                      GSUM: tl.constexpr, FINISH: tl.constexpr, UNROLL: tl.constexpr = 1, PRE: tl.constexpr = 0):
    c = tl.program_id(0); pd = tl.program_id(1); b = tl.program_id(2)
    k = tl.arange(0, T); t = c * T + k; od = pd * BD + tl.arange(0, BD); mt = t < L; md = od < Dm
    m2 = mt[:, None] & md[None, :]; row = b * L + t
    dl = _load_delta(delta, bias, row, od, m2, Dm, True)
    x = tl.load(u + row[:, None] * Dm + od[None, :], mask=m2, other=0.0).to(tl.float32)
    dy = tl.load(gout + row[:, None] * Dm + od[None, :], mask=m2, other=0.0).to(tl.float32)
    zv = tl.load(z + b * szb + t[:, None] * szl + od[None, :], mask=m2, other=0.0).to(tl.float32)
    dy = dy * _silu_parts(zv)[0]
    dx = dl * x
    y = tl.zeros((T, BD), dtype=tl.float32); GA = tl.zeros((T, BD), dtype=tl.float32); GB = tl.zeros((T, BD), dtype=tl.float32)
    sidx = (b * nck + c) * N * Dm + od
    m0, m1 = md & (c > 0), md & (c + 1 < nck)
    last, first = (k == T - 1)[:, None], (k == 0)[:, None]
    # PRE 1: iteration n+1's A, h0 and gin rows (one register each) loaded during iteration n; PRE 2: its B and C too
    if PRE > 0:
        pA = tl.load(At + od, mask=md, other=0.0); ph = tl.load(hst + sidx - N * Dm, mask=m0, other=0.0)
        pg = tl.load(gin + sidx + N * Dm, mask=m1, other=0.0)
    if PRE > 1:
        pB = tl.load(Bt + b * N * L + t, mask=mt, other=0.0).to(tl.float32); pC = tl.load(Ct + b * N * L + t, mask=mt, other=0.0).to(tl.float32)
    for n in tl.range(0, N, loop_unroll_factor=UNROLL):
        if PRE > 0:
            An, h0r, gr = pA, ph, pg
            mn = n + 1 < N
            pA = tl.load(At + (n + 1) * Dm + od, mask=md & mn, other=0.0)
            ph = tl.load(hst + sidx - N * Dm + (n + 1) * Dm, mask=m0 & mn, other=0.0)
            pg = tl.load(gin + sidx + N * Dm + (n + 1) * Dm, mask=m1 & mn, other=0.0)
        else:
            An = tl.load(At + n * Dm + od, mask=md, other=0.0)
            h0r = tl.load(hst + sidx - N * Dm + n * Dm, mask=m0, other=0.0)
            gr = tl.load(gin + sidx + N * Dm + n * Dm, mask=m1, other=0.0)
        if PRE > 1:
            Bn, Cn = pB, pC
            mn = n + 1 < N
            pB = tl.load(Bt + (b * N + n + 1) * L + t, mask=mt & mn, other=0.0).to(tl.float32)
            pC = tl.load(Ct + (b * N + n + 1) * L + t, mask=mt & mn, other=0.0).to(tl.float32)
        else:
            Bn = tl.load(Bt + (b * N + n) * L + t, mask=mt, other=0.0).to(tl.float32)
            Cn = tl.load(Ct + (b * N + n) * L + t, mask=mt, other=0.0).to(tl.float32)
        Bx = dx * Bn[:, None]
        if EXP: Ab = tl.exp(dl * An[None, :])
        else: Ab = 1.0 + dl * An[None, :]
        h0 = h0r[None, :]
        hb = tl.where(first, Bx + Ab * h0, Bx)
        if FSCAN: h = tl.associative_scan((Ab, hb), 0, _pair)[1]
        else: h = hb
        y += h * Cn[:, None]
        q = dy * Cn[:, None] + tl.where(last, gr[None, :], 0.0)
        if RSCAN: g = _rscan_own(Ab, q)
        else: g = q
        gAb = g * (h - Bx)
        GA += gAb * An[None, :]
        GB += g * Bn[:, None]
        if GSUM: tl.store(gA + sidx + n * Dm, tl.sum(gAb * dl, 0), mask=md)
        if SUMS:
            pb = ((pd * tl.num_programs(2) + b) * N + n) * L + t
            tl.store(gB + pb, tl.sum(g * dx, 1), mask=mt); tl.store(gC + pb, tl.sum(dy * h, 1), mask=mt)
    x = tl.load(u + row[:, None] * Dm + od[None, :], mask=m2, other=0.0).to(tl.float32)
    zv = tl.load(z + b * szb + t[:, None] * szl + od[None, :], mask=m2, other=0.0).to(tl.float32)
    if FINISH:
        _bwd_finish(u, delta, bias, Dv, gout, gu, gdelta, gz, gD, gbias, x, dl, dy, y, GA, GB, zv,
                    row, od, m2, md, (b * nck + c) * Dm + od, Dm, True, True)
    else: tl.store(gu + row[:, None] * Dm + od[None, :], (GA + GB + y).to(gu.dtype.element_ty), mask=m2)

Dm, N = 1024, 16

def launcher(ins, kernel, cap=sc.SelectiveScanTriton.bwd_maxnreg, **sw):
    "pass 3's launch as `_tri_bwd` makes it (passes 1-2 run once here); returns a function that launches `kernel` and its outputs."
    u, delta, A, B, C, D, z, bias, softplus = ins
    _, hst = sc._tri_fwd(*ins); torch.manual_seed(0); gout = torch.randn_like(u)
    b, l, d, n, nck, grid, kw = sc._tri_grid(u, A)
    u, delta, At, Bt, Ct, Dv, bias, z, zz, szb, szl = sc._tri_prep(u, delta, A, B, C, D, z, bias)
    S = sc.SelectiveScanTriton
    gin, dsum = u.new_empty(b, nck, n, d, dtype=torch.float32), u.new_empty(b, nck, d, dtype=torch.float32)
    sc._chunk_bwd_local[grid](delta, bias, At, Ct, zz, gout, gin, dsum, l, d, nck, szb, szl, SOFTPLUS=True, HAS_Z=True, **kw)
    sc._tri_carry(gin, dsum, At, d, nck, True, kw)
    gu, gdelta, gz = (torch.zeros_like(u) for _ in range(3))
    gA, gD, gbias = torch.zeros_like(hst), torch.zeros_like(dsum), torch.zeros_like(dsum)
    gB, gC = (Bt.new_zeros((grid[1],) + Bt.shape, dtype=torch.float32) for _ in range(2))
    args = (u, delta, bias, At, Bt, Ct, Dv, zz, gout, hst, gin, gu, gdelta, gz, gA, gB, gC, gD, gbias, l, d, nck, szb, szl)
    if kernel is sc._chunk_bwd:
        sw = dict(SOFTPLUS=True, HAS_Z=True, PART=True, FLIP=S.flip_rev, RS=False, H0=True, OWN=True, RELOAD=True, PRE=S.prefetch)
    run = lambda: kernel[grid](*args, **sw, **kw, **sc._maxnreg(cap))
    return run, (gu, gdelta, gz, gA, gB, gC, gD, gbias)

ALL = dict(EXP=1, FSCAN=1, RSCAN=1, SUMS=1, GSUM=1, FINISH=1)
VARIANTS = [(1, 0, 255), (2, 0, 168), (2, 0, 255), (4, 0, 255), (1, 1, 168), (1, 2, 168), (1, 1, 255), (2, 1, 255)]   # (unroll, prefetch, cap)
def _arg(name, default):
    "the value after `name` on the command line, or `default`"
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default
if '--variants' in sys.argv:   # e.g. --variants 1,1,168:1,1,232
    VARIANTS = [tuple(int(v) for v in s.split(',')) for s in _arg('--variants', '').split(':')]
B_, L_ = (int(v) for v in _arg('--shape', '1,65536').split(','))   # --shape B,L (the default: the 65k row)
S = sc.SelectiveScanTriton
assert (S.T, S.BD, S.warps, S.fold_h0, S.own_Ab, S.reload, S.partial_BC, S.reduce_scatter) == (16, 32, 1, True, True, True, True, False), \
    "the copy is of the default settings: update it"
if '--sass' in sys.argv:   # no GPU needed: each variant compiled for sm_90 at the library's register cap
    from compile_check import build
    for off in [None] + list(ALL):
        sw = {**ALL, **({off: 0} if off else {})}
        print(f'{"all stages" if off is None else "without " + off:16s}', build('_chunk_bwd', dict(N=N, T=S.T, BD=S.BD, UNROLL=1, PRE=0, **sw), S.warps,
              fn=_chunk_bwd_ablate, maxnreg=S.bwd_maxnreg), flush=True)
    for u, pre, cap in VARIANTS:
        print(f'unroll {u}, prefetch {pre}, maxnreg {cap}:', build('_chunk_bwd', dict(N=N, T=S.T, BD=S.BD, UNROLL=u, PRE=pre, **ALL),
              S.warps, fn=_chunk_bwd_ablate, maxnreg=cap), flush=True)
elif '--check' in sys.argv:
    ins = layer_inputs(1, 45, 'cpu', d=64, n=N)
    r1, o1 = launcher(ins, sc._chunk_bwd); r1()
    for pre in (0, 1, 2):
        r2, o2 = launcher(ins, _chunk_bwd_ablate, PRE=pre, **ALL); r2()
        for a, c in zip(o1, o2): assert torch.equal(a, c), (pre, (a - c).abs().max())
    print('check: the copy with every stage on, with and without the prefetch, equals scan._chunk_bwd')
else:
    us = lambda run: triton.testing.do_bench(run, warmup=25, rep=200, return_mode='median') * 1e3   # median µs a launch
    ins = layer_inputs(B_, L_, 'cuda', Dm, N); print(torch.cuda.get_device_name(), f'pass 3 at B={B_} L={L_}, d_inner 1024, n 16; us a launch', flush=True)
    base = us(launcher(ins, sc._chunk_bwd)[0])
    print(f'  scan._chunk_bwd (the library): {base:.0f}', flush=True)
    if '--library-only' in sys.argv: sys.exit()     # for bench/pass3_ncu.sh
    if '--compare' in sys.argv:   # the library's pass 3 and the copy at the same settings, then the whole backward (_tri_bwd)
        _, hst = sc._tri_fwd(*ins); gout = torch.randn(B_, L_, Dm, device='cuda').bfloat16()
        for _, pre, cap in VARIANTS:
            S.prefetch, S.bwd_maxnreg = pre, cap
            lib = us(launcher(ins, sc._chunk_bwd, cap=cap)[0]); cp = us(launcher(ins, _chunk_bwd_ablate, cap=cap, PRE=pre, **ALL)[0])
            whole = us(lambda: sc._tri_bwd(*ins, hst, gout, (torch.bfloat16,) * 3))
            print(f'  prefetch {pre}, maxnreg {cap}: library pass 3 {lib:6.0f}, the copy {cp:6.0f}, whole backward {whole:6.0f}', flush=True)
        sys.exit()
    if '--unroll' in sys.argv:   # every stage on; the loop over n unrolled UNROLL times, under a register cap
        for u, pre, cap in VARIANTS:
            t = us(launcher(ins, _chunk_bwd_ablate, cap=cap, UNROLL=u, PRE=pre, **ALL)[0])
            print(f'  unroll {u}, prefetch {pre}, maxnreg {cap}: {t:6.0f}  ({t - base:+.0f})', flush=True)
    for off in ([] if '--unroll' in sys.argv else [None] + list(ALL)):
        sw = {**ALL, **({off: 0} if off else {})}
        t = us(launcher(ins, _chunk_bwd_ablate, **sw)[0])
        print(f'  {"all stages" if off is None else "without " + off:16s} {t:6.0f}  ({t - base:+.0f})', flush=True)
