#!/usr/bin/python3
"""Peer benchmark: samples/fashion-xception's mini-Xception (FashionXception) in PyTorch, the twin of fusenet's sample.

Input (28, 28, 1), pixels 0-255 rescaled by 1/255; a 5x5 VALID stem of 32 filters without bias; three blocks of
BatchNorm -> ReLU -> separable 3x3 SAME convolution (depthwise without bias, then 1x1 without bias), twice, then a
3x3 max pooling with strides 2 and SAME padding, added to a 1x1 strided convolution (no bias) of the block's input;
32, 64, 128 channels; global average pooling, dropout 0.5, Dense(10, softmax). BatchNorm with Keras's momentum
0.99 (PyTorch's 0.01) and epsilon 1e-3; Adam (Keras defaults), sparse categorical cross-entropy, batch 64,
glorot-uniform weights. Max pooling pads one pixel on each side, PyTorch's way (Keras pads only after on even
sizes): the same work, for timing.
Run with Debian's interpreter: /usr/bin/python3 samples/benchmark/peers/pytorch_xception.py [--data DIR] [--epochs N] [--threads T]
Last line: JSON with median_epoch_s (the epochs after the first) and test_acc.
"""
import argparse, gzip, json, os, statistics, struct, time
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    _z, _t, rank = struct.unpack(">HBB", data[:4])
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(d, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return read_idx(p)
    raise FileNotFoundError(os.path.join(d, stem))



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
        self.stem = nn.Conv2d(1, 32, 5, bias=False)
        self.blocks = nn.Sequential(Block(32, 32), Block(32, 64), Block(64, 128))
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(128, 10)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.blocks(self.stem(x / 255))
        return self.output(self.dropout(x.mean(dim=(2, 3))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr = torch.from_numpy(load(a.data, "train-images-idx3-ubyte").astype(np.float32)[:, None])
    ytr = torch.from_numpy(load(a.data, "train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(load(a.data, "t10k-images-idx3-ubyte").astype(np.float32)[:, None])
    yte = torch.from_numpy(load(a.data, "t10k-labels-idx1-ubyte").astype(np.int64))
    model = MiniXception()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(f"# torch {torch.__version__} threads {torch.get_num_threads()} params {params}", flush=True)
    n = xtr.shape[0]
    epoch_s = []
    for ep in range(a.epochs):
        t = time.perf_counter()
        perm = torch.randperm(n)
        tot, correct = 0.0, 0
        model.train()
        for s in range(0, n, a.batch_size):
            i = perm[s:s + a.batch_size]
            xb, yb = xtr[i], ytr[i]
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            tot += loss.item() * len(i)
            correct += (out.argmax(1) == yb).sum().item()
        dt = time.perf_counter() - t
        epoch_s.append(dt)
        print(f"Epoch {ep + 1}/{a.epochs} - {dt:.2f}s - loss: {tot / n:.4f} - accuracy: {correct / n:.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        acc = sum((model(xte[s:s + 1000]).argmax(1) == yte[s:s + 1000]).sum().item() for s in range(0, len(xte), 1000)) / len(xte)
    timed = epoch_s[1:] if len(epoch_s) > 1 else epoch_s
    print(json.dumps({"model": "xception", "threads": a.threads, "params": params, "epochs": a.epochs,
                      "epoch_s": [round(e, 3) for e in epoch_s], "median_epoch_s": round(statistics.median(timed), 3),
                      "test_acc": acc}))


if __name__ == "__main__":
    main()
