"""Run notebooks' code cells in order, one namespace per notebook, including `#| gpu` cells (for the GPU machine,
which has no nbdev). Skips cells flagged slow or net, and `#| eval: false`.

Usage: python tools/run_cells.py [--keep-going] nbs/02_scan.ipynb [...]
With --keep-going, a failing cell that is not a `#| gpu` cell is reported and the notebook goes on (the GPU machine
lacks some CPU-only packages, such as numba); the exit code counts only `#| gpu` cells and exported cells.
"""
import __future__, json, linecache, re, sys, time, traceback, types
args = [a for a in sys.argv[1:] if not a.startswith('--')]; keep = '--keep-going' in sys.argv
ok = True
try:  # numba cannot cache functions compiled from exec'd source: drop `cache=True` here
    import numba; _nj = numba.njit; numba.njit = lambda *a, **k: _nj(*a, **{**k, 'cache': False})
except ImportError: pass
for path in args:
    cells = [c for c in json.load(open(path))['cells'] if c['cell_type'] == 'code']
    # A real module for the notebook's namespace: classes defined in it then have a __module__ that sys.modules knows, so
    # dataclasses, typing.get_type_hints and pickling resolve names (ModelConfig, History, BuildReport) as under nbdev-test.
    mod = types.ModuleType(f'nb_{len(sys.modules)}'); sys.modules[mod.__name__] = mod
    ns = mod.__dict__; t0 = time.time(); ran = gpu = soft = 0
    ns['get_ipython'] = lambda: None   # no IPython here: what IPython.get_ipython() says outside a shell
    fut = 0  # like IPython, a `from __future__ import annotations` cell applies to every later cell
    for i, c in enumerate(cells):
        src = ''.join(c['source'])
        flags = set(re.findall(r'^#\|\s*(\w+)\s*$', src, re.M))
        if flags & {'slow', 'net'} or re.search(r'^#\|\s*eval:\s*false', src, re.M): continue
        try:
            name = f'{path}[{i}]'
            linecache.cache[name] = (len(src), None, src.splitlines(True), name)   # for inspect.getsource (triton.jit)
            if re.search(r'^from __future__ import annotations', src, re.M): fut |= __future__.annotations.compiler_flag
            exec(compile(src, name, 'exec', flags=fut, dont_inherit=True), ns); ran += 1; gpu += 'gpu' in flags
        except Exception as e:
            hard = 'gpu' in flags or 'export' in flags or not keep
            print(f"{'FAIL' if hard else 'soft-fail (not a gpu cell)'} {path} cell {i}: {type(e).__name__}: {str(e)[:200]}")
            if hard: print(src); traceback.print_exc(); ok = False; break
            soft += 1
    print(f'{path}: {ran} cells ran ({gpu} gpu cells), {soft} soft failures, {time.time() - t0:.1f} s', flush=True)
sys.exit(0 if ok else 1)
