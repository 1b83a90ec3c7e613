"""The Python twin of the quantizer on given float weights and ranges: reads an exported project's graph.json and
a weights file (float weights, ranges and SVDF/LSTM inner ranges), derives the int8 model with tinyforge_twins.quantize.derive_int8 and
writes it into a new weights file. TinyForge's import-weights then verifies it against its own quantization.
Usage (in the exported project folder): python3 check_quantize.py <in.npz> <out.npz> [<in.npz> <out.npz> ...]"""
import json
import sys

from tinyforge_twins.quantize import derive_int8
from tinyforge_twins.weights_file import internal_of, read_weights_file, write_weights_file


def main(src, dst):
    with open('graph.json') as f:
        graph = json.load(f)
    meta, floats, ranges, _ = read_weights_file(src)
    internal = internal_of(meta)
    int8 = derive_int8(graph['nodes'], graph['scheme'], floats, ranges, graph.get('denseWeights', 'per-tensor'), internal)
    write_weights_file(dst, graph, floats, ranges, int8, None, internal)
    print('derived %d nodes' % len(int8))


if __name__ == '__main__':
    for i in range(1, len(sys.argv) - 1, 2):
        main(sys.argv[i], sys.argv[i + 1])
