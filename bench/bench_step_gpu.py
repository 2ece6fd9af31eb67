"""The Triton decoding step (nbs/03_mamba.ipynb) on a GPU, in one command: correctness against step_ref (float32,
bfloat16), per-layer step time in a CUDA graph for step_ref, the Triton step (and a sweep of its tiles) and mamba_ssm's
_step_cuda where installed, kernels per token, whole-model step time, and `generate` tokens/s at batch 1 and 16, for the
~11M LM (vocab 1024, d_model 512, 6 layers, d_state 16, expand 2). Design and predictions: bench/STEP_NOTES.md.
Usage: PYTHONPATH=. python bench/bench_step_gpu.py [--out bench/step_gpu.json]"""
import argparse, copy, json, subprocess, time, traceback
import torch, torch.nn.functional as F
import triton
import mamba_audio.mamba as mm
from mamba_audio.mamba import Mamba
from mamba_audio.scan import rel_err
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate

V, D, NL, EPS = 1024, 512, 6, 1e-5
DEV = 'cuda'
R = {}                                                             # everything measured, for --out
torch.backends.cuda.matmul.allow_tf32 = False                      # (the default) an exact float32 reference

def say(key, value, fmt='{}'):
    R[key] = value; print(f'{key}: {fmt.format(value)}', flush=True)

def commit():
    try: return subprocess.run(['git', 'rev-parse', 'HEAD'], capture_output=True, text=True, timeout=10).stdout.strip() or 'unknown'
    except Exception as e: return f'unknown ({type(e).__name__})'

# the three per-layer paths, each as MambaLM.step calls it: x + mixer(rms_norm(x)), state updated in place
def ref_step(l, x, s, w): return x + l.step_ref(F.rms_norm(x, (x.shape[1],), w, EPS), s)[0]
def tri_step(l, x, s, w): return l._step_triton(x, s, w, EPS, True)[0]
def ssm_step(l, x, s, w): return l._step_cuda(x, s, w, EPS, True)[0]

def check_layer(dtype, b, n_steps=8):
    "Triton step vs step_ref on one 11M-config layer; bf16: both against float32 with the same (bf16) weights."
    torch.manual_seed(0)
    l = Mamba(D, d_state=16, expand=2).to(DEV).to(dtype); w = (torch.rand(D, device=DEV) + 0.5).to(dtype)
    l32 = copy.deepcopy(l).float()
    s_t, s_r, s_32 = l.allocate_state(b), l.allocate_state(b), l32.allocate_state(b)
    e_t = e_r = e_h = 0.0
    with torch.no_grad():
        for _ in range(n_steps):
            x = torch.randn(b, D, device=DEV).to(dtype)
            y_t, y_r, y_32 = tri_step(l, x, s_t, w), ref_step(l, x, s_r, w), ref_step(l32, x.float(), s_32, w.float())
            e_t, e_r = max(e_t, rel_err(y_t.float(), y_32)), max(e_r, rel_err(y_r.float(), y_32))
        e_h = rel_err(s_t[1].float(), s_32[1])
    ok = e_t < 1e-4 if dtype == torch.float32 else e_t <= e_r + 2 ** -8   # bf16: rounds a subset of what step_ref rounds
    return dict(ok=bool(ok), triton_vs_fp32=e_t, step_ref_vs_fp32=e_r, ssm_state_vs_fp32=e_h)

def check_model(b=16, n_steps=8):
    "Whole-model logits through MambaLM.step: the Triton step against step_ref, float32."
    torch.manual_seed(0)
    model = MambaLM(ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)).to(DEV).eval()
    toks = torch.randint(0, V, (n_steps, b), device=DEV); out = {}
    saved = mm.selective_state_update
    try:
        for name, flag in (('triton', True), ('ref', False)):
            Mamba.triton_step = flag
            if not flag: mm.selective_state_update = None           # as bench/gen_gpu.py: no mamba_ssm -> step_ref
            st = model.allocate_state(b)
            with torch.no_grad(): out[name] = torch.stack([model.step(t, st)[0] for t in toks])
    finally: Mamba.triton_step, mm.selective_state_update = None, saved
    return rel_err(out['triton'], out['ref'])

