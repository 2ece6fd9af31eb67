"""Compile the Triton decoding step's kernels (nbs/03_mamba.ipynb) and the fused head's (nbs/10_generate.ipynb) ahead of
time, with no GPU, for a CUDA target; report registers, spills and SASS counts for the 11M LM's shapes (d_model 512,
d_inner 1024, d_state 16, dt_rank 32). Usage: python bench/compile_step.py [sm] [dtype] [BB ...]
e.g. python bench/compile_step.py 90 fp32 1 16     python bench/compile_step.py 75 fp16 1 4
(DOT_FROM=9 in the environment: the opt-in tl.dot path from batch 9; PDL=1: programmatic dependent launch, sm_90+;
STEP_BLOCKS='{"BB_in": 8, "E3_in": 8192, "warps_in": 8}': step_blocks overrides, as JSON.)"""
import os, re, subprocess, sys
import triton
from triton.backends.compiler import GPUTarget
from triton.compiler import ASTSource
import mamba_audio.mamba as mm
import mamba_audio.generate as gen
from mamba_audio.mamba import Mamba, _p2
BIN = os.path.join(os.path.dirname(triton.__file__), 'backends', 'nvidia', 'bin')
sm, dt = int(sys.argv[1]) if len(sys.argv) > 1 else 90, sys.argv[2] if len(sys.argv) > 2 else 'fp32'
bbs = [int(a) for a in sys.argv[3:]] or [1, 16]
P, F = '*' + dt, '*fp32'
DM, DI, N, R, V = 512, 1024, 16, 32, 1024
PD = os.environ.get('PDL') == '1'

def build(fn, types, consts, warps):
    sig = {a: (types[i] if i < len(types) else 'constexpr') for i, a in enumerate(fn.arg_names)}
    c = triton.compile(ASTSource(fn=fn, signature=sig, constexprs={k: v for k, v in consts.items() if k in fn.arg_names}),
                       target=GPUTarget('cuda', sm, 32), options=dict(num_warps=warps))
    path = f'/tmp/{fn.__name__}_{sm}.cubin'; open(path, 'wb').write(c.asm['cubin'])
    use = subprocess.run([f'{BIN}/cuobjdump', '--dump-resource-usage', path], capture_output=True, text=True).stdout
    sass = subprocess.run([f'{BIN}/cuobjdump', '--dump-sass', path], capture_output=True, text=True).stdout
    ops = re.findall(r'/\*[0-9a-f]{4,5}\*/\s+(?:@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]+)', sass)
    cnt = lambda p: sum(1 for o in ops if re.match(p, o))
    return (' '.join(re.findall(r'(?:REG|STACK|SHARED|LOCAL):\d+', use)) + f' | {len(ops)} instr: LDG {cnt("LDG")}, '
            f'STG {cnt("STG")}, SHFL {cnt("SHFL")}, BAR {cnt("BAR")}, MMA {cnt("HMMA|HGMMA")}, FFMA {cnt("FFMA")}, LDL/STL {cnt("LDL|STL")}')

m = Mamba(DM, d_state=N, expand=2)
if os.environ.get('STEP_BLOCKS'): m.step_blocks = {**m.step_blocks, **__import__('json').loads(os.environ['STEP_BLOCKS'])}
if os.environ.get('DOT_FROM'):                       # tl.dot from this batch on (off by default)
    m.step_blocks_dot = dict(m.step_blocks_dot, from_b=int(os.environ['DOT_FROM'])); gen.HEAD_BLOCKS['from_b'] = int(os.environ['DOT_FROM'])
