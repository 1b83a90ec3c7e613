"""Early exits in training (train.py): joint training of the exits with the main path, and their int8 figures.

The graph's outputs are the main output first, then the Exit nodes in execution order (graph.json 'outputs'); an
Exit's output is its classifier's logits. The joint loss of a batch is
    loss = CE(main logits) + sum_k w_k * CE(logits of exit k)
with w_k the Exit's `lossWeight` attribute (train.py --exit-weights overrides them; all 0 trains the main path only).
After training, each exit's int8 accuracy on the held-out set (the integer forward) is logged and recorded.
"""
import numpy as np
import torch

from .kernel_params import shape_size


class ExitTraining(object):
    def __init__(self, graph, weights):
        self.graph = graph
        nodes = {n['id']: n for n in graph['nodes']}
        self.exits = [nodes[i] for i in graph['outputs'] if nodes[i]['op'] == 'Exit']
        self.first = len(graph['outputs']) - len(self.exits)
        self.weights = weights
        self.ce = torch.nn.CrossEntropyLoss()

    @staticmethod
    def from_graph(graph, override=None):
        """None when the graph has no exits; `override` is --exit-weights (a comma list, one weight per exit)."""
        nodes = {n['id']: n for n in graph['nodes']}
        exits = [nodes[i] for i in graph['outputs'] if nodes[i]['op'] == 'Exit']
        if not exits:
            if override:
                raise ValueError('--exit-weights was given but the graph has no Exit nodes')
            return None
        weights = [float(n['attrs'].get('lossWeight', 0.5)) for n in exits]
        if override:
            values = [float(v) for v in override.split(',')]
            if len(values) != len(exits):
                raise ValueError('--exit-weights needs %d values (one per exit: %s), got %d' % (
                    len(exits), ', '.join(n['name'] for n in exits), len(values)))
            if any(v < 0 for v in values):
                raise ValueError('--exit-weights must be >= 0')
            weights = values
        main = nodes[graph['outputs'][0]]
        classes = shape_size(main['outputShape'][1:])
        for n in exits:
            if shape_size(n['outputShape'][1:]) != classes:
                raise ValueError('exit %s has %d classes; the main output has %d' % (n['name'], shape_size(n['outputShape'][1:]), classes))
        return ExitTraining(graph, weights)

    def describe(self):
        return ', '.join('%s (weight %g)' % (n['name'], w) for n, w in zip(self.exits, self.weights))

    def loss(self, outputs, logits, labels):
        """The joint loss of a batch: the main cross-entropy plus the weighted exit cross-entropies."""
        total = self.ce(logits, labels)
        for k, w in enumerate(self.weights):
            if w > 0:
                out = outputs[self.first + k]
                total = total + w * self.ce(out.reshape(out.shape[0], -1), labels)
        return total

    def int8_accuracies(self, int8_model, data, batch=512):
        """Each exit's int8 accuracy on `data` when it decides every sample (argmax of its int8 logits)."""
        ids = [n['id'] for n in self.exits]
        correct = np.zeros(len(ids))
        for start in range(0, len(data), batch):
            xs = int8_model.preprocess([data.x[start:start + batch]])
            outs = int8_model.run(xs, chunk=batch)
            labels = data.labels[start:start + batch]
            for k, i in enumerate(ids):
                pred = np.argmax(outs[i].reshape(outs[i].shape[0], -1).numpy(), axis=1)
                correct[k] += int((pred == labels).sum())
        return [{'id': n['id'], 'name': n['name'], 'lossWeight': w, 'int8Accuracy': float(c / max(1, len(data)))}
                for n, w, c in zip(self.exits, self.weights, correct)]
