"""PyTorch graph models exported with torch.onnx.export, for fusenet's import tests (OnnxImportTest).

A ResNet-style network (basic blocks: relu(x + conv(relu(conv(x)))), a 1x1 projection where the width changes)
an Inception-style block (1x1, 1x1 -> 3x3 and pool -> 1x1 branches joined along the channels) and a small net
with MobileNet's activations (ReLU6, Hardswish, Hardsigmoid), and a convnet flattened with x.view(x.size(0), -1)
(its target shape computed from the batch size: Shape -> Gather -> Unsqueeze -> Concat -> Reshape), a net of
dilated convolutions (plain and depthwise, padded as SAME and not), and a decoder of ConvTranspose2d layers with
PyTorch's padding and output_padding (which is not Keras's SAME), written in eval mode at opset 13 to the folder
given as the first argument.
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.conv3 = nn.Conv2d(8, 8, 3, padding=1)
        self.projection = nn.Conv2d(8, 16, 1)
        self.conv4 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(x + self.conv3(F.relu(self.conv2(x))))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.projection(x) + self.conv4(x))
        x = F.max_pool2d(x, 2)
        return self.fc(torch.flatten(x, 1))


class InceptionNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.narrow = nn.Conv2d(3, 4, 1)
        self.reduce = nn.Conv2d(3, 4, 1)
        self.wide = nn.Conv2d(4, 6, 3, padding=1)
        self.pooled = nn.Conv2d(3, 2, 1)
        self.fc = nn.Linear(12 * 4 * 4, 5)

    def forward(self, x):
        a = F.relu(self.narrow(x))
        b = F.relu(self.wide(F.relu(self.reduce(x))))
        c = F.relu(self.pooled(F.max_pool2d(x, 3, 1, 1)))
        y = F.max_pool2d(torch.cat([a, b, c], 1), 2)
        return F.softmax(self.fc(torch.flatten(y, 1)), dim=1)


class MobileActivations(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc1 = nn.Linear(8 * 4 * 4, 16)
        self.fc2 = nn.Linear(16, 4)
        with torch.no_grad():
            # large enough that the activations' corners (0 and 6, -3 and 3) are reached
            for layer in (self.conv1, self.conv2, self.fc1):
                layer.weight.mul_(6)

    def forward(self, x):
        x = F.max_pool2d(F.relu6(self.conv1(x)), 2)
        x = F.hardswish(self.conv2(x))
        x = F.hardsigmoid(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)


class ViewFlattenNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv(x)), 2)
        return self.fc(x.view(x.size(0), -1))


class DilatedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.atrous = nn.Conv2d(3, 6, 3, dilation=2, padding=2)          # Keras's SAME: 2 on each side
        self.depthwise = nn.Conv2d(6, 6, 3, dilation=(2, 1), padding=(1, 1), groups=6)   # neither: padded first
        self.wide = nn.Conv2d(6, 4, (2, 3), dilation=3)                  # VALID
        self.fc = nn.Linear(4 * 4 * 3, 5)

    def forward(self, x):
        x = F.relu(self.atrous(x))
        x = torch.tanh(self.depthwise(x))
        return self.fc(torch.flatten(self.wide(x), 1))


class TransposedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(2, 4, 3, stride=2, padding=1)
        self.up1 = nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, output_padding=1)   # doubles: cut top, left
        self.up2 = nn.ConvTranspose2d(4, 3, 4, stride=2, padding=1)                     # DCGAN's: doubles
        self.up3 = nn.ConvTranspose2d(3, 2, 2, stride=2, bias=False)                    # U-Net's: no cut
        self.up4 = nn.ConvTranspose2d(2, 1, (3, 2), stride=(1, 3), padding=(0, 1), output_padding=(0, 1))
        self.fc = nn.Linear(26 * 70, 3)                                      # fusenet's outputs come from a dense

    def forward(self, x):
        x = F.relu(self.down(x))
        x = F.relu(self.up1(x))
        x = torch.tanh(self.up2(x))
        return self.fc(torch.flatten(self.up4(self.up3(x)), 1))


if __name__ == "__main__":
    torch.manual_seed(0)
    for model, shape, name in [(ResidualNet(), (1, 1, 28, 28), "residual_net"),
                               (InceptionNet(), (1, 3, 8, 8), "inception_net"),
                               (MobileActivations(), (1, 3, 8, 8), "mobile_activations"),
                               (ViewFlattenNet(), (1, 1, 8, 8), "view_flatten_net"),
                               (DilatedNet(), (1, 3, 9, 9), "dilated_net"),
                               (TransposedNet(), (1, 2, 6, 5), "transposed_net")]:
        model.eval()
        torch.onnx.export(model, torch.randn(*shape), sys.argv[1] + "/" + name + ".onnx", input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "batch_size"}, "output": {0: "batch_size"}},
                          opset_version=13)