def graph_time(fn, reps=5, n=1000):
    "Median over reps of the mean time (us) of one replay of a CUDA graph of fn(), n replays back to back."
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(2): fn()                                      # compile, warm up
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g): fn()
    ts = []
    for _ in range(reps):
        a, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        g.replay(); a.record()
        for _ in range(n): g.replay()
        e.record(); e.synchronize(); ts.append(a.elapsed_time(e) * 1e3 / n)
    return sorted(ts)[len(ts) // 2]

def layer_time(step, b, dtype=torch.float32):
    "Per-layer step time (us): 6 layers of the 11M LM stepped in one CUDA graph, divided by 6."
    torch.manual_seed(0)
    ls = [Mamba(D, d_state=16, expand=2).to(DEV).to(dtype) for _ in range(NL)]
    w = torch.ones(D, device=DEV, dtype=dtype); st = [l.allocate_state(b) for l in ls]
    x0 = torch.randn(b, D, device=DEV, dtype=dtype)
    def fn():
        x = x0
        for l, s in zip(ls, st): x = step(l, x, s, w)
        return x
    with torch.no_grad(): return graph_time(fn) / NL

def kernels_per_token(model, b):
    "CUDA kernels one eager model.step launches (torch.profiler)."
    from torch.profiler import profile, ProfilerActivity
    st, tok = model.allocate_state(b), torch.zeros(b, dtype=torch.long, device=DEV)
    with torch.no_grad():
        model.step(tok, st); torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CUDA]) as p: model.step(tok, st); torch.cuda.synchronize()
    return sum(1 for e in p.events() if e.device_type == torch.autograd.DeviceType.CUDA)

def model_step_time(model, b):
    "One whole-model step (embedding, 6 layers, norm, head) in a CUDA graph, us."
    st, tok = model.allocate_state(b), torch.zeros(b, dtype=torch.long, device=DEV)
    with torch.no_grad(): return graph_time(lambda: model.step(tok, st))

def gen_rate(model, b, n=1024):
    "generate(model, prompt (b, 16), n) tokens/s after a short warm-up (as bench/gen_gpu.py)."
    p = torch.zeros(b, 16, dtype=torch.long, device=DEV)
    generate(model, p, 32); torch.cuda.synchronize(); t = time.perf_counter()
    generate(model, p, n); torch.cuda.synchronize()
    return b * n / (time.perf_counter() - t)

def guarded(what, f, *args):
    "f(*args), or None with the error printed: one failure must not cost the rest of the run."
    try: return f(*args)
    except Exception as e:
        R.setdefault('errors', []).append(f'{what}: {type(e).__name__}: {e}')
        print(f'FAILED {what}:', traceback.format_exc()[-3000:], flush=True)

def correctness(base):
    for fuse in (False, True):
        Mamba.step_blocks = {**base, 'fuse_out': fuse}
        for dt in (torch.float32, torch.bfloat16):
            for b in (1, 16):
                c = guarded(f'check layer fuse_out={fuse} {dt} b={b}', check_layer, dt, b)
                if c is not None: say(f'check layer fuse_out={fuse} {str(dt)[6:]} b={b}', c)
    Mamba.step_blocks = base
    e = guarded('check model', check_model)
    if e is not None: say('check model logits fp32 b=16 (rel err triton vs ref)', e, '{:.2e}')

def layer_times(theirs):
    paths = [('step_ref', ref_step), ('triton', tri_step)] + ([('mamba_ssm', ssm_step)] if theirs else [])
    for b in (1, 16):
        for name, f in paths:
            t = guarded(f'layer time {name} b={b}', layer_time, f, b)
            if t is not None: say(f'layer us {name} b={b} fp32', t, '{:.2f}')
        t = guarded(f'layer time triton b={b} bf16', layer_time, tri_step, b, torch.bfloat16)
        if t is not None: say(f'layer us triton b={b} bf16', t, '{:.2f}')

def fresh_model():
    "The 11M LM, the same weights every time: new tensors, so no graph `generate` kept from another backend matches."
    import mamba_audio.generate as G
    if hasattr(getattr(G, '_GRAPHS', None), 'clear'): G._GRAPHS.clear()
    torch.manual_seed(0)
    return MambaLM(ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)).to(DEV).eval()

