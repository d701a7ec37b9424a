"""Shared helpers of the OFA tools: importing the `ofa` PyPI package, building its MobileNetV3 supernet, and
reading/writing Tandem's supernet-weights HDF5 format (one float32 dataset per state-dict key, old naming,
root attributes format/version/width_mult; see ARCHITECTURE.md and the OFA spec, section 5).
"""
import sys
import types


def import_ofa_supernet_class():
    """Returns ofa's OFAMobileNetV3 class.

    `ofa` imports torchvision only for its ImageNet data-loading transforms (ofa.utils.my_dataloader), which these
    tools never use. When torchvision is missing or does not load against the installed torch (the PyPI
    torchvision wheels need a CUDA torch), an inert placeholder module is registered so the import succeeds; any
    use of it raises.
    """
    try:
        import torchvision.transforms  # noqa: F401
        import torchvision.transforms.functional  # noqa: F401
    except Exception:  # missing, or its compiled ops do not match this torch
        for name in [n for n in sys.modules if n == "torchvision" or n.startswith("torchvision.")]:
            del sys.modules[name]

        class _Unavailable:
            def __init__(self, *args, **kwargs):
                raise RuntimeError("torchvision is not available: data loading is not supported by this tool")

        def _unavailable(*args, **kwargs):
            raise RuntimeError("torchvision is not available: data loading is not supported by this tool")

        torchvision = types.ModuleType("torchvision")
        transforms = types.ModuleType("torchvision.transforms")
        functional = types.ModuleType("torchvision.transforms.functional")
        datasets = types.ModuleType("torchvision.datasets")
        transforms.RandomResizedCrop = _Unavailable
        transforms.functional = functional
        def _attribute(value):
            def lookup(name):
                if name.startswith("__"):  # module introspection (inspect, pickle) must see a plain module
                    raise AttributeError(name)
                return value
            return lookup

        functional.__getattr__ = _attribute(_unavailable)
        datasets.__getattr__ = _attribute(_Unavailable)
        torchvision.transforms = transforms
        torchvision.datasets = datasets
        sys.modules.update({"torchvision": torchvision, "torchvision.transforms": transforms,
                            "torchvision.transforms.functional": functional, "torchvision.datasets": datasets})
    from ofa.imagenet_classification.elastic_nn.networks import OFAMobileNetV3
    return OFAMobileNetV3


def build_supernet(width_mult):
    """The released supernet's structure: ofa_mbv3_d234_e346_k357_w{width_mult}, eval mode, dropout 0."""
    OFAMobileNetV3 = import_ofa_supernet_class()
    net = OFAMobileNetV3(dropout_rate=0, width_mult=width_mult, ks_list=[3, 5, 7], expand_ratio_list=[3, 4, 6],
                         depth_list=[2, 3, 4])
    net.eval()
    return net


def old_key(key):
    """Current OFA naming (blocks.N.conv.…) → the released checkpoints' naming (blocks.N.mobile_inverted_conv.…)."""
    parts = key.split(".", 2)
    if len(parts) == 3 and parts[0] == "blocks" and parts[2].startswith("conv."):
        return f"blocks.{parts[1]}.mobile_inverted_conv.{parts[2][len('conv.'):]}"
    return key


def write_weights_h5(path, state_dict, width_mult):
    """Writes a state dict (either naming) in Tandem's format, atomically (temporary file + rename)."""
    import os
    import h5py
    import numpy as np
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.tmp-{os.getpid()}")
    try:
        with h5py.File(temporary, "w") as f:
            f.attrs["format"] = "tandem-ofa-supernet"
            f.attrs["version"] = 1
            f.attrs["width_mult"] = float(width_mult)
            for key, tensor in state_dict.items():
                if key.endswith("num_batches_tracked"):
                    continue
                value = tensor.detach().cpu().numpy() if hasattr(tensor, "detach") else np.asarray(tensor)
                f.create_dataset(old_key(key), data=value.astype(np.float32))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
