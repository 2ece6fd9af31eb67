"""Mamba against a parameter-matched Transformer on the CPU: which is better where (loss, speed, memory).

Usage: cd /work/main && python bench/compare.py [--steps 100] [--out bench/RESULTS.md]

1. Loss: `MambaLM(preset('small'))` and `TransformerLM(matched_transformer(...))` are trained with `fit` on the chorale
   token set (REMI+BPE, vocab 1000) for the same steps, batches, seed and lr schedule, then scored with `evaluate`
   (the whole valid split), beside an add-one unigram baseline on the same target tokens.
2. Training step against length (batch 1; forward, backward, clipping, AdamW through `train_step`): step time and the
   peak-RSS growth, each (model, length) in a fresh subprocess so that peaks don't mix.
3. Generation at batch 1 through `mamba_audio.generate.generate`: tokens/s of the prompt (fed through `step`) and of
   the new tokens, after prompts of 16, 1024 and 4096 tokens, one fresh subprocess per model.
Every figure comes from one run of this script; the markdown goes between the `compare` markers of RESULTS.md.
"""
import argparse, json, os, platform, resource, subprocess, sys, tempfile, time
from pathlib import Path

START, END = '<!-- compare:start -->', '<!-- compare:end -->'
ARCHS = ('mamba', 'transformer')
NAMES = dict(mamba='Mamba', transformer='Transformer')

def maxrss_mib() -> float:
    "Peak resident memory of this process image so far, in MiB: VmHWM, else `ru_maxrss`."
    # ru_maxrss of a child started by fork/exec begins at the parent's peak (Linux keeps the larger of the two at exec),
    # so after the parent has trained it hides the child's own peak; VmHWM belongs to the new image alone.
    try: return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) / 1024
    except (OSError, StopIteration): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def configs(vocab_size:int, block_size:int=2048) -> dict:
    "The Mamba 'small' preset and the Transformer matched to it; `block_size` caps only the Transformer."
    from mamba_audio.core import preset
    from mamba_audio.models import matched_transformer
    m = preset('small', vocab_size=vocab_size, block_size=block_size)
    return dict(mamba=m, transformer=matched_transformer(m))   # matched_transformer copies block_size

def build(arch:str, vocab_size:int, block_size:int=2048, seed:int=0):
    "A freshly initialised model, seeded."
    from mamba_audio.core import seed_everything
    from mamba_audio.models import build_model
    seed_everything(seed)
    return build_model(configs(vocab_size, block_size)[arch])

def kv_cache_mib(cfg, length:int, batch:int=1) -> float:
    "Keys and values of every layer for `length` tokens in float32: 2 * n_layer * b * d_model * L * 4 bytes."
    return 2 * cfg.n_layer * batch * cfg.d_model * length * 4 / 2**20

