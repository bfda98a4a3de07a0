"""torchvision's resnet18 and mobilenet_v2 exported with torch.onnx.export, for fusenet's import tests.

Random weights (no download), batch normalization given random statistics so that importing them matters, eval
mode, opset 13, RGB inputs; each model twice: as exported by default (batch normalization folded into the
convolutions) and with training=PRESERVE, do_constant_folding=False (batch normalization kept as its own node).
Written to the folder given as the first argument: 64x64 inputs as NAME.onnx and NAME_bn.onnx; with sizes after
the folder (the benchmark's serving part: 64 224), NAME_SIZE.onnx and NAME_SIZE_bn.onnx for each size.
"""
import sys

import torch
import torchvision


def build(constructor):
    try:
        model = constructor(weights=None)
    except TypeError:
        model = constructor(pretrained=False)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 1.5)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
    return model.eval()


if __name__ == "__main__":
    sizes = [int(size) for size in sys.argv[2:]]
    for name, constructor in [("resnet18", torchvision.models.resnet18),
                              ("mobilenet_v2", torchvision.models.mobilenet_v2)]:
        torch.manual_seed(0)
        model = build(constructor)
        for size in sizes or [64]:
            base = sys.argv[1] + "/" + name + ("_" + str(size) if sizes else "")
            example = torch.randn(1, 3, size, size)
            axes = {"input": {0: "batch"}, "output": {0: "batch"}}
            torch.onnx.export(model, example, base + ".onnx", input_names=["input"], output_names=["output"],
                              dynamic_axes=axes, opset_version=13)
            torch.onnx.export(model, example, base + "_bn.onnx", input_names=["input"], output_names=["output"],
                              dynamic_axes=axes, opset_version=13, training=torch.onnx.TrainingMode.PRESERVE,
                              do_constant_folding=False)
