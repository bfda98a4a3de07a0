"""The boston-housing sample's network in PyTorch, to compare test MAEs on the same rows.

The test MAE of this small data set depends far more on which 102 rows are held out than on the framework, so a
comparison needs the same rows: --test-rows FILE reads the file the Java sample writes
(target/boston-housing-test-rows.txt); without it the rows are those Keras's boston_housing.load_data(seed=113)
holds out (numpy's RandomState(113) shuffle), the book's split.

    /usr/bin/python3 samples/boston-housing/pytorch_boston.py [--test-rows FILE] [--epochs 130] [--runs 3]

Prints one test MAE per run (seeds 0, 1, ...) and, last, a JSON line with their median.
"""
import argparse
import csv
import json
import statistics

import numpy as np
import torch

DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv"


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[2:]  # a line of counts, then the header
    data = np.array([[float(v) for v in r] for r in rows], dtype=np.float32)
    return data[:, :13], data[:, 13:]


def test_mae(x, y, train, test, seed, epochs, batch_size=16):
    torch.manual_seed(seed)
    mean, std = x[train].mean(0), x[train].std(0)
    xs = torch.tensor((x[train] - mean) / std)
    ys = torch.tensor(y[train])
    net = torch.nn.Sequential(torch.nn.Linear(13, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, 1))
    # Keras's RMSprop defaults: rho 0.9, epsilon 1e-7.
    optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    for _ in range(epochs):
        order = torch.randperm(len(xs))
        for start in range(0, len(xs), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = ((net(xs[batch]) - ys[batch]) ** 2).mean()
            loss.backward()
            optimizer.step()
    with torch.no_grad():
        predictions = net(torch.tensor((x[test] - mean) / std))
        return (predictions - torch.tensor(y[test])).abs().mean().item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--test-rows")
    parser.add_argument("--epochs", type=int, default=130)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    x, y = load(args.data)
    if args.test_rows:
        with open(args.test_rows) as f:
            test = np.array([int(v) for v in f.read().split()])
        train = np.setdiff1d(np.arange(len(x)), test)
    else:
        order = np.arange(len(x))
        np.random.RandomState(113).shuffle(order)
        cut = int(len(x) * 0.8)
        train, test = order[:cut], order[cut:]
    maes = []
    for seed in range(args.runs):
        maes.append(test_mae(x, y, train, test, seed, args.epochs))
        print(f"seed {seed}: test MAE {maes[-1]:.3f}")
    print(json.dumps({"test_mae_median": round(statistics.median(maes), 3), "runs": maes,
                      "split": "given rows" if args.test_rows else "keras seed 113"}))


if __name__ == "__main__":
    main()
