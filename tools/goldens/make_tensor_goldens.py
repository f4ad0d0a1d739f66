#!/usr/bin/python3
"""Writes tests/fixtures/goldens/tensor_goldens.safetensors: forward outputs and autograd gradients of real
PyTorch (CPU, float32, one thread, fixed seed) for the ops of Hamr.Tensors, which the Goldens tests hold our engine to.

Run with the system python that has torch (Debian's python3-torch):  /usr/bin/python3 tools/goldens/make_tensor_goldens.py

Layout: tensors are named "<family>.<case>.<role>" (roles: x, w, b, y, gy, gx, gw, gb, ...), and the metadata holds
"torch_version" plus one entry "<family>.<case>" per case: its parameters as a JSON string, which the C# tests read
to call the matching op. Every case stores its inputs, the forward output y, a fixed random upstream gradient gy and
the gradient w.r.t. every input ("g" + the input's role). The safetensors file is written by hand (the safetensors
package is not installed): 8-byte little-endian header length, a JSON header padded with spaces to 8 bytes, then
the tensors' float32 little-endian data in sorted-name order.
"""
import json
import os
import struct
import zlib

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "goldens",
                   "tensor_goldens.safetensors")

tensors = {}
metadata = {}


def put(name, t):
    assert name not in tensors, name
    tensors[name] = t.detach().to(torch.float32).contiguous().numpy().copy()


def case(family, name, params, inputs, forward, constants=None):
    """Runs forward(**inputs, **constants) with autograd and stores inputs, constants, y, a random gy and the
    gradient of every input (constants are inputs PyTorch does not differentiate, e.g. pos_weight)."""
    key = f"{family}.{name}"
    assert key not in metadata, key
    metadata[key] = json.dumps(params, sort_keys=True)
    leaves = {role: t.detach().clone().requires_grad_(True) for role, t in inputs.items()}
    constants = constants or {}
    for role, t in constants.items():
        put(f"{key}.{role}", t)
    y = forward(**leaves, **constants)
    gy = torch.randn(y.shape)
    y.backward(gy)
    for role, t in leaves.items():
        put(f"{key}.{role}", t)
        put(f"{key}.g{role}", t.grad)
    put(f"{key}.y", y)
    put(f"{key}.gy", gy)


