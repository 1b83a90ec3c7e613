"""The operator twins, one module per operator (each from src/core/ops/<op>.torch.py of TinyForge), registered by
their TYPE: `OPS['Conv2D']` is the module with prepare, forward_int and the float/QAT Twin module."""
import importlib
import pkgutil

OPS = {}
for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module('%s.%s' % (__name__, _info.name))
    OPS[_module.TYPE] = _module


def op_module(op_type):
    module = OPS.get(op_type)
    if module is None:
        raise KeyError('no PyTorch twin for operator %s' % op_type)
    return module