for BB in bbs:
    b = BB
    BB, BD, BK, JP, _, acc3, s, dot = m._in_tiles(b, None)   # kernel A's tiles as `_launch_in` takes them (no device: tl.dot
    if dot and sm < 80:                                     # from step_blocks_dot['from_b'] on, as on sm_80+)
        m.step_blocks_dot = dict(m.step_blocks_dot, from_b=None); BB, BD, BK, JP, _, acc3, s, dot = m._in_tiles(b, None)
    ca = dict(DM=DM, DI=DI, K=4, R2N=R + 2 * N, HAS_NORM=True, BB=BB, BD=BD, KP=4, JP=JP, DOT=int(dot), NQ=0, QC=1, PDL=PD, ACC3=acc3, BK=BK)
    w = s.get('warps_in') or s['num_warps']
    print(f'sm_{sm} {dt} b={b} BB={BB} BK={BK} warps={w} dot={dot} _step_in: ' + build(mm._step_in, [P] * 3 + [F, P, P, P] + [F] * 3 + ['i32', 'fp32', F, F], ca, w), flush=True)
    npa = DI // BD; BB, s, _ = m._blocks(b, dot=False)     # kernel B: never tl.dot
    if b > 1 and s.get('BB_ssm'): BB = min(_p2(b), s['BB_ssm'])   # B's own rows per program, as _launch_ssm
    cb = dict(DI=DI, R=R, N=N, NPA=npa, JP=JP, BB=BB, BD=s['BD_ssm'], RP=R, NP=N, PC=min(_p2(npa), max(1, s['E'] // (BB * R))), DOT=0, PDL=PD)
    print(f'sm_{sm} {dt} b={b} BB={BB} dot=False _step_ssm: ' + build(mm._step_ssm, [F, F, F, P, P, P, P, F, F, 'i32'], cb, s['num_warps']), flush=True)
    BB, s, dot = m._blocks(b)
    if dot and sm < 80: BB, s, dot = m._blocks(b, dot=False)
    w = s['num_warps']
    acc3 = not dot and BB > 1 and bool(s.get('acc3'))
    cc = dict(DM=DM, DI=DI, RESIDUAL=True, BB=BB, BM=s['BM'], DOT=int(dot), PDL=PD, ACC3=acc3,
              BK=min(_p2(DI), s['BK_out'] if dot else max(16, s['E3'] // (BB * s['BM'])) if acc3 else max(16, s['E'] // s['BM'])))
    print(f'sm_{sm} {dt} b={b} BB={BB} dot={dot} _step_out: ' + build(mm._step_out, [F, P, F, F, 'i32'], cc, w), flush=True)
    if not dot:                                     # two kernels a layer: A summing the shares of B' (step_blocks['chain'])
        BK = ca['BK']; nq = -(-DI // s['BD_q'])
        ca2 = dict(ca, NQ=nq, PDL=False, QC=min(_p2(nq), max(1, s['E'] // (BB * BK))))
        print(f'sm_{sm} {dt} b={b} BB={BB} chain _step_in NQ={nq}: ' + build(mm._step_in, [P] * 3 + [F, P, P, P] + [F] * 3 + ['i32', 'fp32', F, F], ca2, w), flush=True)
        cq = dict(DI=DI, R=R, N=N, NPA=npa, JP=JP, DM=DM, BB=BB, BD=s['BD_q'], RP=R, NP=N, PC=min(_p2(npa), max(1, s['E'] // (BB * R))),
                  BM=min(_p2(DM), max(16, s['E'] // (BB * s['BD_q']))))
        print(f'sm_{sm} {dt} b={b} BB={BB} chain _step_ssm_q: ' + build(mm._step_ssm_q, [F, F, F, P, P, P, P, F, P, F, 'i32'], cq, w), flush=True)
    h = gen.HEAD_BLOCKS; hd = h['from_b'] is not None and b >= h['from_b'] and sm >= 80
    HB = max(16, min(_p2(b), h['BB_dot'])) if hd else (1 if b == 1 else min(_p2(b), h['BB']))
    BV, BK = (h['BV_dot'], h['BK_dot']) if hd else (h['BV'], min(_p2(DM), h['BK'] // HB))
    ch = dict(D=DM, V=V, BB=HB, BV=BV, BK=BK, DOT=int(hd), WRITE_Z=False, PDL=PD)
    print(f'sm_{sm} {dt} b={b} BB={HB} dot={hd} _head_gumbel: ' + build(gen._head_gumbel, [F, P, P, F, F, '*i32', F, 'i32', 'fp32', 'fp32'], ch, h['num_warps']), flush=True)
    print(f'sm_{sm} {dt} b={b} _gumbel_pick: ' + build(gen._gumbel_pick, [F, '*i32', '*i64', 'i32'], dict(NB=V // BV, NBP=_p2(V // BV), BB=16, PDL=PD), 4), flush=True)
