"""Cut training of this TinyForge project (docs/cut-training.md): the network is cut into blocks, each with a small
head of its own (cut-plan.json; graph.json is the network plus the heads). Rank k trains block k and head k on the
activations block k-1 streams to it over torch.distributed point-to-point, so the blocks train at the same time on
different devices and no gradient crosses a cut. Every prefix "blocks 1..k + head k" is then a classifier of its own
(a cut model); its int8 accuracy is measured with the integer forward at the end. One weights file holds all blocks
and heads (`tinyforge import-weights`, or `tinyforge train-cut` which does all of it).

  one machine, 3 ranks (Debian's torchrun needs --redirects 1 --tee 1):
    torchrun --redirects 1 --tee 1 --nnodes 1 --nproc_per_node 3 --rdzv_backend c10d --rdzv_endpoint 127.0.0.1:29400 \\
      train_cut.py --data DATA --epochs 2 --out trained.npz
  3 devices, block k on the device started with --node_rank k (static rendezvous, so the order is yours):
    torchrun --nnodes 3 --nproc_per_node 1 --node_rank K --master_addr HOST0 --master_port 29400 train_cut.py ...

Ranks = blocks. gloo on CPUs, nccl on GPUs (--device). Checkpoints per rank after every epoch (--checkpoint-dir,
rank-<k>/); --resume continues every rank from the last epoch all of them finished. When a rank dies the others stop
with one line and keep their checkpoints. --finetune-epochs then trains the whole network and all heads end to end
(the sum of every block output's loss; DistributedDataParallel over the same ranks), --qat-epochs likewise on the
int8 grid.
"""
import argparse
import datetime
import json
import os
import platform
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402

from model import WEIGHTS, load_graph_json  # noqa: E402
from tinyforge_twins.cut_blocks import (BlockModel, CutNetwork, CutPlanError, Pipeline, batch_iter, calibrate_ranges,  # noqa: E402
                                        check_plan, run_pass, sub_graph)
from tinyforge_twins.data import DataError, check_classes, fingerprint, load_dataset  # noqa: E402
from tinyforge_twins.graph_model import Int8Model  # noqa: E402
from tinyforge_twins.kernel_params import QuantError  # noqa: E402
from tinyforge_twins.quantize import derive_int8  # noqa: E402
from tinyforge_twins.training import (argmax_first, evaluate_int8, pick_device, rng_state, save_checkpoint,  # noqa: E402
                                      seed_everything, set_rng_state, shard, split_validation)
from tinyforge_twins.weights_file import WeightsFileError, read_weights_file, write_weights_file  # noqa: E402

PLAN = os.path.join(HERE, 'cut-plan.json')


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write('train_cut.py: error: %s (see --help)\n' % message)
        sys.exit(2)


class TrainError(Exception):
    pass


class Stopped(Exception):
    pass


