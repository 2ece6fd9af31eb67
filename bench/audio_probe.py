"""Why does the GPU audio demo's continuation lose its prompt's pitch content, and what keeps it? (issue 9)

1. Calibrates the chroma check of `mamba-audio demo --audio` (`cli._audio_measures`) on the held-out chorales' own
   continuations and on a "sustain" continuation (the prompt's last 50 ms looped): what a model that continues
   the music, or just holds its last chord, would score.
2. Trains the demo's audio model (or the sizes given) once, keeping checkpoints, and measures bits per sample.
3. Sweeps the sampling (temperature, top-p) and the continuation's length on the kept weights, with the chroma
   check, the RMS level and the spectral flatness (1 for white noise, near 0 for tones) of each continuation.

    PYTHONPATH=. python bench/audio_probe.py --out /tmp/probe [--steps 3000 --length 4096 --batch 16 --d-model 256]
Writes probe.json and probe.md into --out.
"""
import argparse, json, time
from pathlib import Path
import numpy as np, torch
from mamba_audio.core import preset, seed_everything, n_params, get_device
from mamba_audio.audio import MuLaw
from mamba_audio.data import build_token_set, dataloaders
from mamba_audio.models import build_model
from mamba_audio.train import fit, evaluate, TrainConfig
from mamba_audio.generate import generate, used_ids
from mamba_audio.cli import chroma_profile, _demo_prompts

p = argparse.ArgumentParser()
p.add_argument('--out', default='/tmp/probe'); p.add_argument('--sample-rate', type=int, default=8000)
p.add_argument('--steps', type=int, default=3000); p.add_argument('--length', type=int, default=4096)
p.add_argument('--batch', type=int, default=16); p.add_argument('--d-model', type=int, default=256)
p.add_argument('--n-layer', type=int, default=4); p.add_argument('--d-conv', type=int, default=4)
p.add_argument('--d-state', type=int, default=16); p.add_argument('--lr', type=float, default=3e-3)
p.add_argument('--prompt', type=int, default=4000); p.add_argument('--new', type=int, default=16000)
p.add_argument('--calibrate-only', action='store_true')
p.add_argument('--temps', default='1.0,0.8,0.6,0.4,0.2'); p.add_argument('--n', type=int, default=4)
p.add_argument('--transpose', type=int, default=0, help='add the training chorales transposed by -K..K semitones (rendered from their MIDI)')
p.add_argument('--workers', type=int, default=4)
a = p.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
dev = get_device(); res = dict(args=vars(a), device=str(dev))
t0 = time.time()
sets = build_token_set('chorales_audio', MuLaw(), sample_rate=a.sample_rate, progress=False)
sr = int(sets.meta['sample_rate']); P = a.prompt
wav = lambda ids: np.asarray(sets.decode(np.asarray(ids))).reshape(-1)
held = [np.asarray(sets.valid.piece(i)) for i in range(sets.valid.n_pieces)]
others = [chroma_profile(wav(h[:P]), sr) for h in held if len(h) >= P]
dist = lambda x, y: float(0.5 * np.abs(x - y).sum())
res['build_s'] = round(time.time() - t0, 1); res['valid_pieces'] = len(held)

def _render_shifted(job):
    "Mu-law codes of the 10 s clips of one training chorale transposed by k semitones, as the token set renders it."
    import symusic
    from mamba_audio.datasets import render_midi
    from mamba_audio.audio import clips
    from mamba_audio.data import transpose_score
    mid, k = job; torch.set_num_threads(1)
    wav = torch.from_numpy(render_midi(transpose_score(symusic.Score(str(mid)), k), sr))
    return [MuLaw(sample_rate=sr).encode(c)[0].numpy() for c in clips(wav, sr, float(sets.meta['clip_seconds']))[0]]

if a.transpose:   # more data from the same music: the training split rendered again in 6 other keys; validation untouched
    from multiprocessing import Pool
    from mamba_audio.core import data_home
    from mamba_audio.data import TokenSet, _SplitWriter
    stems = sorted({Path(x).stem for x in sets.train.pieces})
    jobs = [(data_home()/'chorales'/'midi'/f'{st}.mid', k) for st in stems for k in range(-a.transpose, a.transpose + 1) if k]
    folder = out/'train_tr'; import shutil; shutil.rmtree(folder, ignore_errors=True)
    w = _SplitWriter(folder, sets.meta['dtype'], sets.vocab_size)
    for i in range(sets.train.n_pieces): w.add(sets.train.piece(i), sets.train.pieces[i], 0)
    with Pool(a.workers) as pool:
        for (mid, k), cs in zip(jobs, pool.imap(_render_shifted, jobs, chunksize=8)):
            for c in cs: w.add(c, mid, k)
    w.close(); n0 = len(sets.train); sets.train = TokenSet(folder, sets.meta['dtype'])
    res['train_tokens'] = (n0, len(sets.train)); res['transpose_s'] = round(time.time() - t0 - res['build_s'], 1)
    print(f"transposed training split: {n0:,} -> {len(sets.train):,} tokens in {res['transpose_s']} s", flush=True)

def flatness(x):
    "Spectral flatness of 1024-sample frames, averaged (geometric over arithmetic mean of the power spectrum)."
    x = np.asarray(x, np.float64); x = np.pad(x, (0, max(0, 1024 - len(x))))
    f = np.lib.stride_tricks.sliding_window_view(x, 1024)[::512] * np.hanning(1024)
    pw = np.abs(np.fft.rfft(f, axis=1)) ** 2 + 1e-12
    return float(np.mean(np.exp(np.log(pw).mean(1)) / pw.mean(1)))

