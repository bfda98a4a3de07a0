#!/usr/bin/python3
"""Peer benchmark: samples/mnist-resnet's residual convnet (MnistResNet) in PyTorch, the twin of fusenet's sample.

Input (28, 28, 1); three residual blocks, each two 3x3 SAME ReLU convolutions whose output adds to the block's
input (a 1x1 projection where the width grows: 16 -> 32 -> 64), each followed by 2x2 max pooling (the last with
SAME padding: 7 -> 4), then Flatten and Dense(10, softmax); 84,698 parameters; Adam (Keras defaults), sparse
categorical cross-entropy, batch 64, glorot-uniform weights, zero biases.
Run with Debian's interpreter: /usr/bin/python3 samples/benchmark/peers/pytorch_resnet.py [--data DIR] [--epochs N] [--threads T]
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



class ResNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        nn = torch.nn
        self.stem = nn.Conv2d(1, 16, 3, padding=1)
        self.conv1 = nn.Conv2d(16, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1)
        self.projection2 = nn.Conv2d(16, 32, 1)
        self.conv4 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv5 = nn.Conv2d(64, 64, 3, padding=1)
        self.projection3 = nn.Conv2d(32, 64, 1)
        self.output = nn.Linear(1024, 10)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        f = torch.nn.functional
        stem = f.relu(self.stem(x))
        block1 = f.relu(self.conv1(stem)) + stem
        pool1 = f.max_pool2d(block1, 2)
        block2 = f.relu(self.conv3(f.relu(self.conv2(pool1)))) + self.projection2(pool1)
        pool2 = f.max_pool2d(block2, 2)
        block3 = f.relu(self.conv5(f.relu(self.conv4(pool2)))) + self.projection3(pool2)
        pool3 = f.max_pool2d(block3, 2, ceil_mode=True)
        # Keras flattens channels-last: (4, 4, 64) -> 1024 in (y, x, c) order
        return self.output(pool3.permute(0, 2, 3, 1).flatten(1))


def run(name, make_model, default_data, divide_by, rate=None):
    """The peers' shared command line and loop: train make_model() with Keras's Adam, print Keras-style epochs and
    a last JSON line; the pixels are divided by divide_by (255 here, 1 where the model rescales them itself);
    rate(epoch), if given, sets the learning rate at each epoch's start, as Keras's LearningRateScheduler."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr = torch.from_numpy(load(a.data, "train-images-idx3-ubyte").astype(np.float32)[:, None] / divide_by)
    ytr = torch.from_numpy(load(a.data, "train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(load(a.data, "t10k-images-idx3-ubyte").astype(np.float32)[:, None] / divide_by)
    yte = torch.from_numpy(load(a.data, "t10k-labels-idx1-ubyte").astype(np.int64))
    model = make_model()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(f"# torch {torch.__version__} threads {torch.get_num_threads()} params {params}", flush=True)
    n = xtr.shape[0]
    epoch_s = []
    for ep in range(a.epochs):
        if rate is not None:
            for group in opt.param_groups:
                group["lr"] = rate(ep)
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
    print(json.dumps({"model": name, "threads": a.threads, "params": params, "epochs": a.epochs,
                      "epoch_s": [round(e, 3) for e in epoch_s], "median_epoch_s": round(statistics.median(timed), 3),
                      "test_acc": acc}))


if __name__ == "__main__":
    run("resnet", ResNet, os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets", "mnist"), 255)
