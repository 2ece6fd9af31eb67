"""CPU benchmark: one training step and batch-1 generation of a small Mamba LM, ours against mamba.py and HF transformers.

Usage: python bench/bench_cpu.py [--out bench/RESULTS.md]
Config (issue 3): vocab 512, d_model 128, 4 layers, batch 4, length 1024, d_state 16, expand 2, fp32, AdamW.
Every figure comes from this one run, each system in its own subprocess (so peak memory is its own).
"""
import argparse, json, os, platform, resource, subprocess, sys, time
from pathlib import Path

V, D, NL, B, L = 512, 128, 4, 4, 1024
GEN_REPS = 5          # generation: the median of this many runs, after a warm-up

def build(system, length=L):
    import torch, torch.nn as nn, torch.nn.functional as F
    torch.manual_seed(0)
    if system == 'ours':
        from mamba_audio.core import ModelConfig
        from mamba_audio.models import MambaLM
        m = MambaLM(ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2))
        return m, (lambda x: m(x)), (lambda: m.allocate_state(1)), (lambda tok, st: m.step(tok, st))
    if system == 'mambapy':
        # mambapy.lm.LM imports its Mamba-2, which needs mamba_ssm; build the same LM (as its lm.py does) from its Mamba
        from mambapy.mamba import Mamba, MambaConfig, RMSNorm
        cfg = MambaConfig(d_model=D, n_layers=NL, d_state=16, expand_factor=2, pscan=True)
        class LM(nn.Module):
            def __init__(s):
                super().__init__(); s.embedding = nn.Embedding(V, D); s.mamba = Mamba(cfg); s.norm_f = RMSNorm(D)
            def forward(s, x): return F.linear(s.norm_f(s.mamba(s.embedding(x))), s.embedding.weight)
            def step(s, tok, caches):
                x, caches = s.mamba.step(s.embedding(tok), caches)
                return F.linear(s.norm_f(x), s.embedding.weight), caches
        m = LM()
        alloc = lambda: [(None, torch.zeros(1, cfg.d_inner, cfg.d_conv - 1)) for _ in range(NL)]
        return m, (lambda x: m(x)), alloc, (lambda tok, st: m.step(tok, st))
    if system == 'hf':
        from transformers import MambaConfig, MambaForCausalLM
        m = MambaForCausalLM(MambaConfig(vocab_size=V, hidden_size=D, num_hidden_layers=NL, state_size=16, expand=2))
        return m, (lambda x: m(x).logits), None, None
    raise ValueError(system)

def _hwm() -> int:
    "Peak resident memory of this process in KiB (VmHWM; a subprocess's ru_maxrss can start at its parent's peak)."
    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))

def child(system, what, length, steps):
    "Runs in a subprocess; prints one JSON line."
    import torch, torch.nn.functional as F
    torch.set_num_threads(os.cpu_count())
    m, fwd, alloc, step = build(system, length)
    out = dict(system=system, what=what, length=length, params=sum(p.numel() for p in m.parameters()))
    if what == 'train':
        opt = torch.optim.AdamW(m.parameters(), lr=1e-4)
        x = torch.randint(0, V, (B, length + 1))
        def one():
            loss = F.cross_entropy(fwd(x[:, :-1]).reshape(-1, V), x[:, 1:].reshape(-1))
            loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        base = _hwm()
        t = time.perf_counter(); one(); out['first_step_s'] = time.perf_counter() - t   # warm-up (and compile)
        ts = []
        for _ in range(steps):
            t = time.perf_counter(); one(); ts.append(time.perf_counter() - t)
        ts.sort(); s = ts[len(ts) // 2]
        out.update(step_s=s, tok_s=B * length / s, peak_rss_mib=_hwm() / 1024, peak_extra_mib=(_hwm() - base) / 1024)
    elif what == 'generate':
        m.eval(); n = length
        if system == 'ours':       # the library's own generate(), which decodes through MambaLM.step
            from mamba_audio.generate import generate
            run = lambda n: generate(m, None, n, batch_size=1)
        else:                      # mamba.py's step, with the same sampling
            def run(n):
                st = alloc(); tok = torch.zeros(1, dtype=torch.long)
                for _ in range(n):
                    logits, st = step(tok, st)
                    tok = torch.multinomial(torch.softmax(logits.float(), -1), 1)[:, 0]
        best = None
        for threads in sorted({1, os.cpu_count()}):     # each system on the thread count that is faster for it
            torch.set_num_threads(threads)
            with torch.inference_mode():
                run(32); ts = []
                for _ in range(GEN_REPS):
                    t = time.perf_counter(); run(n); ts.append(time.perf_counter() - t)
            s = sorted(ts)[len(ts) // 2]                 # the median run
            if best is None or s < best[0]: best = (s, threads)
        out.update(tokens=n, gen_s=best[0], tok_s=n / best[0], threads=best[1])
    print('RESULT ' + json.dumps(out), flush=True)

def run_child(system, what, length=L, steps=3, timeout=900):
    cmd = [sys.executable, __file__, '--child', system, what, str(length), str(steps)]
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return dict(system=system, what=what, length=length, error=f'did not finish within {timeout} s')
    for line in p.stdout.splitlines():
        if line.startswith('RESULT '): return json.loads(line[7:])
    return dict(system=system, what=what, length=length, error=(p.stderr.strip().splitlines() or ['?'])[-1][:200])

def machine():
    cpu = platform.processor() or '?'
    try: cpu = next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except Exception: pass
    import torch, numba
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '-uno'], capture_output=True, text=True).stdout.strip()
    return dict(cpu=cpu, cores=os.cpu_count(), torch=torch.__version__, numba=numba.__version__, python=platform.python_version(),
                commit=commit + ('+dirty' if dirty else ''), date=time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=str(Path(__file__).parent / 'RESULTS.md'))
    ap.add_argument('--hf-timeout', type=int, default=300)
    ap.add_argument('--quick', action='store_true', help='skip the slow peers (for a smoke test)')
    a = ap.parse_args()
    info = machine(); rows = []
    log = lambda r: (rows.append(r), print(json.dumps(r), flush=True))
    log(run_child('ours', 'train', steps=5))
    if not a.quick: log(run_child('mambapy', 'train', steps=2))
    log(run_child('ours', 'generate', 512))
    if not a.quick: log(run_child('mambapy', 'generate', 256))
    for length in (512, 2048, 4096, 8192):
        log(run_child('ours', 'train', length, steps=1))
    if not a.quick:
        for length in (512, 2048, 4096): log(run_child('mambapy', 'train', length, steps=1))
        log(run_child('hf', 'train', 128, steps=1, timeout=a.hf_timeout))
        log(run_child('hf', 'train', L, steps=1, timeout=a.hf_timeout))
    write_md(a.out, info, rows, ' '.join(['python'] + sys.argv))

