"""The listening app as a person uses it: the Voila page of `write_app_notebook`, driven in Debian's Chromium by Playwright.

Needs what `tools/setup_browser.sh` installs (chromium, voila, playwright); skipped, saying so, where they are missing.
Set MAMBA_AUDIO_SCREENSHOT=path.png to keep the screenshot (the README's is made this way).
"""
import json, os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
from urllib.parse import urlparse
import pytest

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']
pytest.importorskip('voila', reason='pip install voila (tools/setup_browser.sh)')
sync_api = pytest.importorskip('playwright.sync_api', reason='pip install playwright (tools/setup_browser.sh)')
if not Path(CHROMIUM).exists(): pytest.skip('no chromium: apt-get install chromium (tools/setup_browser.sh)', allow_module_level=True)


def _train_toy_run(d: Path) -> Path:
    "A tiny Mamba trained for 40 steps on a dozen toy chorales, saved as `mamba-audio train` leaves a run."
    import torch
    from mamba_audio.app import toy_chorales
    from mamba_audio.core import preset, seed_everything
    from mamba_audio.data import build_token_set, dataloaders
    from mamba_audio.models import MambaLM
    from mamba_audio.train import fit, TrainConfig
    toy_chorales(d/'mid', n_pieces=12)
    sets = build_token_set(d/'mid', out_dir=d/'tok', vocab_size=600, valid_pct=0.25, progress=False)
    seed_everything(0); torch.set_num_threads(1)
    fit(MambaLM(preset('tiny', vocab_size=sets.vocab_size)), dataloaders(sets, 32, 4),
        TrainConfig(steps=40, warmup=2, eval_every=40, eval_batches=1, ckpt_every=40, out_dir=d/'run', device='cpu',
                    progress=False, live_plot=False))
    (d/'run'/'data.json').write_text(json.dumps(dict(data=str(sets.path))))
    return d/'run'


def _free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture(scope='module')
def served(tmp_path_factory):
    "Voila serving the app notebook for a freshly trained toy run on 127.0.0.1; yields (url, folder)."
    from mamba_audio.app import write_app_notebook, toy_chorales
    d = tmp_path_factory.mktemp('app')
    run = _train_toy_run(d)
    write_app_notebook(d/'app.ipynb')
    toy_chorales(d/'upload', n_pieces=1, beats=24, seed=7)                       # the user's own MIDI file
    port, env = _free_port(), dict(os.environ, MAMBA_AUDIO_RUN=str(run), MAMBA_AUDIO_APP_OUT=str(d/'out'), OMP_NUM_THREADS='1',
                                   MPLBACKEND='Agg', JUPYTER_DATA_DIR=str(d/'jdata'), JUPYTER_RUNTIME_DIR=str(d/'jrun'),
                                   JUPYTER_CONFIG_DIR=str(d/'jconf'))
    log = open(d/'voila.log', 'w')
    proc = subprocess.Popen([sys.executable, '-m', 'voila', 'app.ipynb', '--no-browser', f'--port={port}', '--Voila.ip=127.0.0.1'],
                            cwd=d, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}/'
    try:
        for _ in range(600):                                                     # Voila is up when it serves voila.js
            try:
                urllib.request.urlopen(url + 'voila/static/voila.js', timeout=2); break
            except OSError:
                assert proc.poll() is None, f"voila exited: {(d/'voila.log').read_text()[-2000:]}"
                time.sleep(0.1)
        yield url, d
    finally:
        proc.terminate()
        try: proc.wait(10)
        except subprocess.TimeoutExpired: proc.kill()
        log.close()


def test_app_in_browser(served):
    url, d = served
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=dict(width=1200, height=900))
        page.route('**/*', lambda r: r.continue_() if urlparse(r.request.url).hostname in ('127.0.0.1', 'localhost') else r.abort())
        page.goto(url)
        generate = page.get_by_role('button', name='Generate')
        generate.wait_for(timeout=120_000)                                       # the kernel started and ran the notebook

        # choose a held-out piece and hear the prompt alone
        page.locator('select').first.select_option(index=1)
        page.get_by_role('button', name='Play the prompt').click()
        page.get_by_text('The prompt alone').wait_for(timeout=60_000)
        assert page.locator('audio').count() == 1 and page.locator('.widget-image img, img.widget-image').count() == 1

        # a seed that is not a whole number: a plain message, and the app keeps working
        seed = page.locator('.widget-text:has(label:text-is("seed")) input')
        seed.fill('2.7')
        generate.click()
        page.get_by_text('The seed must be a whole number').wait_for(timeout=30_000)
        seed.fill('5')

        # upload the user's own MIDI file: it becomes the prompt
        with page.expect_file_chooser() as chooser: page.get_by_role('button', name='upload').click()
        chooser.value.set_files(str(d/'upload'/'toy0.mid'))
        page.get_by_text('Uploaded toy0.mid').wait_for(timeout=60_000)
        page.get_by_text('The model hears the first 8 beats of toy0').wait_for(timeout=30_000)

        generate.click()
        page.get_by_text('Sample 1 of 2 (the likeliest)').wait_for(timeout=120_000)
        page.get_by_text('Made ').wait_for(timeout=60_000)
        players = page.locator('audio')                                          # two samples' and the original's
        assert players.count() == 3
        for i in range(players.count()):
            assert players.nth(i).get_attribute('src').startswith('data:audio/ogg;base64,T2dn')  # Ogg data, not empty
        rolls = page.locator('.widget-image img, img.widget-image')
        assert rolls.count() == 3 and all(rolls.nth(i).evaluate('e => e.naturalWidth') > 100 for i in range(3))
        assert 'seed 5' in page.get_by_text('Sample 1 of 2').locator('..').inner_text()
        assert 'tokens/s' in page.get_by_text('tokens/s').inner_text()

        # the WAV download link appears on request; MIDI links are there at once
        assert page.locator('a[download$=".mid"]').count() == 3
        page.get_by_role('button', name='WAV').first.click()
        page.locator('a[download$=".wav"]').first.wait_for(timeout=30_000)

        tall = page.evaluate("Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
        page.set_viewport_size(dict(width=1200, height=min(int(tall) + 40, 6000)))   # the whole app (Voila scrolls inside)
        shot = Path(os.environ.get('MAMBA_AUDIO_SCREENSHOT') or d/'app.png')
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000

        # a long run, stopped from the page while it works: the page answers, and what was made is kept
        readout = page.locator('.widget-slider:has(label:text-is("new music (beats)")) .widget-readout')
        readout.click(); page.keyboard.press('Control+A'); page.keyboard.type('512'); page.keyboard.press('Enter')
        generate.click()
        page.get_by_text('generating...').wait_for(timeout=30_000)
        page.get_by_role('button', name='Stop').click()
        page.get_by_text('Stopped: kept').wait_for(timeout=60_000)
        kept = int(page.get_by_text('Stopped: kept').inner_text().split('kept ')[1].split(' ')[0].replace(',', ''))
        assert 0 < kept < 512 * 4                                                # fewer than the ~5 tokens a beat asked for
        browser.close()
