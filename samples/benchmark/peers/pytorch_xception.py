#!/usr/bin/python3
"""Peer benchmark: samples/fashion-xception's mini-Xception (FashionXception) in PyTorch, the twin of fusenet's sample.

Input (28, 28, 1), pixels 0-255 rescaled by 1/255; a 5x5 SAME stem of 32 filters without bias; three blocks of
BatchNorm -> ReLU -> separable 3x3 SAME convolution (depthwise without bias, then 1x1 without bias), twice, then a
3x3 max pooling with strides 2 and SAME padding, added to a 1x1 strided convolution (no bias) of the block's input;
32, 64, 128 channels; a last BatchNorm -> ReLU, global average pooling, dropout 0.2, Dense(10, softmax). BatchNorm with Keras's momentum
0.99 (PyTorch's 0.01) and epsilon 1e-3; Adam (Keras defaults), sparse categorical cross-entropy, batch 64,
glorot-uniform weights; the learning rate 0.001 for six epochs, 0.0003 for two, 0.0001 after, as the sample's
LearningRateScheduler sets it. Max pooling pads one pixel on each side, PyTorch's way (Keras pads only after on even
sizes): the same work, for timing.
Run with Debian's interpreter: /usr/bin/python3 samples/benchmark/peers/pytorch_xception.py [--data DIR] [--epochs N] [--threads T]
Last line: JSON with median_epoch_s (the epochs after the first) and test_acc.
"""
import torch

from pytorch_resnet import run


class Separable(torch.nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.depthwise = torch.nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False)
        self.pointwise = torch.nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


class Block(torch.nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        nn = torch.nn
        self.norm_a = nn.BatchNorm2d(cin, eps=1e-3, momentum=0.01)
        self.sep_a = Separable(cin, cout)
        self.norm_b = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)
        self.sep_b = Separable(cout, cout)
        self.residual = nn.Conv2d(cin, cout, 1, stride=2, bias=False)

    def forward(self, x):
        f = torch.nn.functional
        y = self.sep_a(f.relu(self.norm_a(x)))
        y = self.sep_b(f.relu(self.norm_b(y)))
        return f.max_pool2d(y, 3, 2, padding=1) + self.residual(x)


class MiniXception(torch.nn.Module):
    def __init__(self):
        super().__init__()
        nn = torch.nn
        self.stem = nn.Conv2d(1, 32, 5, padding=2, bias=False)
        self.blocks = nn.Sequential(Block(32, 32), Block(32, 64), Block(64, 128))
        self.norm = nn.BatchNorm2d(128, eps=1e-3, momentum=0.01)
        self.dropout = nn.Dropout(0.2)
        self.output = nn.Linear(128, 10)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def forward(self, x):
        x = torch.nn.functional.relu(self.norm(self.blocks(self.stem(x / 255))))
        return self.output(self.dropout(x.mean(dim=(2, 3))))


def rate(epoch):
    """The sample's schedule (FashionXceptionSample.rate), by 0-based epoch."""
    return 1e-3 if epoch < 6 else 3e-4 if epoch < 8 else 1e-4


if __name__ == "__main__":
    run("xception", MiniXception, "/usr/share/datasets/fashion-mnist", 1, rate)