def check(rows, new):
    "The chroma check of `cli._audio_measures` on rows (n, P + new): own prompt vs the nearest other held-out opening."
    r = []
    for row in rows:
        own, c = chroma_profile(wav(row[:P]), sr), chroma_profile(wav(row[P:P + new]), sr)
        rest = [o for o in others if dist(o, own) > 1e-9]                       # the other held-out openings
        d_other, d_mean = [dist(c, o) for o in rest], dist(c, np.mean(rest, 0))
        x = wav(row[P:P + new])
        r.append(dict(own=round(dist(c, own), 3), nearest_other=round(min(d_other), 3), mean_other=round(d_mean, 3),
                      closer=dist(c, own) < min(d_other), closer_than_mean=dist(c, own) < d_mean,
                      rank=int(sum(d < dist(c, own) for d in d_other)),
                      rms=round(float(np.sqrt(np.mean(x ** 2))), 4), flatness=round(flatness(x), 4)))
    return dict(closer=sum(x['closer'] for x in r), closer_than_mean=sum(x['closer_than_mean'] for x in r), n=len(r),
                mean_rank=float(np.mean([x['rank'] for x in r])), rows=r)

# 1. Calibration on real music: the held-out continuations themselves, and a sustained last chord.
long = [h for h in held if len(h) >= P + a.new]
res['calibration'] = {}
for new in sorted({P // 4, P // 2, P, 2 * P, a.new}):
    res['calibration'][f'original new={new}'] = check([h[:P + new] for h in long], new)
    sus = [np.concatenate([h[:P], np.tile(h[P - 400:P], new // 400 + 1)[:new]]) for h in long]
    res['calibration'][f'sustain new={new}'] = check(sus, new)
for k, v in res['calibration'].items(): print(f'calibration {k}: {v["closer"]} / {v["closer_than_mean"]} of {v["n"]} closer than the nearest / the mean other; own rank {v["mean_rank"]:.1f}', flush=True)

if not a.calibrate_only:
    cfg = preset('small', vocab_size=sets.vocab_size, d_model=a.d_model, n_layer=a.n_layer, d_conv=a.d_conv, d_state=a.d_state)
    seed_everything(0); model = build_model(cfg)
    res['params'] = n_params(model)
    tc = TrainConfig(steps=a.steps, lr=a.lr, warmup=100, eval_every=max(a.steps // 4, 1), eval_batches=50, ckpt_every=a.steps,
                     out_dir=out/'run', device=str(dev), progress=False, live_plot=False, seed=0)
    dls = dataloaders(sets, a.length, a.batch, seed=0)
    t1 = time.time(); h = fit(model, dls, tc, force=True); res['train_s'] = round(time.time() - t1, 1)
    res['evals'] = [dict(step=e['step'], bits=round(e['bits_per_token'], 3)) for e in h.evals]
    ev = evaluate(model, dls, max_batches=50); res['valid_bits'] = ev['bits_per_token']; res['bits_per_second'] = ev.get('bits_per_second')
    print(f"trained {res['params']:,} params {a.steps} steps in {res['train_s']} s: evals {res['evals']}, kept {ev['bits_per_token']:.3f} bits/sample", flush=True)
    model.eval(); x = torch.as_tensor(np.asarray(sets.valid.piece(0)[:64]), device=dev).long()[None]   # (1, 64)
    with torch.no_grad():
        full, st, outs = model(x)[0], model.allocate_state(1, device=dev), []
        for t in range(x.shape[1]): lg, st = model.step(x[:, t], st); outs.append(lg[0])
    res['step_vs_forward'] = float((torch.stack(outs) - full).abs().max()); print('step vs forward, max |logit diff|', res['step_vs_forward'], flush=True)
    plan = dict(prompt=P, new=a.new, n=a.n)
    prompts, orig = _demo_prompts(sets, plan); ok = used_ids(sets)
    res['sweep'] = {}
    for t in [float(x) for x in a.temps.split(',')]:
        for top_p in (0.95,):
            t2 = time.time()
            cont = generate(model, prompts, a.new, temperature=t, top_p=top_p, seed=0, allowed=ok).cpu().numpy()
            for new in sorted({P // 4, P // 2, P, a.new}):
                k = f'T={t} top_p={top_p} new={new}'
                res['sweep'][k] = c = check(cont, new); c['gen_s'] = round(time.time() - t2, 1)
                print(f"{k}: {c['closer']} / {c['closer_than_mean']} of {c['n']} closer (nearest / mean other); ranks {[r['rank'] for r in c['rows']]}; own {[r['own'] for r in c['rows']]} other {[r['nearest_other'] for r in c['rows']]} "
                      f"rms {[r['rms'] for r in c['rows']]} flat {[r['flatness'] for r in c['rows']]}", flush=True)
            np.save(out/f'cont_T{t}_p{top_p}.npy', cont)
    res['originals'] = {new: check(orig.numpy()[:, :P + new], new) for new in sorted({P // 4, P // 2, P})} if orig is not None else None
    print('originals', {k: (v['closer'], v['closer_than_mean']) for k, v in (res['originals'] or {}).items()}, flush=True)
res['seconds'] = round(time.time() - t0, 1)
(out/'probe.json').write_text(json.dumps(res, indent=1, default=str))
print('done in', res['seconds'], 's')
