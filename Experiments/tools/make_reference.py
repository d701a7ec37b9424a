#!/usr/bin/env python3
"""Writes random supernet weights in Tandem's HDF5 format and PyTorch's logits for chosen sub-networks, computed
by the real OFA code (`ofa` from PyPI), so anyone can re-check Tandem's engine against it:

    python3 Experiments/tools/make_reference.py --width 1.0 --out ref.h5 --resolution 64 \
        --subnet max --subnet min --subnet ks5/e4/d3
    tandem infer --weights ref.h5 --subnet CFG.json --input ref.h5 --output y.h5   # per config, see below

Output file: the weights (one dataset per state-dict key, old naming, root attribute width_mult), dataset `input`
[N, 3, r, r] (random normal images), and for each sub-network i a group `reference/i` with attribute `config`
(OFA JSON) and dataset `logits` [N, 1000] from `ofa_net.set_active_subnet(...)` + `forward` in eval mode.
With --synthetic-weights the supernet holds the spec's deterministic synthetic weights (section 9.1, which Tandem
regenerates itself) and the file carries only `input` and the references: a few kilobytes, small enough to commit.
Needs: torch, h5py, numpy, ofa (pip install "torch==2.13.*" h5py ofa --no-deps).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ofa_supernet  # noqa: E402


def parse_subnet(text, resolution):
    """max | min | ksK/eE/dD (uniform) | a JSON file {ks, e, d, r}."""
    if text in ("max", "min"):
        k, e, d = (7, 6, 4) if text == "max" else (3, 3, 2)
    elif text.startswith("ks"):
        fields = text.split("/")
        k, e, d = int(fields[0][2:]), int(fields[1][1:]), int(fields[2][1:])
    else:
        with open(text) as f:
            config = json.load(f)
        return {"ks": config["ks"], "e": config["e"], "d": config["d"], "r": resolution}
    return {"ks": [k] * 20, "e": [e] * 20, "d": [d] * 5, "r": resolution}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=float, default=1.0, choices=[1.0, 1.2])
    parser.add_argument("--out", required=True)
    parser.add_argument("--resolution", type=int, default=64)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--subnet", action="append", default=[])
    parser.add_argument("--synthetic-weights", action="store_true",
                        help="use the spec's synthetic weights (section 9.1) and do not store them")
    args = parser.parse_args()

    import h5py
    import numpy as np
    import torch
    torch.manual_seed(args.seed)
    net = ofa_supernet.build_supernet(args.width)
    if args.synthetic_weights:
        fill_synthetic(net)
    else:
        randomise(net)
        ofa_supernet.write_weights_h5(args.out, net.state_dict(), args.width)
    images = torch.randn(args.batch, 3, args.resolution, args.resolution)
    with h5py.File(args.out, "a" if not args.synthetic_weights else "w") as f:
        f.attrs["weights"] = "synthetic (spec section 9.1)" if args.synthetic_weights else "stored in this file"
        f.attrs["width_mult"] = float(args.width)
        f.create_dataset("input", data=images.numpy().astype(np.float32))
        for index, text in enumerate(args.subnet or ["max", "min"]):
            config = parse_subnet(text, args.resolution)
            net.set_active_subnet(ks=config["ks"], e=config["e"], d=config["d"])
            with torch.no_grad():
                logits = net(images).numpy().astype(np.float32)
            group = f.create_group(f"reference/{index}")
            group.attrs["config"] = json.dumps(config)
            group.create_dataset("logits", data=logits)
            print(f"{text}: logits {logits.shape}, |max| {np.abs(logits).max():.4f}")


def splitmix_uniform(tensor, count):
    """The spec's splitmix64 uniform in [0, 1) for elements 0..count-1 of tensor ordinal `tensor`."""
    import numpy as np
    with np.errstate(over="ignore"):
        z = (np.uint64(tensor) << np.uint64(32)) | np.arange(count, dtype=np.uint64)
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def fill_synthetic(net):
    """Spec section 9.1: tensor ordinal = position in the state dict (num_batches_tracked included)."""
    import numpy as np
    import torch
    with torch.no_grad():
        for ordinal, (name, tensor) in enumerate(net.state_dict().items()):
            if name.endswith("num_batches_tracked"):
                continue
            u = splitmix_uniform(ordinal, tensor.numel())
            s = 2 * u - 1
            if name.endswith("running_mean"):
                values = 0.1 * s
            elif name.endswith("running_var"):
                values = 0.5 + u
            elif name.endswith("_matrix"):
                values = np.eye(tensor.shape[0]).reshape(-1) + 0.1 * s
            elif name.endswith("bn.weight"):
                values = 1 + 0.2 * s
            elif name.endswith("bias"):
                values = 0.1 * s
            else:
                values = np.sqrt(3.0 / (tensor.numel() / tensor.shape[0])) * s
            tensor.copy_(torch.from_numpy(values.astype(np.float32).reshape(tensor.shape)))


def randomise(net):
    """Random but well-conditioned weights: BN statistics and the kernel-transform matrices are randomised too,
    so the check covers BN, 7→5→3 and every slice."""
    import torch
    with torch.no_grad():
        for name, tensor in net.state_dict().items():
            if name.endswith("num_batches_tracked"):
                continue
            if name.endswith("running_var"):
                tensor.copy_(0.5 + torch.rand_like(tensor))
            elif name.endswith("running_mean") or name.endswith("bias"):
                tensor.copy_(0.1 * torch.randn_like(tensor))
            elif name.endswith("_matrix"):
                tensor.copy_(torch.eye(tensor.shape[0]) + 0.1 * torch.randn_like(tensor))
            elif name.endswith("bn.weight"):
                tensor.copy_(1 + 0.2 * torch.randn_like(tensor))
            else:
                fan_in = tensor[0].numel()
                tensor.copy_(torch.randn_like(tensor) * (1.0 / fan_in) ** 0.5)


if __name__ == "__main__":
    main()