def conv_cases():
    # (name, C, O, H, W, kernel (kh, kw), stride, padding, dilation, groups, bias)
    specs = [
        ("plain", 3, 4, 9, 11, (3, 3), (1, 1), (0, 0), (1, 1), 1, True),
        ("stride2_pad1", 3, 5, 9, 11, (3, 3), (2, 2), (1, 1), (1, 1), 1, True),
        ("stride1x2_nobias", 4, 3, 8, 13, (3, 3), (1, 2), (1, 1), (1, 1), 1, False),
        ("pad2_kernel5_nobias", 4, 3, 7, 9, (5, 5), (1, 1), (2, 2), (1, 1), 1, False),
        ("dilation2", 3, 4, 10, 11, (3, 3), (1, 1), (2, 2), (2, 2), 1, True),
        ("groups2", 4, 6, 9, 10, (3, 3), (1, 1), (1, 1), (1, 1), 2, True),
        ("depthwise_mult2", 4, 8, 9, 11, (3, 3), (1, 1), (1, 1), (1, 1), 4, True),
        ("depthwise_stride2_dilation2", 5, 10, 11, 12, (3, 3), (2, 2), (2, 1), (2, 2), 5, False),
        ("kernel3x5_asymmetric", 3, 4, 9, 13, (3, 5), (2, 1), (1, 2), (1, 1), 1, True),
        ("pointwise1x1", 6, 5, 7, 9, (1, 1), (1, 1), (0, 0), (1, 1), 1, True),
        ("pointwise1x1_stride2_nobias", 6, 4, 9, 11, (1, 1), (2, 2), (0, 0), (1, 1), 1, False),
        ("groups2_stride2_dilation2x1", 6, 4, 12, 11, (3, 3), (2, 2), (1, 1), (2, 1), 2, True),
        ("wide_channels_8_to_16", 8, 16, 13, 13, (3, 3), (1, 1), (1, 1), (1, 1), 1, True),
    ]
    for name, c, o, h, w, k, s, p, d, g, bias in specs:
        params = dict(stride=s, padding=p, dilation=d, groups=g, bias=bias)
        inputs = dict(x=torch.randn(2, c, h, w), w=torch.randn(o, c // g, *k) * 0.3)
        if bias:
            inputs["b"] = torch.randn(o)
        case("conv2d", name, params, inputs,
             lambda x, w, b=None: F.conv2d(x, w, b, stride=s, padding=p, dilation=d, groups=g))


def conv_transpose_cases():
    # (name, C, O, H, W, kernel, stride, padding, output_padding, dilation, groups, bias)
    specs = [
        ("stride2_outpad1", 4, 3, 5, 6, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), 1, True),
        ("pad2_kernel4", 3, 4, 7, 8, (4, 4), (1, 1), (2, 2), (0, 0), (1, 1), 1, False),
        ("groups2_stride2", 4, 6, 5, 7, (3, 3), (2, 2), (1, 1), (0, 0), (1, 1), 2, True),
        ("dilation2", 3, 4, 6, 7, (3, 3), (1, 1), (1, 1), (0, 0), (2, 2), 1, True),
        ("asymmetric_kernel3x2_stride2x3_outpad1x2", 3, 5, 5, 6, (3, 2), (2, 3), (1, 0), (1, 2), (1, 1), 1, True),
        ("stride3_kernel2_gaps", 4, 3, 5, 7, (2, 2), (3, 3), (0, 0), (0, 0), (1, 1), 1, True),
    ]
    for name, c, o, h, w, k, s, p, op, d, g, bias in specs:
        params = dict(stride=s, padding=p, output_padding=op, dilation=d, groups=g, bias=bias)
        inputs = dict(x=torch.randn(2, c, h, w), w=torch.randn(c, o // g, *k) * 0.3)
        if bias:
            inputs["b"] = torch.randn(o)
        case("conv_transpose2d", name, params, inputs,
             lambda x, w, b=None: F.conv_transpose2d(x, w, b, stride=s, padding=p, output_padding=op, groups=g,
                                                     dilation=d))


def batch_norm_cases():
    momentum, eps = 0.1, 1e-5
    for name, shape in [("bn2d", (2, 5, 7, 9)), ("bn1d", (6, 5))]:
        c = shape[1]
        rm0, rv0 = torch.randn(c) * 0.5, torch.rand(c) + 0.5
        weight, bias = torch.randn(c), torch.randn(c)
        # Train: the first step's output and gradients; running statistics after a second step on x2.
        x2 = torch.randn(*shape) * 2 + 1
        rm, rv = rm0.clone(), rv0.clone()

        def train(x, w, b):
            return F.batch_norm(x, rm, rv, w, b, training=True, momentum=momentum, eps=eps)

        params = dict(training=True, momentum=momentum, eps=eps, steps=2)
        case("batch_norm", f"{name}_train", params, dict(x=torch.randn(*shape) * 1.5 - 0.5, w=weight, b=bias), train)
        with torch.no_grad():
            F.batch_norm(x2, rm, rv, weight, bias, training=True, momentum=momentum, eps=eps)
        key = f"batch_norm.{name}_train"
        put(f"{key}.x2", x2)
        put(f"{key}.running_mean0", rm0)
        put(f"{key}.running_var0", rv0)
        put(f"{key}.running_mean2", rm)
        put(f"{key}.running_var2", rv)

        params = dict(training=False, momentum=momentum, eps=eps)
        rm_eval, rv_eval = torch.randn(c) * 0.5, torch.rand(c) + 0.5
        case("batch_norm", f"{name}_eval", params, dict(x=torch.randn(*shape), w=weight, b=bias),
             lambda x, w, b: F.batch_norm(x, rm_eval, rv_eval, w, b, training=False, eps=eps))
        put(f"batch_norm.{name}_eval.running_mean", rm_eval)
        put(f"batch_norm.{name}_eval.running_var", rv_eval)


def interpolate_cases():
    specs = [
        ("bilinear_up_5x7_to_8x11", "bilinear", False, (5, 7), (8, 11), None),
        ("bilinear_up_5x7_to_8x11_align", "bilinear", True, (5, 7), (8, 11), None),
        ("bilinear_down_9x9_to_4x6", "bilinear", False, (9, 9), (4, 6), None),
        ("bilinear_down_9x9_to_4x6_align", "bilinear", True, (9, 9), (4, 6), None),
        ("bilinear_scale1_7", "bilinear", False, (5, 7), None, 1.7),
        ("bilinear_scale1_7_align", "bilinear", True, (5, 7), None, 1.7),
        ("nearest_up_5x7_to_8x11", "nearest", None, (5, 7), (8, 11), None),
        ("nearest_down_9x9_to_4x6", "nearest", None, (9, 9), (4, 6), None),
        ("nearest_scale1_7", "nearest", None, (5, 7), None, 1.7),
        ("bilinear_scale0_6", "bilinear", False, (9, 11), None, 0.6),
        ("nearest_scale0_6", "nearest", None, (9, 11), None, 0.6),
    ]
    for name, mode, align, (h, w), size, scale in specs:
        params = dict(mode=mode, align_corners=align, size=size, scale_factor=scale)
        case("interpolate", name, params, dict(x=torch.randn(2, 3, h, w)),
             lambda x: F.interpolate(x, size=size, scale_factor=scale, mode=mode, align_corners=align))


def pool_cases():
    # max_pool2d: (name, H, W, kernel, stride, padding, dilation, ceil_mode)
    for name, h, w, k, s, p, d, ceil in [
        ("k3_s2_pad1", 9, 11, (3, 3), (2, 2), (1, 1), (1, 1), False),
        ("k3_s1_pad1_dilation2", 9, 10, (3, 3), (1, 1), (1, 1), (2, 2), False),
        ("k3_s2_ceil", 8, 10, (3, 3), (2, 2), (0, 0), (1, 1), True),
        ("k2x3_s2x1_pad1_ceil", 9, 8, (2, 3), (2, 1), (1, 1), (1, 1), True),
        ("k3_s1_pad1_ties", 7, 9, (3, 3), (1, 1), (1, 1), (1, 1), False),
        ("k2_s2_ties", 8, 10, (2, 2), (2, 2), (0, 0), (1, 1), False),
    ]:
        params = dict(kernel=k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
        # "ties" cases: values on a coarse grid, so windows hold several equal maxima (torch routes the gradient to
        # the first in scan order).
        x = torch.randint(-2, 3, (2, 3, h, w)).float() * 0.5 if "ties" in name else torch.randn(2, 3, h, w)
        case("max_pool2d", name, params, dict(x=x),
             lambda x: F.max_pool2d(x, k, s, p, d, ceil_mode=ceil))
    # avg_pool2d: (name, H, W, kernel, stride, padding, ceil_mode, count_include_pad)
    for name, h, w, k, s, p, ceil, include in [
        ("k3_s2_pad1_include", 9, 11, (3, 3), (2, 2), (1, 1), False, True),
        ("k3_s2_pad1_exclude", 9, 11, (3, 3), (2, 2), (1, 1), False, False),
        ("k3_s2_pad1_ceil_include", 8, 10, (3, 3), (2, 2), (1, 1), True, True),
        ("k3_s2_pad1_ceil_exclude", 8, 10, (3, 3), (2, 2), (1, 1), True, False),
        ("k2x3_s2x2_ceil", 7, 9, (2, 3), (2, 2), (0, 0), True, True),
    ]:
        params = dict(kernel=k, stride=s, padding=p, ceil_mode=ceil, count_include_pad=include)
        case("avg_pool2d", name, params, dict(x=torch.randn(2, 3, h, w)),
             lambda x: F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=include))
    for name, h, w, out in [("9x11_to_4x5", 9, 11, (4, 5)), ("7x7_to_3x3", 7, 7, (3, 3)),
                            ("5x6_to_7x8", 5, 6, (7, 8))]:
        case("adaptive_avg_pool2d", name, dict(output_size=out), dict(x=torch.randn(2, 3, h, w)),
             lambda x: F.adaptive_avg_pool2d(x, out))


def softmax_cases():
    for fn in ["softmax", "log_softmax"]:
        for axis in [0, 1, -1]:
            # Wide range: logits of tens, a few near ±80, so a naive exp would overflow.
            x = torch.randn(4, 5, 6) * 15
            x[0, 0, :] += 80
            x[1, 2, 3] -= 80
            name = f"{fn}_axis{'m1' if axis < 0 else axis}"
            case("softmax", name, dict(fn=fn, axis=axis), dict(x=x),
                 lambda x: getattr(F, fn)(x, dim=axis))


def loss_cases():
    shape = (3, 7)
    for name, fn, reduction, extra in [
        ("mse_mean", "mse", "mean", {}),
        ("mse_none", "mse", "none", {}),
        ("l1_mean", "l1", "mean", {}),
        ("l1_sum", "l1", "sum", {}),
        ("smooth_l1_beta0_5_mean", "smooth_l1", "mean", dict(beta=0.5)),
        ("smooth_l1_beta0_5_none", "smooth_l1", "none", dict(beta=0.5)),
    ]:
        def f(x, t):
            if fn == "mse":
                return F.mse_loss(x, t, reduction=reduction)
            if fn == "l1":
                return F.l1_loss(x, t, reduction=reduction)
            return F.smooth_l1_loss(x, t, reduction=reduction, beta=extra["beta"])

        # The first row holds exact kinks: d = 0 (L1's sign) and d = ±β, ±1 (SmoothL1's switch), exactly in float.
        x, t = torch.randn(*shape), torch.randn(*shape)
        x[0, :5] = torch.tensor([0.75, 0.25, -0.25, 1.5, -1.0])
        t[0, :5] = torch.tensor([0.75, 0.75, 0.25, 0.5, 0.0])
        case("loss", name, dict(fn=fn, reduction=reduction, **extra), dict(x=x, t=t), f)
    for name, reduction in [("bce_logits_pos_weight_mean", "mean"), ("bce_logits_pos_weight_none", "none"),
                            ("bce_logits_pos_weight_extreme_logits_sum", "sum")]:
        # Soft targets in [0, 1] so the target gradient is meaningful; pos_weight per class (last axis).
        # PyTorch does not differentiate pos_weight, so it is a constant here.
        inputs = dict(x=torch.randn(*shape) * (40 if "extreme" in name else 3), t=torch.rand(*shape))
        case("loss", name, dict(fn="bce_with_logits", reduction=reduction), inputs,
             lambda x, t, pw: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw, reduction=reduction),
             constants=dict(pw=torch.rand(shape[-1]) * 2 + 0.5))


def activation_cases():
    shape = (2, 3, 5, 7)
    specs = [
        ("relu6", {}, lambda x: F.relu6(x)),
        ("leaky_relu", dict(slope=0.1), lambda x: F.leaky_relu(x, 0.1)),
        ("softplus", dict(beta=2.0, threshold=5.0), lambda x: F.softplus(x, beta=2.0, threshold=5.0)),
        ("gelu", {}, lambda x: F.gelu(x)),
        ("silu", {}, lambda x: F.silu(x)),
        ("hardswish", {}, lambda x: F.hardswish(x)),
        ("elu", dict(alpha=1.3), lambda x: F.elu(x, alpha=1.3)),
    ]
    def with_kinks(x):
        # Scale 4 reaches relu6's top, softplus's threshold (βx > 5) and hardswish's ±3; the first elements sit
        # exactly on the kinks, where the gradient is a convention (torch: relu6 0 at 0 and 6, leaky/elu/prelu
        # take the negative branch at 0, hardswish's middle branch at ±3, softplus linear only above threshold).
        x.view(-1)[:10] = torch.tensor([0.0, -0.0, 6.0, -3.0, 3.0, 2.5, -2.5, 30.0, -30.0, 1e-30])
        return x

    for name, params, fn in specs:
        case("activation", name, params, dict(x=with_kinks(torch.randn(*shape) * 4)), fn)
    case("activation", "prelu", {}, dict(x=with_kinks(torch.randn(*shape) * 4), w=torch.rand(shape[1]) * 0.5),
         lambda x, w: F.prelu(x, w))


def optimizer_cases():
    """5 steps on a vector p; the gradient of step t is sin(p·(t+1)) of the current p, stored so C# feeds the same."""
    steps = 5
    specs = [
        ("sgd_plain", "sgd", dict(lr=0.1)),
        ("sgd_momentum_nesterov_wd", "sgd", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2)),
        ("sgd_momentum_dampening", "sgd", dict(lr=0.1, momentum=0.9, dampening=0.1)),
        ("adam", "adam", dict(lr=1e-2, betas=(0.9, 0.999), eps=1e-8)),
        ("adam_wd", "adam", dict(lr=1e-2, weight_decay=1e-2)),
        ("adam_amsgrad_wd", "adam", dict(lr=1e-2, amsgrad=True, weight_decay=1e-2)),
        ("adamw", "adamw", dict(lr=1e-2, weight_decay=1e-2)),
        ("adamw_amsgrad", "adamw", dict(lr=5e-2, weight_decay=0.1, amsgrad=True, betas=(0.8, 0.9), eps=1e-6)),
    ]
    for name, kind, kw in specs:
        key = f"optim.{name}"
        metadata[key] = json.dumps(dict(kind=kind, steps=steps, **kw), sort_keys=True)
        p = torch.nn.Parameter(torch.randn(13) * 2)
        put(f"{key}.p0", p)
        opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]([p], **kw)
        grads, params = [], []
        for t in range(steps):
            with torch.no_grad():
                g = torch.sin(p * (t + 1))
            p.grad = g.clone()
            opt.step()
            grads.append(g)
            params.append(p.detach().clone())
        put(f"{key}.grads", torch.stack(grads))
        put(f"{key}.params", torch.stack(params))


def write_safetensors(path):
    header = {"__metadata__": dict(sorted(metadata.items()))}
    offset = 0
    names = sorted(tensors)
    for name in names:
        a = tensors[name]
        assert a.dtype == np.float32
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for name in names:
            f.write(tensors[name].astype("<f4").tobytes())


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    metadata["torch_version"] = torch.__version__
    metadata["generator"] = "tools/goldens/make_tensor_goldens.py"
    for family in [conv_cases, conv_transpose_cases, batch_norm_cases, interpolate_cases, pool_cases, softmax_cases,
                   loss_cases, activation_cases, optimizer_cases]:
        # One seed per family, so adding a case to one family leaves every other family's data unchanged.
        torch.manual_seed(zlib.crc32(family.__name__.encode()))
        family()
    for name, a in tensors.items():
        assert np.all(np.isfinite(a)), name
    write_safetensors(OUT)
    floats = sum(a.size for a in tensors.values())
    cases = len(metadata) - 2
    print(f"{cases} cases, {len(tensors)} tensors, {floats} floats, {os.path.getsize(OUT)} bytes -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
