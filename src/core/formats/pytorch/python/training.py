"""The training machinery of train.py: distributed set-up (torchrun), deterministic sharding, the epoch loop with
progress lines, evaluation (float, QAT and the integer forward) and checkpoints.

Distributed: under torchrun (WORLD_SIZE > 1) every rank joins a process group (nccl on GPUs, gloo on CPUs); the
model is wrapped in DistributedDataParallel; each epoch's permutation comes from the seed and the epoch number, so
every rank takes the same permutation and its own equal slice; the range observers all-reduce their batch extremes,
so all ranks keep identical ranges. Only rank 0 prints, evaluates and writes files.
"""
import os
import random
import time

import numpy as np
import torch
import torch.distributed as dist


def pick_device(requested, local_rank):
    """This process's device: one GPU per local rank (nccl) or the CPU (gloo). 'auto' takes the GPUs only when the node
    has one for every local rank (torchrun's LOCAL_WORLD_SIZE), else the CPU for every rank, so that all ranks agree on
    the backend; 'cuda' needs a GPU per local rank. Raises ValueError with a one-line reason."""
    local_world = int(os.environ.get('LOCAL_WORLD_SIZE', '1'))
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if requested == 'cuda':
        if gpus == 0:
            raise ValueError('--device cuda was asked for but torch sees no CUDA device')
        if local_world > gpus:
            raise ValueError('--device cuda runs one GPU per rank: %d ranks on this node but torch sees %d GPU(s); '
                             'start at most %d per node, or use --device cpu' % (local_world, gpus, gpus))
    use_cuda = requested == 'cuda' or (requested == 'auto' and gpus >= local_world)
    return torch.device('cuda:%d' % local_rank) if use_cuda and gpus > 0 else torch.device('cpu')


class Distributed(object):
    def __init__(self, requested_device='auto'):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        self.local_rank = int(os.environ.get('LOCAL_RANK', '0'))
        try:
            self.device = pick_device(requested_device, self.local_rank)
        except ValueError as err:
            raise RuntimeError(str(err))
        use_cuda = self.device.type == 'cuda'
        if use_cuda:
            torch.cuda.set_device(self.device)
        self.backend = 'none'
        if self.world > 1:
            self.backend = 'nccl' if use_cuda else 'gloo'
            dist.init_process_group(backend=self.backend)

    @property
    def main(self):
        return self.rank == 0

    def barrier(self):
        if self.world > 1:
            dist.barrier()

    def all_sum(self, values):
        t = torch.tensor(values, dtype=torch.float64)
        if self.world > 1:
            t = t.to(self.device) if self.backend == 'nccl' else t
            dist.all_reduce(t, op=dist.ReduceOp.SUM)
        return t.cpu().tolist()

    def close(self):
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    try:
        torch.use_deterministic_algorithms(True, warn_only=True)
    except TypeError:  # very old torch
        torch.use_deterministic_algorithms(True)
    torch.backends.cudnn.benchmark = False


def split_validation(n, fraction, seed):
    """(train indices, validation indices): a seeded permutation, the last `fraction` held out."""
    g = torch.Generator()
    g.manual_seed(seed)
    perm = torch.randperm(n, generator=g).numpy()
    held = int(round(n * fraction))
    return np.sort(perm[:n - held]), np.sort(perm[n - held:])


def shard(n, seed, epoch, rank, world):
    """This rank's sample order for an epoch: the same seeded permutation on every rank, cut into equal slices."""
    g = torch.Generator()
    g.manual_seed(seed * 1000003 + epoch)
    perm = torch.randperm(n, generator=g)
    usable = n - n % world
    return perm[:usable][rank::world]


def run_epoch(model, ddp_model, optimizer, data, epoch, total_epochs, phase, args, dist_ctx, log, loss_of=None):
    """One training epoch; returns (mean loss, train accuracy) over all ranks. `loss_of(outputs, logits, labels)`
    replaces the cross-entropy of the main logits (early exits: exits.py)."""
    x, y = data.x, data.labels
    order = shard(len(data), args.seed, epoch, dist_ctx.rank, dist_ctx.world)
    per_rank = max(1, args.batch_size // dist_ctx.world)
    steps = (len(order) + per_rank - 1) // per_rank
    ddp_model.train()
    loss_fn = torch.nn.CrossEntropyLoss()
    total_loss, correct, seen = 0.0, 0, 0
    started = time.time()
    for step in range(steps):
        idx = order[step * per_rank:(step + 1) * per_rank].numpy()
        xb = torch.from_numpy(x[idx]).to(dist_ctx.device)
        yb = torch.from_numpy(y[idx]).to(dist_ctx.device)
        optimizer.zero_grad()
        outs, logits = ddp_model([xb])
        loss = loss_of(outs, logits, yb) if loss_of else loss_fn(logits, yb)
        loss.backward()
        optimizer.step()
        total_loss += float(loss.detach()) * len(idx)
        correct += int((logits.detach().argmax(dim=1) == yb).sum())
        seen += len(idx)
        if dist_ctx.main and args.progress_every and ((step + 1) % args.progress_every == 0 or step + 1 == steps):
            rate = seen * dist_ctx.world / max(1e-9, time.time() - started)
            log('epoch %d/%d (%s) batch %d/%d loss %.4f acc %.2f%% %.0f samples/s' % (
                epoch, total_epochs, phase, step + 1, steps, total_loss / seen, 100.0 * correct / seen, rate))
    loss_sum, correct_sum, seen_sum = dist_ctx.all_sum([total_loss, correct, seen])
    return loss_sum / max(1, seen_sum), correct_sum / max(1, seen_sum)


def argmax_first(values):
    """Index of the first maximum per row (TinyForge's argmax: strict >, first index wins ties)."""
    return np.argmax(values, axis=1)


def evaluate_model(model, data, device, batch=1000):
    """Accuracy of the float or QAT model (argmax of the first output) on a dataset."""
    if data is None or len(data) == 0:
        return None
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(data), batch):
            outs, _ = model([torch.from_numpy(data.x[start:start + batch]).to(device)])
            pred = argmax_first(outs[0].reshape(outs[0].shape[0], -1).cpu().numpy())
            correct += int((pred == data.labels[start:start + batch]).sum())
    return correct / len(data)


def evaluate_int8(int8_model, data, batch=512):
    """(accuracy, predictions, first-output int8 bytes) of the integer forward on raw samples."""
    preds, outs = [], []
    out_id = int8_model.graph['outputs'][0]
    for start in range(0, len(data), batch):
        xs = int8_model.preprocess([data.x[start:start + batch]])
        y = int8_model.run(xs, chunk=batch)[out_id]
        flat = y.reshape(y.shape[0], -1).numpy()
        outs.append(flat.astype(np.int8))
        preds.append(argmax_first(flat))
    pred = np.concatenate(preds)
    return float((pred == data.labels).mean()), pred, np.concatenate(outs)


def save_checkpoint(path, state):
    tmp = path + '.tmp'
    torch.save(state, tmp)
    os.replace(tmp, path)


def rng_state():
    return {'torch': torch.get_rng_state(), 'numpy': np.random.get_state(), 'python': random.getstate()}


def set_rng_state(state):
    torch.set_rng_state(state['torch'])
    np.random.set_state(state['numpy'])
    random.setstate(state['python'])
