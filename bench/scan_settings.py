"""SCAN_SET="reduce_scatter=0,bwd_maxnreg=128" in the environment: class settings of `SelectiveScanTriton` for a variant
run (integers; 'None' for None), as bench/triton_scan_gpu.py and bench/scan_variant_check.py read them."""
import os

def apply(S):
    "Set S's attributes from $SCAN_SET, each to the type of its current value (int where it is None)."
    for kv in filter(None, os.environ.get('SCAN_SET', '').split(',')):
        k, v = kv.split('=')
        if not hasattr(S, k): raise SystemExit(f'SCAN_SET: {S.__name__} has no setting {k!r}')
        cur = getattr(S, k)
        setattr(S, k, None if v == 'None' else type(cur if cur is not None else 0)(int(v)))

def each(S, variants):
    "Yield each SCAN_SET string of `variants` (\"\" is the defaults) with S set to it, from S's settings as they are now."
    base = {k: v for k, v in vars(S).items() if not k.startswith('_') and isinstance(v, (int, type(None)))}
    for v in variants:
        for k, x in base.items(): setattr(S, k, x)
        os.environ['SCAN_SET'] = v; apply(S); yield v
    for k, x in base.items(): setattr(S, k, x)