def write_md(path, info, rows, cmd):
    get = lambda s, w, l=L: next((r for r in rows if r['system'] == s and r['what'] == w and r['length'] == l), None)
    fmt = lambda r, k, f='{:,.0f}': (f.format(r[k]) if r and k in r else (r or {}).get('error', 'not run'))
    names = dict(ours='mamba_audio (numba scan)', mambapy='mamba.py 1.2 (pscan)', hf='HF MambaForCausalLM (torch path)')
    lines = [f'## CPU: training step and generation', '',
             f'- Command: `{cmd}`', f"- Machine: {info['cpu']}, {info['cores']} cores; torch {info['torch']}, numba {info['numba']}, "
             f"Python {info['python']}; commit {info['commit']}; {info['date']}",
             f'- Config: vocab {V}, d_model {D}, {NL} layers, d_state 16, expand 2, fp32, AdamW; train batch {B} x length {L}; '
             f'generation at batch 1 through `step`, multinomial sampling, the median of {GEN_REPS} runs on the faster of 1 and '
             f"{info['cores']} threads for each system ({fmt(get('ours', 'generate', 512), 'threads')} for ours, "
             f"{fmt(get('mambapy', 'generate', 256), 'threads')} for mamba.py).", '',
             '| system | params | train step (s) | train tokens/s | peak RSS (MiB) | generate tokens/s (batch 1) |', '|---|---|---|---|---|---|']
    for s in ('ours', 'mambapy', 'hf'):
        t, g = get(s, 'train'), get(s, 'generate', 512 if s == 'ours' else 256)
        if t is None and g is None: continue
        lines.append(f"| {names[s]} | {fmt(t, 'params')} | {fmt(t, 'step_s', '{:.2f}')} | {fmt(t, 'tok_s')} | {fmt(t, 'peak_rss_mib')} | {fmt(g, 'tok_s')} |")
    o, p = get('ours', 'train'), get('mambapy', 'train')
    go, gp = get('ours', 'generate', 512), get('mambapy', 'generate', 256)
    if o and p and 'tok_s' in o and 'tok_s' in p:
        lines += ['', f"Training: {o['tok_s'] / p['tok_s']:.1f}x mamba.py's tokens/s (target 5x)."]
    if go and gp and 'tok_s' in go and 'tok_s' in gp:
        lines += [f"Generation: {go['tok_s'] / gp['tok_s']:.1f}x mamba.py's tokens/s (target 3x)."]
    lines += ['', '### Peak memory of one training step against length (batch 4)', '',
              '| length | mamba_audio peak RSS (MiB) | mamba_audio tokens/s | mamba.py peak RSS (MiB) | mamba.py tokens/s |', '|---|---|---|---|---|']
    for l in (512, 1024, 2048, 4096, 8192):
        o, p = get('ours', 'train', l), get('mambapy', 'train', l)
        if o is None and p is None: continue
        lines.append(f"| {l} | {fmt(o, 'peak_rss_mib')} | {fmt(o, 'tok_s')} | {fmt(p, 'peak_rss_mib')} | {fmt(p, 'tok_s')} |")
    h = [r for r in rows if r['system'] == 'hf']
    if h:
        lines += ['', '### HF transformers `MambaForCausalLM`, torch path (no kernels)', '']
        for r in h: lines.append(f"- length {r['length']}: " + (f"{r['step_s']:.1f} s a step, {r['tok_s']:,.0f} tokens/s" if 'tok_s' in r else r['error']))
    text = Path(path).read_text() if Path(path).exists() else '# Benchmarks\n'
    start, end = '<!-- cpu-bench:start -->', '<!-- cpu-bench:end -->'
    block = start + '\n' + '\n'.join(lines) + '\n' + end
    if start in text: text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else: text = text.rstrip() + '\n\n' + block + '\n'
    Path(path).write_text(text)
    print('\n'.join(lines))

if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--child': child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else: main()