def parse_args(argv=None):
    p = OneLineParser(description='Block-wise (cut) training of the TinyForge project on torch.distributed.')
    p.add_argument('--data', required=True, help='image folder, inputs .npy (with --labels) or IDX files/folder')
    p.add_argument('--labels', help='labels .npy or IDX file for --data')
    p.add_argument('--test-data', help='a held-out test set (same forms as --data)')
    p.add_argument('--test-labels', help='labels for --test-data')
    p.add_argument('--epochs', type=int, default=1, help='block-wise epochs (default 1)')
    p.add_argument('--finetune-epochs', type=int, default=0, help='end-to-end float epochs afterwards (default 0)')
    p.add_argument('--qat-epochs', type=int, default=0, help='end-to-end quantization-aware epochs afterwards (default 0)')
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--lr', type=float, default=0.002, help='Adam learning rate of the block-wise epochs (default 0.002)')
    p.add_argument('--finetune-lr', type=float, help='learning rate of the end-to-end epochs (default lr / 10)')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--val-split', type=float, default=0.1)
    p.add_argument('--plan', default=PLAN, help='cut plan (default cut-plan.json)')
    p.add_argument('--weights', default=WEIGHTS, help='initial weights (default weights.npz)')
    p.add_argument('--out', default=os.path.join(HERE, 'trained.npz'))
    p.add_argument('--checkpoint-dir', help='default: <out without .npz>.checkpoints')
    p.add_argument('--resume', action='store_true', help='continue from the last epoch every rank finished')
    p.add_argument('--device', choices=('auto', 'cpu', 'cuda'), default='auto')
    p.add_argument('--threads', type=int, help='CPU threads per rank (default: cores / ranks)')
    p.add_argument('--timeout', type=float, default=300, help='seconds a rank waits for another before giving up (default 300)')
    p.add_argument('--depth', type=int, default=4, help='batches in flight between two ranks (default 4)')
    p.add_argument('--calibrate', type=int, default=32, help='batches that re-observe the activation ranges after float training (default 32; 0: keep the moving averages)')
    p.add_argument('--timing', help='write this rank\'s per-epoch timings (JSON) to TIMING.<rank>.json')
    args = p.parse_args(argv)
    for name, ok, what in (('epochs', args.epochs >= 0, '>= 0'), ('finetune-epochs', args.finetune_epochs >= 0, '>= 0'),
                           ('qat-epochs', args.qat_epochs >= 0, '>= 0'), ('batch-size', args.batch_size >= 1, '>= 1'),
                           ('lr', args.lr > 0, '> 0'), ('val-split', 0 <= args.val_split < 1, 'in [0, 1)'),
                           ('depth', args.depth >= 1, '>= 1'), ('timeout', args.timeout > 0, '> 0'),
                           ('threads', args.threads is None or args.threads >= 1, '>= 1')):
        if not ok:
            p.error('--%s must be %s' % (name, what))
    if args.epochs + args.finetune_epochs + args.qat_epochs == 0:
        p.error('nothing to train: --epochs, --finetune-epochs and --qat-epochs are all 0')
    args.finetune_lr = args.finetune_lr if args.finetune_lr is not None else args.lr / 10
    base = args.out[:-4] if args.out.endswith('.npz') else args.out
    args.checkpoint_dir = args.checkpoint_dir or base + '.checkpoints'
    return args


class Ranks(object):
    """This process's place: rank = block index; gloo on CPUs, nccl on GPUs; a time-out on every wait."""

    def __init__(self, args):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        try:
            self.device = pick_device(args.device, int(os.environ.get('LOCAL_RANK', '0')))
        except ValueError as err:
            raise TrainError(str(err))
        cuda = self.device.type == 'cuda'
        if cuda:
            torch.cuda.set_device(self.device)
        self.backend = 'nccl' if cuda else 'gloo'
        if self.world > 1:
            try:
                dist.init_process_group(self.backend, timeout=datetime.timedelta(seconds=args.timeout))
            except (RuntimeError, ValueError) as err:
                raise TrainError('rank %d could not join the others at %s:%s (%s)' % (
                    self.rank, os.environ.get('MASTER_ADDR', '?'), os.environ.get('MASTER_PORT', '?'), str(err).split('\n')[0]))

    def gather(self, obj):
        if self.world == 1:
            return [obj]
        out = [None] * self.world
        dist.all_gather_object(out, obj)
        return out

    def barrier(self):
        if self.world > 1:
            dist.barrier()

    def close(self):
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def run_date():
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    utc = datetime.timezone.utc
    t = datetime.datetime.fromtimestamp(int(epoch), utc) if epoch else datetime.datetime.now(utc)
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def load_data(args, shape, classes):
    train_all, test = load_dataset(args.data, args.labels, shape)
    if args.test_data:
        test, _ = load_dataset(args.test_data, args.test_labels, shape)
    check_classes(train_all, classes)
    train_idx, val_idx = split_validation(len(train_all), args.val_split, args.seed)
    train, val = train_all.subset(train_idx), train_all.subset(val_idx)
    if len(train) == 0:
        raise DataError('no training samples are left after the validation split')
    if test is None and len(val) == 0:
        raise DataError('no held-out data to measure the int8 accuracies: give --val-split > 0 or --test-data')
    return train, val, test


def checkpoint_paths(args, rank):
    folder = os.path.join(args.checkpoint_dir, 'rank-%d' % rank)
    return folder, os.path.join(folder, 'last.pt')


def resume_blocks(args, ranks, graph, model):
    """(optimizer state, history, first epoch) after agreeing with every rank on the last finished epoch."""
    folder, last = checkpoint_paths(args, ranks.rank)
    state = torch.load(last, map_location=ranks.device, weights_only=False) if os.path.exists(last) else None
    if state is not None and state['fingerprint'] != graph['fingerprint']:
        raise TrainError('%s was written for another graph' % last)
    epochs = ranks.gather(state['epoch'] if state else 0)
    common = min(epochs)
    if common == 0:
        raise TrainError('no checkpoint to resume from in %s (rank epochs: %s)' % (args.checkpoint_dir, epochs))
    if state['epoch'] != common:
        state = torch.load(os.path.join(folder, 'epoch-%03d.pt' % common), map_location=ranks.device, weights_only=False)
    model.load_state_dict(state['model'])
    set_rng_state(state['rng'])
    return state['optimizer'], state['history'], common + 1


