"""Run a notebook's code cells in order in one namespace, including `#| gpu` cells (for the GPU machine, which has no nbdev).

Usage: python tools/run_cells.py nbs/02_scan.ipynb [...]   Skips cells flagged slow or net, and `#| eval: false`.
"""
import json, re, sys, time, traceback
skip = {'slow', 'net'}
ok = True
for path in sys.argv[1:]:
    cells = [c for c in json.load(open(path))['cells'] if c['cell_type'] == 'code']
    ns = {'__name__': '__main__'}; t0 = time.time(); n = 0
    for i, c in enumerate(cells):
        src = ''.join(c['source'])
        flags = set(re.findall(r'^#\|\s*(\w+)\s*$', src, re.M))
        if flags & skip or re.search(r'^#\|\s*eval:\s*false', src, re.M): continue
        try:
            exec(compile(src, f'{path}[{i}]', 'exec'), ns); n += 1
        except Exception:
            print(f'FAIL {path} cell {i}:\n{src}\n'); traceback.print_exc(); ok = False; break
    else:
        print(f'ok {path}: {n} cells in {time.time() - t0:.1f} s', flush=True)
sys.exit(0 if ok else 1)
