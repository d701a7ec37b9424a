#!/usr/bin/env python3
"""Convert the OFA / Dynamic-OFA accuracy predictor into Tandem's HDF5 predictor file.

Input, one of:
  * acc_predictor.pth (DOFA optimal_search/{latency,flop}/checkpoints/, OFA's tutorial predictor): a state dict
    0.weight [400,128], 0.bias, 2.weight [400,400], 2.bias, 4.weight, 4.bias, 6.weight [1,400], 6.bias [1].
    Read with torch when it is installed, otherwise with a torch-free reader of the legacy .pth layout
    (reference/ofa-mobilenetv3.md, section 9.2), which allows only the classes that layout needs.
  * the JSON export {key: {"shape": [...], "data": [row-major]}} (data/dynamic-ofa/accuracy-predictor.json).

Output: one float32 dataset per state-dict key at the root, attributes format="tandem.accuracy-predictor",
version=1, source=<input path>. Usage: convert_predictor.py INPUT OUTPUT.h5
"""
import collections
import json
import os
import pickle
import struct
import sys

import h5py
import numpy as np

EXPECTED = {
    "0.weight": (400, 128), "0.bias": (400,),
    "2.weight": (400, 400), "2.bias": (400,),
    "4.weight": (400, 400), "4.bias": (400,),
    "6.weight": (1, 400), "6.bias": (1,),
}


def read_json(path):
    with open(path) as handle:
        entries = json.load(handle)
    return {key: np.asarray(entry["data"], dtype=np.float32).reshape(entry["shape"]) for key, entry in entries.items()}


def read_pth(path):
    try:
        import torch  # noqa: F401
    except ImportError:
        return read_legacy_pth(path)
    import torch
    state = torch.load(path, map_location="cpu", weights_only=True)
    if "state_dict" in state:
        state = state["state_dict"]
    return {key: value.detach().numpy().astype(np.float32) for key, value in state.items()}


class _Storage:
    def __init__(self, key, numel):
        self.key, self.numel, self.data = key, numel, None


class _Tensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)

    def array(self):
        flat = self.storage.data
        item = flat.itemsize
        return np.lib.stride_tricks.as_strided(flat[self.offset:], shape=self.size,
                                               strides=tuple(s * item for s in self.stride)).copy()


class _StorageType:
    pass


def _rebuild_tensor_v2(storage, offset, size, stride, *unused):
    return _Tensor(storage, offset, size, stride)


class _LegacyUnpickler(pickle.Unpickler):
    """Allows only OrderedDict, the tensor-rebuild function and float storage types."""

    def __init__(self, handle, storages):
        super().__init__(handle)
        self.storages = storages

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor_v2
        if module == "torch" and name == "FloatStorage":
            return _StorageType
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a predictor file")

    def persistent_load(self, pid):
        kind, _storage_type, key, _location, numel = pid[:5]
        if kind != "storage":
            raise pickle.UnpicklingError(f"unexpected persistent id {pid!r}")
        return self.storages.setdefault(key, _Storage(key, numel))


def read_legacy_pth(path):
    storages = {}
    with open(path, "rb") as handle:
        magic = pickle.load(handle)
        if magic != 0x1950A86A20F9469CFC6C:
            raise ValueError(f"{path}: not a legacy torch file (zip-format files need torch)")
        pickle.load(handle)  # protocol version
        pickle.load(handle)  # sys info
        state = _LegacyUnpickler(handle, storages).load()
        keys = pickle.load(handle)
        for key in keys:
            (numel,) = struct.unpack("<q", handle.read(8))
            storages[key].data = np.frombuffer(handle.read(numel * 4), dtype="<f4")
    if "state_dict" in state:
        state = state["state_dict"]
    return {key: value.array().astype(np.float32) for key, value in state.items()}


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 64
    source, target = argv[1], argv[2]
    tensors = read_json(source) if source.endswith(".json") else read_pth(source)
    for key, shape in EXPECTED.items():
        if key not in tensors:
            sys.stderr.write(f"{source}: tensor '{key}' is missing\n")
            return 1
        if tuple(tensors[key].shape) != shape:
            sys.stderr.write(f"{source}: tensor '{key}' has shape {list(tensors[key].shape)}, expected {list(shape)}\n")
            return 1
    temporary = os.path.join(os.path.dirname(os.path.abspath(target)), f".{os.path.basename(target)}.tmp-{os.getpid()}")
    with h5py.File(temporary, "w") as out:
        out.attrs["format"] = "tandem.accuracy-predictor"
        out.attrs["version"] = 1
        out.attrs["source"] = os.path.abspath(source)
        for key in sorted(EXPECTED):
            out.create_dataset(key, data=tensors[key].astype(np.float32))
    os.replace(temporary, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