def train_blocks(args, ranks, log, graph, plan, model, train_set, val):
    block = plan['blocks'][ranks.rank]
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    history, start = [], 1
    if args.resume:
        opt_state, history, start = resume_blocks(args, ranks, graph, model)
        optimizer.load_state_dict(opt_state)
        log('resumed the block-wise phase after epoch %d' % (start - 1))
    entry_shape = None
    if block['entry'] is not None:
        entry_shape = next(n for n in graph['nodes'] if n['id'] == block['entry'])['outputShape']
    pipe = Pipeline(ranks.rank, ranks.world, entry_shape, ranks.device, args.depth)
    timings = []
    folder, last = checkpoint_paths(args, ranks.rank)
    for epoch in range(start, args.epochs + 1):
        pipe.send_seconds = pipe.wait_seconds = 0.0
        t0 = time.time()
        batches = batch_iter(train_set, shard(len(train_set), args.seed, epoch, 0, 1).numpy(), args.batch_size, ranks.device) \
            if ranks.rank == 0 else None
        loss, correct, seen, compute = run_pass(model, pipe, batches, optimizer)
        wall = time.time() - t0
        timing = {'epoch': epoch, 'rank': ranks.rank, 'wall': wall, 'compute': compute, 'send': pipe.send_seconds,
                  'wait': pipe.wait_seconds, 'samples': seen}
        vb = batch_iter(val, np.arange(len(val)), 500, ranks.device) if ranks.rank == 0 else None
        _, v_correct, v_seen, _ = run_pass(model, pipe, vb, None)
        stats = ranks.gather({'loss': loss / max(1, seen), 'acc': correct / max(1, seen),
                              'val': v_correct / v_seen if v_seen else None, 'timing': timing})
        timings.append(timing)
        for k, s in enumerate(stats):
            t = s['timing']
            log('epoch %d/%d block %d: loss %.4f, train %.2f%%, validation %s; %.2f s (compute %.2f s, waiting %.2f s, sending %.2f s)' % (
                epoch, args.epochs, k + 1, s['loss'], 100 * s['acc'], 'n/a' if s['val'] is None else '%.2f%%' % (100 * s['val']),
                t['wall'], t['compute'], t['wait'], t['send']))
        final = stats[-1]
        entry = {'epoch': epoch, 'phase': 'float', 'loss': final['loss'], 'trainAccuracy': final['acc'],
                 'validationAccuracy': final['val'],
                 'blocks': [{'loss': s['loss'], 'trainAccuracy': s['acc'], 'validationAccuracy': s['val']} for s in stats]}
        if 'SOURCE_DATE_EPOCH' not in os.environ:
            entry['seconds'] = round(max(s['timing']['wall'] for s in stats), 3)
        history.append(entry)
        os.makedirs(folder, exist_ok=True)
        state = {'epoch': epoch, 'fingerprint': graph['fingerprint'], 'block': ranks.rank, 'model': model.state_dict(),
                 'optimizer': optimizer.state_dict(), 'history': history, 'rng': rng_state()}
        save_checkpoint(os.path.join(folder, 'epoch-%03d.pt' % epoch), state)
        save_checkpoint(last, state)
        ranks.barrier()
    if args.timing:
        with open('%s.%d.json' % (args.timing, ranks.rank), 'w', encoding='utf-8') as f:
            json.dump(timings, f, indent=1)
    return history


