#!/usr/bin/env bash
# The supernet experiment of docs/families.md: the supernet of docs/families/fashion-ds-cnn.family.json trained on
# Fashion-MNIST (sandwich rule), four sub-networks of different sizes extracted from it, and the same four trained
# alone with the same epoch budget; every int8 accuracy measured by the int8 engine on the held-out t10k set after
# the same calibration (min/max over the first 1,000 training images). The supernet-extracted accuracies are also
# recorded in $OUT/<family id>.accuracies.json (tinyforge explore --accuracies, Explore tab › Measured accuracies…).
# FAMILY=<family file> (default docs/families/fashion-ds-cnn.family.json; knobs res, width, k, depth) and
# VARIANTS="r,w,k,d …" (the compared sub-networks) and EPOCHS are overridable; RANDOM_VARIANTS >= variants - 2 trains
# every variant at every step (they are drawn without replacement). The compact experiment of docs/families.md:
#   FAMILY=docs/families/fashion-ds-cnn-compact.family.json RANDOM_VARIANTS=4 DISTILL=0 EPOCHS=5 OUT=/tmp/compact \
#   VARIANTS="28,1,3,3 28,0.75,3,3 28,1,3,1 28,0.75,3,1 28,0.5,3,3 28,0.5,3,1" docs/families/supernet-experiment.sh
# BN=1 (default) trains both the supernet and the alone runs with a BatchNorm after every convolution, recalibrated per
# variant after training and folded into its weights (BN=0: no BatchNorm, the first runs of docs/families.md).
# RANDOM_VARIANTS=N random variants per sandwich step (default 2; drawn without replacement besides the largest and smallest); DISTILL=0 trains every variant on the labels.
# WARMUP=N trains the largest variant alone for the first N of the EPOCHS (progressive shrinking's first phase).
#   EPOCHS=5 DISTILL=0 OUT=/tmp/supernet-run docs/families/supernet-experiment.sh   (docs/families.md: about 30 min on 2 shared cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
FM=/usr/share/datasets/fashion-mnist
FAMILY=${FAMILY:-docs/families/fashion-ds-cnn.family.json}
FAMILY_ID=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$FAMILY")
EPOCHS=${EPOCHS:-5}
WARMUP=${WARMUP:-0}
BATCH=${BATCH:-128}
OUT=${OUT:-/tmp/supernet-run}
BN=${BN:-1}
RANDOM_VARIANTS=${RANDOM_VARIANTS:-2}
DISTILL=${DISTILL:-1}
flags=(--batch-size "$BATCH")
[ "$BN" = 1 ] && flags+=(--batchnorm)
sandwich=(--random "$RANDOM_VARIANTS" --warmup "$WARMUP")
[ "$DISTILL" = 0 ] && sandwich+=(--no-distill)
VARIANTS=${VARIANTS:-"28,1,5,3 28,0.75,3,2 24,0.5,5,2 20,0.5,3,1"}
mkdir -p "$OUT"
tf() { npx tsx bin/tinyforge.mjs "$@"; }
knobs() { IFS=, read -r r w k d <<<"$1"; echo "res=$r,width=$w,k=$k,depth=$d"; }
tf supernet "$FAMILY" --export "$OUT/project"
[ -f "$OUT/supernet.npz" ] || /usr/bin/python3 "$OUT/project/train_supernet.py" --data "$FM" --epochs "$EPOCHS" "${flags[@]}" "${sandwich[@]}" --out "$OUT/supernet.npz" | tee "$OUT/supernet.log"
for v in $VARIANTS; do
  [ -f "$OUT/alone-$v.npz" ] || /usr/bin/python3 "$OUT/project/train_supernet.py" --data "$FM" --epochs "$EPOCHS" "${flags[@]}" --only "$v" --out "$OUT/alone-$v.npz" | tee "$OUT/alone-$v.log"
done
for v in $VARIANTS; do
  for kind in supernet alone; do
    file="$OUT/supernet.npz"; record=(--accuracies "$OUT/$FAMILY_ID.accuracies.json")
    [ "$kind" = alone ] && file="$OUT/alone-$v.npz" && record=()
    echo "== $v $kind"
    tf extract "$FAMILY" --supernet "$file" --variant "$(knobs "$v")" --data "$FM/train-images-idx3-ubyte.gz" --calib-samples 1000 \
      --test-data "$FM/t10k-images-idx3-ubyte.gz" --test-labels "$FM/t10k-labels-idx1-ubyte.gz" "${record[@]}" -o "$OUT/$kind-$v.tinyforge.json"
  done
done | tee "$OUT/results.txt"
