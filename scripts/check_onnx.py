#!/usr/bin/python3
"""Validate ONNX files with Debian's onnx (1.12): onnx.checker.check_model(full_check=True), then strict shape
inference (check_type, strict_mode), and the export header TinyForge promises (IR 8, default-domain opset 17).

Usage: /usr/bin/python3 scripts/check_onnx.py <file.onnx>...
Prints one line per file ("OK <file>: <n> nodes, <m> initializers"); on the first failure prints
"FAIL <file>: <reason>" to stderr and exits 1. Run with /usr/bin/python3: the pyenv python3 on PATH has no onnx.
"""
import sys

import onnx
from onnx import shape_inference


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    if model.ir_version != 8:
        raise ValueError(f"IR version {model.ir_version}, expected 8")
    opsets = {o.domain: o.version for o in model.opset_import}
    if opsets.get("", opsets.get("ai.onnx")) != 17:
        raise ValueError(f"opset imports {opsets}, expected the default domain at 17")
    return len(model.graph.node), len(model.graph.initializer)


def main(paths):
    if not paths:
        print("usage: check_onnx.py <file.onnx>...", file=sys.stderr)
        return 2
    for path in paths:
        try:
            nodes, initializers = check(path)
        except Exception as err:  # the checker raises several exception types; report any as the file's failure
            print(f"FAIL {path}: {err}", file=sys.stderr)
            return 1
        print(f"OK {path}: {nodes} nodes, {initializers} initializers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
