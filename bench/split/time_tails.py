"""Times the tail models of bench/split/tier-models.ts in onnxruntime (Python, CPU EP and CUDA EP when present):
median of 200 runs after 20 warm-ups, per model and thread setting. Prints and writes JSON.
    python3 bench/split/time_tails.py <models-dir> <out.json>"""
import glob, json, os, platform, statistics, sys, time
import numpy as np
import onnxruntime as ort

models, out = sys.argv[1], sys.argv[2]
cpu = 'unknown'
try:
    cpu = [l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')][0]
except Exception:
    pass
info = {'onnxruntime': ort.__version__, 'providers': ort.get_available_providers(), 'cpu': cpu, 'cores': os.cpu_count(),
        'python': platform.python_version()}
print(json.dumps(info), flush=True)
rows = []
settings = [('CPUExecutionProvider', 0), ('CPUExecutionProvider', 1)]
if 'CUDAExecutionProvider' in ort.get_available_providers():
    settings.append(('CUDAExecutionProvider', 0))
rng = np.random.default_rng(1)
for path in sorted(glob.glob(os.path.join(models, '*.onnx'))):
    meta = json.load(open(path + '.json'))
    for provider, threads in settings:
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        s = ort.InferenceSession(path, so, providers=[provider])
        feeds = {i.name: rng.integers(-128, 128, size=i.shape, dtype=np.int8) for i in s.get_inputs()}
        for _ in range(20):
            s.run(None, feeds)
        ts = []
        for _ in range(200):
            t = time.perf_counter()
            s.run(None, feeds)
            ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        row = dict(file=os.path.basename(path), model=meta['model'], cut=meta['cut'], macs=meta['macs'], provider=provider,
                   threads=threads, median_ms=statistics.median(ts), p10_ms=ts[20], p90_ms=ts[180])
        rows.append(row)
        print(json.dumps(row), flush=True)
json.dump({'info': info, 'rows': rows}, open(out, 'w'), indent=1)