def finetune(args, ranks, log, graph, plan, floats, ranges, train_set, val):
    """End-to-end epochs over the whole combined graph (DDP over the ranks); returns (net, history entries)."""
    net = CutNetwork(graph, plan, floats).to(ranks.device)
    net.set_node_ranges(ranges)
    history = []
    total = args.finetune_epochs + args.qat_epochs
    for e in range(1, total + 1):
        phase = 'float' if e <= args.finetune_epochs else 'qat'
        if phase == 'qat' and not net.qat:
            net.qat = True
        if e == 1 or (phase == 'qat' and e == args.finetune_epochs + 1):
            ddp = net if ranks.world == 1 else torch.nn.parallel.DistributedDataParallel(
                net, device_ids=[ranks.device.index] if ranks.device.type == 'cuda' else None)
            optimizer = torch.optim.Adam(net.parameters(), lr=args.finetune_lr if phase == 'float' else args.finetune_lr / 10)
        order = shard(len(train_set), args.seed, 1000 + e, ranks.rank, ranks.world).numpy()
        per_rank = max(1, args.batch_size // ranks.world)
        ddp.train()
        loss_fn = torch.nn.CrossEntropyLoss()
        t0 = time.time()
        total_loss, seen, correct = 0.0, 0, 0
        for xb, yb in batch_iter(train_set, order, per_rank, ranks.device):
            optimizer.zero_grad()
            logits = ddp([xb])
            loss = sum(loss_fn(lg, yb) for lg in logits)
            loss.backward()
            optimizer.step()
            total_loss += float(loss.detach()) * len(yb)
            correct += int((logits[-1].detach().argmax(dim=1) == yb).sum())
            seen += len(yb)
        sums = ranks.gather((total_loss, seen, correct))
        accs = block_accuracies(net, val, ranks.device) if len(val) else [None] * len(plan['blocks'])
        mean_loss = sum(s[0] for s in sums) / max(1, sum(s[1] for s in sums))
        log('end-to-end epoch %d/%d (%s): summed loss %.4f, validation %s; %.1f s' % (
            e, total, phase, mean_loss, ', '.join('n/a' if a is None else '%.2f%%' % (100 * a) for a in accs), time.time() - t0))
        history.append({'epoch': args.epochs + e, 'phase': phase, 'loss': mean_loss,
                        'trainAccuracy': sum(s[2] for s in sums) / max(1, sum(s[1] for s in sums)),
                        'validationAccuracy': accs[-1], 'blocks': [{'validationAccuracy': a} for a in accs]})
    return net, history


def block_accuracies(net, data, device, batch=1000):
    """Float (or QAT) accuracy of every cut model on `data`."""
    net.eval()
    correct = None
    with torch.no_grad():
        for start in range(0, len(data), batch):
            outs = net([torch.from_numpy(data.x[start:start + batch]).to(device)])
            y = data.labels[start:start + batch]
            got = [int((argmax_first(o.cpu().numpy()) == y).sum()) for o in outs]
            correct = got if correct is None else [a + b for a, b in zip(correct, got)]
    return [c / len(data) for c in correct]


def finish(args, log, graph, plan, floats, ranges, history, train_set, val, test, ranks):
    held = test if test is not None else val
    where = 'test' if test is not None else 'validation'
    net = CutNetwork(graph, plan, floats)
    if args.qat_epochs == 0 and args.calibrate > 0:
        ranges = calibrate_ranges(net, train_set, args.batch_size, args.calibrate)
        log('activation ranges re-observed on %d training samples (mean of the batch min/max)' % min(len(train_set), args.batch_size * args.calibrate))
    int8 = derive_int8(graph['nodes'], graph['scheme'], floats, ranges, graph.get('denseWeights', 'per-tensor'))
    net.set_node_ranges(ranges)
    float_accs = block_accuracies(net, held, torch.device('cpu'))
    models = []
    for k in range(len(plan['blocks'])):
        acc8, _, _ = evaluate_int8(Int8Model(sub_graph(graph, plan['blocks'][:k + 1]), int8), held)
        models.append({'blocks': k + 1, 'output': plan['blocks'][k]['output'], 'floatAccuracy': float_accs[k], 'int8Accuracy': acc8})
        log('cut model %d (blocks 1..%d + %s): float %.2f%%, int8 (integer forward) %.2f%% on the %s set (%d samples)' % (
            k + 1, k + 1, 'head %d' % (k + 1) if k + 1 < len(plan['blocks']) else 'the network\'s output', 100 * float_accs[k],
            100 * acc8, where, len(held)))
    record = {
        'date': run_date(), 'backend': 'pytorch %s (python %s)' % (torch.__version__, platform.python_version()),
        'device': ranks.device.type, 'ranks': ranks.world, 'distributed': ranks.backend if ranks.world > 1 else 'none',
        'scheme': graph['scheme'], 'rounding': graph.get('rounding', 'double'),
        'dataset': {'source': args.data if args.labels is None else '%s + %s' % (args.data, args.labels),
                    'fingerprint': fingerprint(train_set, val, test), 'train': len(train_set), 'validation': len(val),
                    'test': len(test) if test is not None else 0, 'classes': plan['classes']},
        'hyperParameters': {'mode': 'cut', 'blocks': len(plan['blocks']), 'epochs': args.epochs,
                            'finetuneEpochs': args.finetune_epochs, 'qatEpochs': args.qat_epochs, 'batchSize': args.batch_size,
                            'lr': args.lr, 'finetuneLr': args.finetune_lr, 'seed': args.seed, 'valSplit': args.val_split,
                            'optimizer': 'adam', 'threads': torch.get_num_threads(),
                            'rangeCalibrationBatches': args.calibrate if args.qat_epochs == 0 else 0},
        'epochs': history,
        'result': {'floatAccuracy': float_accs[-1], 'qatAccuracy': None, 'int8Accuracy': models[-1]['int8Accuracy'],
                   'evaluatedOn': where, 'samples': len(held)},
        'cutModels': models,
    }
    write_weights_file(args.out, graph, floats, ranges, int8, record)
    log('wrote %s (import it with: tinyforge import-weights <project> %s -o <project>)' % (args.out, args.out))


def train(args, ranks, log):
    graph = load_graph_json()
    with open(args.plan, 'r', encoding='utf-8') as f:
        plan = check_plan(json.load(f), graph)
    blocks = len(plan['blocks'])
    if args.epochs > 0 and ranks.world != blocks:
        raise TrainError('%s has %d blocks: start %d ranks (torchrun --nproc_per_node %d, or one per device), not %d' % (
            os.path.basename(args.plan), blocks, blocks, blocks, ranks.world))
    shape = next(n for n in graph['nodes'] if n['op'] == 'Input')['outputShape'][1:]
    _, floats, ranges, _ = read_weights_file(args.weights)
    needs_data = ranks.rank == 0 or args.finetune_epochs + args.qat_epochs > 0
    train_set, val, test = load_data(args, shape, plan['classes']) if needs_data else (None, None, None)
    if ranks.rank == 0:
        log('data: %d training, %d validation, %d test samples (%s); %d blocks on %d ranks (%s)' % (
            len(train_set), len(val), len(test) if test is not None else 0, args.data, blocks, ranks.world,
            ranks.backend if ranks.world > 1 else 'one process'))
    history = []
    if args.epochs > 0:
        model = BlockModel(graph, plan['blocks'][ranks.rank], floats).to(ranks.device)
        if ranges:
            model.set_node_ranges(ranges)
        history = train_blocks(args, ranks, log, graph, plan, model, train_set, val)
        parts = ranks.gather((model.float_weights(), model.node_ranges()))
        floats, ranges = {}, {}
        for w, r in parts:
            floats.update(w)
            ranges.update(r)
    if args.finetune_epochs + args.qat_epochs > 0:
        net, more = finetune(args, ranks, log, graph, plan, floats, ranges, train_set, val)
        history += more
        floats, ranges = net.float_weights(), net.node_ranges()
    if ranks.rank == 0:
        finish(args, log, graph, plan, floats, ranges, history, train_set, val, test, ranks)
    ranks.barrier()


def main(argv=None):
    args = parse_args(argv)
    ranks = None
    rank = os.environ.get('RANK', '0')

    def on_term(signum, frame):
        raise Stopped()
    signal.signal(signal.SIGTERM, on_term)
    try:
        ranks = Ranks(args)
        if ranks.device.type == 'cpu':
            torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // ranks.world))
        seed_everything(args.seed + ranks.rank)
        log = (lambda text: print(text, flush=True)) if ranks.rank == 0 else (lambda text: None)
        train(args, ranks, log)
    except (KeyboardInterrupt, Stopped):
        sys.stderr.write('train_cut.py: rank %s stopped; the checkpoints of finished epochs are kept in %s (continue with --resume)\n'
                         % (rank, args.checkpoint_dir))
        sys.exit(130)
    except (DataError, WeightsFileError, QuantError, TrainError, CutPlanError, OSError) as err:
        sys.stderr.write('train_cut.py: error: rank %s: %s\n' % (rank, str(err).split('\n')[0]))
        sys.exit(1)
    except RuntimeError as err:
        sys.stderr.write('train_cut.py: error: rank %s lost the pipeline (another rank stopped or cannot be reached: %s); '
                         'the checkpoints of finished epochs are kept in %s (continue with --resume)\n'
                         % (rank, str(err).split('\n')[0][:200], args.checkpoint_dir))
        sys.exit(1)
    finally:
        if ranks is not None:
            try:
                ranks.close()
            except Exception:  # noqa: BLE001 - a broken group cannot be torn down cleanly; exiting is enough
                pass


if __name__ == '__main__':
    main()
