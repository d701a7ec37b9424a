#!/usr/bin/env python3
"""Converts a published OFA MobileNetV3 supernet checkpoint (.pth) into Tandem's weights file.

    python3 Experiments/tools/convert_ofa_checkpoint.py ofa_mbv3_d234_e346_k357_w1.2 weights-w1.2.h5 [--width 1.2]

Input: the checkpoint as released by mit-han-lab/once-for-all (`torch.load(f)['state_dict']`, or a bare state
dict), old (`blocks.N.mobile_inverted_conv.…`) or current (`blocks.N.conv.…`) key naming. The width multiplier
is taken from --width, else from the file name (`_w1.0` / `_w1.2`), else from the stem's channel count (16 / 24).
Output: one float32 dataset per state-dict key (old naming, PyTorch layout; `num_batches_tracked` dropped) and
root attributes format / version / width_mult, written atomically. Every key and shape is checked against a
freshly built `ofa` supernet of that width before writing, so a wrong or truncated checkpoint fails here.
Needs: torch, h5py, numpy, ofa (pip install "torch==2.13.*" h5py ofa --no-deps).
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ofa_supernet  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint")
    parser.add_argument("output")
    parser.add_argument("--width", type=float, choices=[1.0, 1.2])
    args = parser.parse_args()

    import torch
    loaded = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
    state = loaded.get("state_dict", loaded) if isinstance(loaded, dict) else loaded
    state = {ofa_supernet.old_key(k): v for k, v in state.items()}

    width = args.width
    if width is None:
        match = re.search(r"_w(1\.[02])", os.path.basename(args.checkpoint))
        if match:
            width = float(match.group(1))
    if width is None:
        stem = state.get("first_conv.conv.weight")
        width = {16: 1.0, 24: 1.2}.get(None if stem is None else stem.shape[0])
    if width is None:
        sys.exit(f"{args.checkpoint}: cannot tell the width multiplier; pass --width 1.0 or 1.2")

    expected = {ofa_supernet.old_key(k): tuple(v.shape)
                for k, v in ofa_supernet.build_supernet(width).state_dict().items()
                if not k.endswith("num_batches_tracked")}
    problems = [f"missing '{k}'" for k in expected if k not in state]
    problems += [f"'{k}' has shape {list(state[k].shape)}, expected {list(s)}"
                 for k, s in expected.items() if k in state and tuple(state[k].shape) != s]
    if problems:
        sys.exit(f"{args.checkpoint}: not an ofa_mbv3_d234_e346_k357_w{width} supernet: " + "; ".join(problems[:5]))
    ofa_supernet.write_weights_h5(args.output, {k: state[k] for k in expected}, width)
    print(f"wrote {args.output}: {len(expected)} tensors, width {width}")


if __name__ == "__main__":
    main()