def whole_model(base, theirs):
    saved = mm.selective_state_update
    backends = [('triton', True), ('triton fuse_out', 'fuse')] + ([('mamba_ssm', False)] if theirs else []) + [('step_ref', 'ref')]
    try:
        for name, flag in backends:
            Mamba.triton_step = flag is True or flag == 'fuse'
            Mamba.step_blocks = {**base, 'fuse_out': flag == 'fuse'}
            mm.selective_state_update = None if flag == 'ref' else saved
            model = fresh_model()
            k = guarded(f'kernels per token {name}', kernels_per_token, model, 1)
            if k is not None: say(f'kernels per token {name} b=1', k)
            for b in (1, 16):
                t = guarded(f'model step {name} b={b}', model_step_time, model, b)
                if t is not None: say(f'model step us {name} b={b}', t, '{:.1f}')
                r = guarded(f'generate {name} b={b}', gen_rate, model, b)
                if r is not None: say(f'generate tok/s {name} b={b}', r, '{:,.0f}')
    finally: Mamba.triton_step, mm.selective_state_update, Mamba.step_blocks = None, saved, base
    say('default generate path (Mamba.triton_step=None)', 'mamba_ssm' if theirs else 'triton')

SWEEPS = {1: [{}, dict(fuse_out=True), dict(BD_in=8), dict(BD_in=32), dict(BD_ssm=16), dict(BD_ssm=64), dict(BM=4),
              dict(BM=16), dict(num_warps=4), dict(E=16384), dict(fuse_out=True, BD_ssm=64), dict(fuse_out=True, BD_ssm=16),
              dict(fuse_out=True, num_warps=4)],
          16: [{}, dict(fuse_out=True), dict(BB=2), dict(BB=8), dict(num_warps=4), dict(E=16384), dict(BD_in=32),
               dict(BM=16), dict(fuse_out=True, BD_ssm=64), dict(fuse_out=True, BB=8), dict(BB=8, E=16384), dict(BB=16)]}

def sweep(base, t0, budget_s=170):
    "The Triton step's tiles, one or two changes from the default at a time: us per layer, fp32, until the time is up."
    for b, cfgs in SWEEPS.items():
        res = []
        for c in cfgs:
            if time.perf_counter() - t0 > budget_s: print(f'  (time: skipping the rest of the b={b} sweep)'); break
            Mamba.step_blocks = {**base, **c}
            if b == 1: Mamba.step_blocks['b1'] = {**base.get('b1', {}), **c}   # batch 1's overrides win otherwise
            t = guarded(f'tiles {c} b={b}', layer_time, tri_step, b)
            if t is not None: res.append((t, c)); print(f'  tiles {c or "default"} b={b}: {t:.2f} us/layer', flush=True)
        Mamba.step_blocks = base
        R[f'tile sweep b={b}'] = [dict(us=t, **c) for t, c in res]
        if res: t, c = min(res, key=lambda r: r[0]); say(f'best tiles b={b}', dict(us=round(t, 2), **c))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--out', default=None); a = ap.parse_args()
    t0, base = time.perf_counter(), dict(Mamba.step_blocks)
    try:
        say('gpu', torch.cuda.get_device_name()); say('torch', torch.__version__); say('triton', triton.__version__)
        say('commit', commit())
        theirs = mm.selective_state_update is not None and mm.causal_conv1d_update is not None
        say('mamba_ssm_decode_kernels', theirs); say('step_blocks', base)
        correctness(base)                                  # 1. Triton step vs step_ref
        layer_times(theirs)                                # 2. per-layer step time in a CUDA graph
        whole_model(base, theirs)                          # 3. kernels per token, model step, generate tokens/s
        sweep(base, t0)                                    # 4. tiles
        say('wall s', time.perf_counter() - t0, '{:.1f}')
    finally:
        if a.out:
            with open(a.out, 'w') as f: json.dump(R, f, indent=1, default=str)
            print('wrote', a.out)

if __name__ == '__main__': main()
