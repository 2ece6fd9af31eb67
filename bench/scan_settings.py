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
