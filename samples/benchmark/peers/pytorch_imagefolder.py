#!/usr/bin/python3
"""Peer benchmark: PyTorch's DataLoader over torchvision's ImageFolder, the decode pipeline fusenet's
ImageDatasets.fromDirectory runs, on the same folder of PNG files (one subfolder per class).

Per image: PIL decode, Grayscale(1), Resize((28, 28)) (bilinear, as fusenet's imageSize), ToTensor, then
batches of 64, shuffled; ToTensor scales to [0, 1] where fusenet keeps 0-255, a multiply either way.
Each worker count is timed over three full passes and the median is reported, as fusenet's benchmark reports
its median of three.
Run with Debian's interpreter: /usr/bin/python3 samples/benchmark/peers/pytorch_imagefolder.py --data DIR [--workers 1,2]
Last line: JSON with images_per_s_<n>_worker(s) for each worker count.
"""
import argparse, json, statistics, time
import torch
from torchvision import datasets, transforms


def rate(folder, workers, passes=3):
    transform = transforms.Compose([transforms.Grayscale(1), transforms.Resize((28, 28)), transforms.ToTensor()])
    data = datasets.ImageFolder(folder, transform=transform)
    # num_workers=1 decodes on one worker process while the main process only collates, as fusenet's one decode
    # thread; num_workers=2 on two.
    loader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True, num_workers=workers,
                                         persistent_workers=True)
    rates = []
    for p in range(passes):
        start = time.perf_counter()
        images = 0
        for x, _ in loader:
            images += x.shape[0]
        r = images / (time.perf_counter() - start)
        print(f"{workers} worker(s), pass {p + 1}: {r:.0f} images/s", flush=True)
        rates.append(r)
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    torch.set_num_threads(1)
    results = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        key = f"images_per_s_{workers}_worker" + ("s" if workers > 1 else "")
        results[key] = round(rate(args.data, workers), 1)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