# ---------------------------------------------------------------- children (each in a fresh process)
def child_train(arch:str, length:int, vocab_size:int, max_steps:int=3, one_step_over_s:float=8.0) -> dict:
    "Time one training step at batch 1 and measure how far it lifts the peak RSS."
    import torch
    from mamba_audio.train import TrainConfig, make_optimizer, train_step
    m = build(arch, vocab_size, max(length, 2048))
    opt = make_optimizer(m, TrainConfig())
    w = torch.randint(0, vocab_size, (1, 17))
    train_step(m, w[:, :-1], w[:, 1:], opt)             # warm-up at 16 tokens: loads kernels, makes the AdamW state and grads
    base = maxrss_mib()
    x = torch.randint(0, vocab_size, (1, length + 1), generator=torch.Generator().manual_seed(1))
    times = []
    for _ in range(max_steps):
        t = time.perf_counter(); train_step(m, x[:, :-1], x[:, 1:], opt); times.append(time.perf_counter() - t)
        if times[-1] > one_step_over_s: break            # a slow step is timed once
    s = min(times)
    return dict(step_s=s, first_step_s=times[0], timed_steps=len(times), tok_s=length / s,
                base_mib=base, peak_mib=maxrss_mib(), peak_delta_mib=maxrss_mib() - base, threads=torch.get_num_threads(),
                ru_maxrss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

def child_generate(arch:str, vocab_size:int, prompts:list, n_new:int, reps:int=2) -> dict:
    "Prompt and new-token rates of `generate` at batch 1; the step calls are timestamped to split the two."
    import torch
    from mamba_audio.generate import generate
    bs = 2048
    while bs < max(prompts) + n_new: bs *= 2
    m = build(arch, vocab_size, bs).eval()
    p = torch.randint(0, vocab_size, (1, max(prompts)), generator=torch.Generator().manual_seed(2))
    generate(m, p[:, :16], 16, seed=0)                  # warm-up: loads the compiled step kernel
    base = maxrss_mib()
    state = m.allocate_state(1)
    tensors = [t for t in (state['layers'] if arch == 'mamba' else [state['k'], state['v']]) for t in (t if isinstance(t, tuple) else (t,))]
    out = dict(block_size=bs, state_kib=sum(t.numel() * t.element_size() for t in tensors) / 1024, rows=[])
    del state
    cls_step = type(m).step
    for pl in prompts:
        best = None
        for _ in range(reps):
            stamps = []
            m.step = lambda tok, st: (stamps.append(time.perf_counter()), cls_step(m, tok, st))[1]   # generate calls model.step
            t0 = time.perf_counter(); ids = generate(m, p[:, :pl], n_new, seed=0); t1 = time.perf_counter()
            del m.step
            assert ids.shape == (1, pl + n_new) and len(stamps) == pl - 1 + n_new
            prefill, decode = stamps[pl - 1] - t0, t1 - stamps[pl - 1]   # call pl-1 is the first new token
            if best is None or decode < best['decode_s']: best = dict(prompt=pl, prefill_s=prefill, decode_s=decode)
        best.update(prompt_tok_s=(pl - 1) / best['prefill_s'], new_tok_s=n_new / best['decode_s'])
        out['rows'].append(best)
    out.update(peak_delta_mib=maxrss_mib() - base)
    return out

def run_child(kind:str, timeout:float, **kw) -> dict:
    "Run `child_<kind>(**kw)` in a fresh Python; its result, or an error that says what happened."
    cmd = [sys.executable, __file__, '--child', json.dumps(dict(kind=kind, **kw))]
    t = time.perf_counter()
    try: p = subprocess.run(cmd, capture_output=True, text=True, timeout=max(1, timeout))
    except subprocess.TimeoutExpired: return dict(kw, error=f'not finished within {timeout:.0f} s', wall_s=time.perf_counter() - t)
    for line in p.stdout.splitlines():
        if line.startswith('RESULT '): return dict(kw, **json.loads(line[7:]), wall_s=time.perf_counter() - t)
    return dict(kw, error=(p.stderr.strip().splitlines() or ['no output'])[-1][:200], wall_s=time.perf_counter() - t)

# ---------------------------------------------------------------- the parent
def machine() -> dict:
    import torch
    cpu = platform.processor() or '?'
    try: cpu = next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except Exception: pass
    git = lambda *a: subprocess.run(['git', *a], capture_output=True, text=True, cwd=Path(__file__).parent).stdout.strip()
    dirty = git('status', '--porcelain', '--', 'mamba_audio')
    return dict(cpu=cpu, cores=os.cpu_count(), threads=torch.get_num_threads(), torch=torch.__version__, python=platform.python_version(),
                commit=git('rev-parse', '--short', 'HEAD') + (' (with uncommitted changes in mamba_audio/)' if dirty else ''),
                date=time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()))

