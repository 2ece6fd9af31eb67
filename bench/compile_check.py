"""Compile the Triton scan's kernels ahead of time, with no GPU, for a CUDA target; report registers, spills, shared
memory and (optionally) instruction counts from the SASS. Usage: python bench/compile_check.py [sm] [dtype] [T,BD,warps ...]
e.g. python bench/compile_check.py 75 fp16 16,32,1   (a T4)    python bench/compile_check.py 90 bf16 16,32,1 64,16,4
Environment: NC (pass 2 block, default 64), KERNELS (names to build, default all five), REV (pass 2 backward, default 0),
PART, FLIP, RS, H0, OWN, RELOAD (the variant flags, default 1 each; see SelectiveScanTriton), PRE (0), EARLY, READDR (0 each)."""
import os, re, subprocess, sys
import triton
from triton.backends.compiler import GPUTarget
from triton.compiler import ASTSource
import mamba_audio.scan as sc
BIN = os.path.join(os.path.dirname(triton.__file__), 'backends', 'nvidia', 'bin')
I = ['i32'] * 5
def sigs(dt):
  P, F = '*' + dt, '*fp32'
  return {  # argument types in the kernels' order, up to the constexprs
    '_chunk_fwd': [P, P, F, F, P, F, F] + I[:3],
    '_chunk_combine': [F, F, F] + I[:3],
    '_chunk_out': [P, P, F, F, P, P, F, P, P, F] + I,
    '_chunk_bwd_local': [P, P, F, P, P, P, F, F] + I,
    '_chunk_bwd': [P, P, F, F, P, P, F, P, P, F, F, P, P, P, F, F, F, F, F] + I}
def build(name, consts, warps, sm=90, dt='bf16', fn=None, maxnreg=None):
    "registers, spills and SASS counts of kernel `name` of `mamba_audio.scan` (or `fn`, typed as `name`) compiled for sm_`sm`, under a register cap (`maxnreg`, else $MAXNREG)"
    maxnreg = maxnreg or os.environ.get('MAXNREG')
    fn = fn or getattr(sc, name); types = sigs(dt)[name]
    sig = {a: (types[i] if i < len(types) else 'constexpr') for i, a in enumerate(fn.arg_names)}
    c = triton.compile(ASTSource(fn=fn, signature=sig, constexprs={k: v for k, v in consts.items() if k in fn.arg_names}),
                       target=GPUTarget('cuda', sm, 32), options=dict(num_warps=4 if name == '_chunk_combine' else warps, **({'maxnreg': int(maxnreg)} if maxnreg else {})))  # as the launchers
    return sass_report(c.asm['cubin'], name, sm)

OPS = {'MUFU': 'MUFU', 'FFMA': 'FFMA', 'SHFL': 'SHFL', 'LDG': 'LDG', 'STG': 'STG', 'RED|ATOM': 'RED/ATOM', 'LDS|STS': 'LDS/STS',
       'LDL|STL': 'LDL/STL', 'BAR': 'BAR', 'HMMA|HGMMA': 'MMA'}   # opcode pattern -> label

def sass_report(cubin:bytes, tag:str, sm:int) -> str:
    "registers, spills and SASS counts of a compiled kernel, and those of its longest loop (the loop over n in the scan's)"
    path = f'/tmp/{tag}_{sm}.cubin'; open(path, 'wb').write(cubin)
    use = subprocess.run([f'{BIN}/cuobjdump', '--dump-resource-usage', path], capture_output=True, text=True).stdout
    sass = subprocess.run([f'{BIN}/cuobjdump', '--dump-sass', path], capture_output=True, text=True).stdout
    ins = [(int(m.group(1), 16), m.group(2), m.group(3))                      # (address, opcode, operands)
           for m in re.finditer(r'/\*([0-9a-f]{4,5})\*/\s+(?:@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]+)([^;]*);', sass)]
    def counts(body):
        cnt = lambda p: sum(1 for _, o, _ in body if re.match(p, o))
        return f'{len(body)} instr: ' + ', '.join(f'{lab} {cnt(p)}' for p, lab in OPS.items())
    loops = [(lo, a) for a, o, rest in ins if o == 'BRA' for lo in [int(m.group(1), 16) for m in [re.search(r'0x([0-9a-f]+)', rest)] if m] if lo < a]
    lo, hi = max(loops, key=lambda r: sum(1 for x in ins if r[0] <= x[0] <= r[1]), default=(0, -1))
    body = [x for x in ins if lo <= x[0] <= hi]
    spills = lambda part: f'STL {sum(o.startswith("STL") for _, o, _ in part)}, LDL {sum(o.startswith("LDL") for _, o, _ in part)}'
    where = f' | spills before it {spills([x for x in ins if x[0] < lo])}, after it {spills([x for x in ins if x[0] > hi])}'
    return (' '.join(re.findall(r'(?:REG|STACK|SHARED|LOCAL):\d+', use)) + f' | SASS {counts(ins)}'
            + (f' | longest loop: {counts(body)}' + where if body else ''))

if __name__ == '__main__':
  sm, dt = int(sys.argv[1]) if len(sys.argv) > 1 else 90, sys.argv[2] if len(sys.argv) > 2 else 'bf16'
  cfgs = [tuple(map(int, a.split(','))) for a in sys.argv[3:]] or [(64, 16, 4)]
  for T, BD, w in cfgs:
    consts = dict(N=16, T=T, BD=BD, NC=int(os.environ.get('NC', 64)), SOFTPLUS=True, HAS_Z=True, REV=bool(int(os.environ.get('REV', 0))), NBLK=0, PRE=int(os.environ.get('PRE', 0)), EARLY=bool(int(os.environ.get('EARLY', 0))), READDR=bool(int(os.environ.get('READDR', 0))),
                  **{k: bool(int(os.environ.get(k, 1))) for k in ('PART', 'FLIP', 'RS', 'H0', 'OWN', 'RELOAD')})   # the kernels' variant flags
    for name in os.environ.get("KERNELS", " ".join(sigs(dt))).split():
        print(f'sm_{sm} {dt} T={T} BD={BD} warps={w} {name}: {build(name, consts, w, sm, dt)}', flush=True)