def train_both(sets, a, tmp:Path) -> dict:
    "Train each model with `fit` on identical batches and schedule; evaluate on the whole valid split."
    import numpy as np, torch
    from mamba_audio.core import n_params
    from mamba_audio.data import dataloaders
    from mamba_audio.generate import unigram_bits
    from mamba_audio.train import TrainConfig, fit, evaluate
    dls = dataloaders(sets, a.length, a.batch_size, seed=0)
    targets = np.concatenate([y.numpy().ravel() for _, y in dls.valid_loader()])    # exactly what `evaluate` scores
    res = dict(unigram_bits=unigram_bits(np.asarray(sets.train.tokens), targets, sets.vocab_size), valid_targets=len(targets))
    for arch in ARCHS:
        m = build(arch, sets.vocab_size)
        tc = TrainConfig(steps=a.steps, lr=a.lr, warmup=max(1, a.steps // 10), eval_every=max(1, a.steps // 4), eval_batches=None,
                         ckpt_every=a.steps, log_every=max(1, a.steps // 4), out_dir=tmp / arch, seed=0, device='cpu',
                         progress=False, live_plot=False)
        t = time.perf_counter(); hist = fit(m, dls, tc); wall = time.perf_counter() - t
        ev = evaluate(m, dls)
        tps = sorted(r['tokens_per_s'] for r in hist[1:])
        res[arch] = dict(params=n_params(m), cfg=m.cfg.to_dict(), wall_s=wall, valid_loss=ev['loss'], bits=ev['bits_per_token'],
                         train_loss=sum(hist.losses()[-10:]) / len(hist.losses()[-10:]), median_tok_s=tps[len(tps) // 2],
                         curve=[(e['step'], e['bits_per_token']) for e in hist.evals])
        print(f"{arch}: {res[arch]['params']:,} params, {wall:.0f} s, valid {ev['loss']:.4f} nats = {ev['bits_per_token']:.3f} bits/token",
              flush=True)
        del m
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=200, help='training steps for each model')
    ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--length', type=int, default=256, help='training window')
    ap.add_argument('--lr', type=float, default=3e-3, help='peak lr (warmup steps/10, cosine to lr/10)')
    ap.add_argument('--lengths', default='256,1024,4096,16384', help='lengths of the batch-1 training-step test')
    ap.add_argument('--prompts', default='16,1024,4096', help='prompt lengths of the generation test')
    ap.add_argument('--new', type=int, default=512, help='new tokens per generation')
    ap.add_argument('--budget-s', type=float, default=450, help='soft limit on the whole run; late children are cut off')
    ap.add_argument('--out', default=str(Path(__file__).parent / 'RESULTS.md'))
    a = ap.parse_args()
    t_start = time.perf_counter()
    left = lambda: a.budget_s - (time.perf_counter() - t_start)
    from mamba_audio.data import build_token_set
    info = machine(); load0 = os.getloadavg()[0]
    sets = build_token_set('chorales', progress=False)
    V = sets.vocab_size
    cfgs = configs(V)
    from mamba_audio.models import count_params
    params = {k: count_params(c) for k, c in cfgs.items()}
    print(f"Mamba {params['mamba']:,} params, Transformer {params['transformer']:,} params", flush=True)
    assert abs(params['transformer'] / params['mamba'] - 1) <= 0.05, params   # the comparison is only fair when matched

    with tempfile.TemporaryDirectory(prefix='compare_') as tmp: tr = train_both(sets, a, Path(tmp))
    print(f"training done at {time.perf_counter() - t_start:.0f} s", flush=True)

    gen_reserve = 60                                   # seconds kept for the generation children
    lengths, speed = [int(x) for x in a.lengths.split(',')], []
    for L in lengths:
        for arch in ARCHS:
            if left() - gen_reserve < 10: r = dict(arch=arch, length=L, error='skipped: out of time')
            else: r = run_child('train', timeout=left() - gen_reserve, arch=arch, length=L, vocab_size=V)
            speed.append(r); print(json.dumps(r), flush=True)
    prompts, gen = [int(x) for x in a.prompts.split(',')], {}
    for arch in ARCHS:
        gen[arch] = run_child('generate', timeout=max(30, left()), arch=arch, vocab_size=V, prompts=prompts, n_new=a.new)
        print(json.dumps(gen[arch]), flush=True)
    total = time.perf_counter() - t_start
    info['load'] = f'{load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end'
    cmd = 'python ' + ' '.join([os.path.relpath(__file__)] + sys.argv[1:])
    lines = report(info, cmd, total, a, sets, cfgs, params, tr, speed, lengths, gen, prompts)
    write_block(Path(a.out), lines)
    print('\n'.join(lines)); print(f'total {total:.0f} s')

# ---------------------------------------------------------------- the markdown
def f0(x): return f'{x:,.0f}'
def f2(x): return f'{x:.2f}' if x < 100 else f0(x)

def report(info, cmd, total, a, sets, cfgs, params, tr, speed, lengths, gen, prompts) -> list:
    mc, tc = cfgs['mamba'], cfgs['transformer']
    get = lambda arch, L: next(r for r in speed if r['arch'] == arch and r['length'] == L)
    L = ['## Mamba against a matched Transformer (CPU)', '',
         f'- Command: `{cmd}` (total {total:.0f} s)',
         f"- Machine: {info['cpu']}, {info['cores']} cores, {info['threads']} torch threads, shared with other work "
         f"(1-minute load average {info['load']}), so timings carry noise; torch {info['torch']}, Python {info['python']}; commit {info['commit']}; {info['date']}",
         f"- Mamba: `MambaLM(preset('small'))`: d_model {mc.d_model}, {mc.n_layer} layers, d_state {mc.d_state}, expand {mc.expand}; "
         f"{params['mamba']:,} params.",
         f"- Transformer: `TransformerLM(matched_transformer(...))`: d_model {tc.d_model}, {tc.n_layer} layers, {tc.n_head} heads, "
         f"d_ff {tc.d_ff}, RoPE, SDPA; {params['transformer']:,} params ({params['transformer'] / params['mamba'] - 1:+.1%}).",
         f"- Data: `build_token_set('chorales')`, REMI+BPE, vocab {sets.vocab_size}: {len(sets.train):,} train and "
         f"{len(sets.valid):,} valid tokens. fp32 throughout.", '',
         f'### Loss after equal training', '',
         f"`fit` for {a.steps} steps of {a.batch_size} x {a.length} tokens ({a.steps * a.batch_size * a.length:,} tokens, "
         f"{a.steps * a.batch_size * a.length / len(sets.train):.1f} epochs), identical batches (seed 0), AdamW lr {a.lr:g}, "
         f"warmup {max(1, a.steps // 10)}, cosine to {a.lr / 10:g}, clip 1.0. Valid: `evaluate` on all "
         f"{tr['valid_targets']:,} target tokens of the strided valid windows.", '',
         '| model | train wall time (s) | train tokens/s (median step) | train loss (last 10 steps) | valid loss (nats/token) | valid bits/token |',
         '|---|---|---|---|---|---|']
    for arch in ARCHS:
        r = tr[arch]
        L.append(f"| {NAMES[arch]} | {r['wall_s']:.0f} | {f0(r['median_tok_s'])} | {r['train_loss']:.3f} | {r['valid_loss']:.3f} | {r['bits']:.3f} |")
    L += [f"| unigram (add-one, fitted on train) | - | - | - | {tr['unigram_bits'] * 0.6931471805599453:.3f} | {tr['unigram_bits']:.3f} |", '',
          'Valid bits/token during training: ' + '; '.join(
              f"{NAMES[arch]} " + ', '.join(f'{b:.3f}' for _, b in tr[arch]['curve']) for arch in ARCHS) +
          f" (at steps {', '.join(str(s) for s, _ in tr['mamba']['curve'])}).", '',
          '### One training step against length (batch 1)', '',
          'Forward, backward, gradient clipping and AdamW (`train_step`), random tokens. Each cell is its own fresh process: a warm-up '
          'step at 16 tokens, then up to 3 steps at the length (the fastest is shown; no more once a step takes over 8 s). '
          '"Peak RSS +" is how far that lifted the process\'s peak resident memory above the warmed-up model (VmHWM: `ru_maxrss` '
          'of a subprocess starts at its parent\'s peak, which hid the child\'s own). '
          'The KV cache column is what the Transformer would hold to decode that many tokens (computed: 2 x n_layer x b x d_model x L x 4 bytes).', '',
          '| length | Mamba step (s) | Mamba tokens/s | Mamba peak RSS + (MiB) | Transformer step (s) | Transformer tokens/s | Transformer peak RSS + (MiB) | Transformer KV cache (MiB) |',
          '|---|---|---|---|---|---|---|---|']
    cell = lambda r, k, f: f(r[k]) if k in r else r.get('error', 'not run')
    for n in lengths:
        m, t = get('mamba', n), get('transformer', n)
        L.append(f"| {n:,} | {cell(m, 'step_s', f2)} | {cell(m, 'tok_s', f0)} | {cell(m, 'peak_delta_mib', f0)} | "
                 f"{cell(t, 'step_s', f2)} | {cell(t, 'tok_s', f0)} | {cell(t, 'peak_delta_mib', f0)} | {kv_cache_mib(tc, n):.1f} |")
    gm, gt = gen['mamba'], gen['transformer']
    L += ['', f'### Generation (batch 1, `generate`, {a.new} new tokens, multinomial sampling)', '',
          f"Untrained weights (speed does not depend on them), random prompt tokens, fresh process per model, best of 2. "
          f"`generate` feeds the prompt through `step` one token at a time too, so the prompt rate is the recurrent rate. "
          f"Mamba's decoding state is {gm.get('state_kib', float('nan')):.0f} KiB whatever the length; the Transformer's KV cache "
          f"grows with the context (allocated here for its block_size {gt.get('block_size', '?')}: "
          f"{gt.get('state_kib', float('nan')) / 1024:.1f} MiB).", '',
          '| prompt | Mamba prompt tokens/s | Mamba new tokens/s | Transformer prompt tokens/s | Transformer new tokens/s | Transformer KV cache at prompt+new (MiB) |',
          '|---|---|---|---|---|---|']
    grow = lambda g, p: next((r for r in g.get('rows', []) if r['prompt'] == p), {'error': g.get('error', 'not run')})
    for p in prompts:
        m, t = grow(gm, p), grow(gt, p)
        L.append(f"| {p:,} | {cell(m, 'prompt_tok_s', f0)} | {cell(m, 'new_tok_s', f0)} | {cell(t, 'prompt_tok_s', f0)} | "
                 f"{cell(t, 'new_tok_s', f0)} | {kv_cache_mib(tc, p + a.new):.1f} |")
    L += ['', '### Conclusions', '', *conclusions(tr, speed, lengths, gen, prompts, tc, a)]
    return L

def conclusions(tr, speed, lengths, gen, prompts, tc, a) -> list:
    "Plain sentences, each computed from the numbers above: who is ahead where."
    out, M, T = [], tr['mamba'], tr['transformer']
    lead, lag = (M, T) if M['bits'] < T['bits'] else (T, M)
    name = lambda r: 'Mamba' if r is M else 'the Transformer'
    fit_gap = 'wider' if M['valid_loss'] - M['train_loss'] > T['valid_loss'] - T['train_loss'] else 'narrower'
    out.append(f"- **Loss:** after the same {a.steps} steps on the same batches {name(lead)} ended lower on the valid split, "
               f"{lead['bits']:.3f} against {lag['bits']:.3f} bits/token ({lag['bits'] - lead['bits']:.3f} apart, one seed; "
               f"the unigram baseline is {tr['unigram_bits']:.3f}). Mamba's training loss ended at {M['train_loss']:.2f} nats against "
               f"{T['train_loss']:.2f}, so its train-valid gap is {fit_gap}.")
    rate = T['median_tok_s'] / M['median_tok_s']
    step = {(r['arch'], r['length']): r['step_s'] for r in speed if 'step_s' in r}
    ok = [n for n in lengths if ('mamba', n) in step and ('transformer', n) in step]
    if ok:
        tq = [n for n in ok if step['transformer', n] < step['mamba', n]]; mq = [n for n in ok if n not in tq]
        mtps, ttps = [n / step['mamba', n] for n in ok], [n / step['transformer', n] for n in ok]
        lens = lambda ns: ', '.join(f'{n:,}' for n in ns)
        out.append(f"- **Training time:** at {a.batch_size} x {a.length} the Transformer's median step processed {rate:.1f}x Mamba's "
                   f"tokens/s ({T['median_tok_s']:,.0f} against {M['median_tok_s']:,.0f}). At batch 1 its step was the quicker one at length "
                   f"{lens(tq) or 'none'} and Mamba's at {lens(mq) or 'none'}. Across those lengths Mamba's tokens/s ranged "
                   f"{min(mtps):,.0f}-{max(mtps):,.0f} and the Transformer's {min(ttps):,.0f}-{max(ttps):,.0f}, its lowest at "
                   f"{ok[ttps.index(min(ttps))]:,}.")
        mem = {(r['arch'], r['length']): r['peak_delta_mib'] for r in speed if 'peak_delta_mib' in r}
        less = [n for n in ok if mem['transformer', n] < mem['mamba', n]]
        who = ('the Transformer needed less at every length' if len(less) == len(ok) else
               'Mamba needed less at every length' if not less else f"the Transformer needed less at {lens(less)}")
        n = ok[-1]
        lin = len(ok) > 1 and all(0.7 <= (mem[x, ok[-1]] / mem[x, ok[-2]]) / (ok[-1] / ok[-2]) <= 1.4 for x in ARCHS)
        out.append(f"- **Training memory:** the extra peak memory of a step grew {'about linearly ' if lin else ''}with length for both, and {who}: "
                   f"{mem['mamba', n]:,.0f} MiB for Mamba against {mem['transformer', n]:,.0f} MiB at {n:,} tokens "
                   f"({mem['mamba', n] * 1024 / n:.0f} against {mem['transformer', n] * 1024 / n:.0f} KiB per token).")
    skipped = [n for n in lengths if n not in ok]
    if skipped: out.append(f"- Not measured (time or error): length {', '.join(f'{n:,}' for n in skipped)}; see the table.")
    gm, gt = gen['mamba'].get('rows'), gen['transformer'].get('rows')
    if gm and gt:
        p0, p1 = prompts[0], prompts[-1]
        r = lambda g, p: next(x['new_tok_s'] for x in g if x['prompt'] == p)
        out.append(f"- **Generation:** from a {p0:,}-token to a {p1:,}-token prompt, Mamba's new tokens/s went from {r(gm, p0):,.0f} to "
                   f"{r(gm, p1):,.0f} and the Transformer's from {r(gt, p0):,.0f} to {r(gt, p1):,.0f}. Mamba carries a fixed "
                   f"{gen['mamba']['state_kib']:.0f} KiB state; the Transformer's KV cache is {kv_cache_mib(tc, p1 + a.new):.1f} MiB at "
                   f"{p1 + a.new:,} tokens and grows by {kv_cache_mib(tc, 1024) * 1024:.0f} KiB per 1,024 tokens.")
    return out

def write_block(path:Path, lines:list):
    "Replace (or append) the block between the compare markers; the rest of the file is left as it is."
    from mamba_audio.core import atomic_path
    text = path.read_text() if path.exists() else '# Benchmarks\n'
    block = START + '\n' + '\n'.join(lines) + '\n' + END
    if START in text and END in text: text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else: text = text.rstrip() + '\n\n' + block + '\n'
    with atomic_path(path) as tmp: tmp.write_text(text); tmp.chmod(0o644)

if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == '--child':
        kw = json.loads(sys.argv[2]); kind = kw.pop('kind')
        print('RESULT ' + json.dumps(dict(train=child_train, generate=child_generate)[kind](**kw)), flush=True)
    else: main()
