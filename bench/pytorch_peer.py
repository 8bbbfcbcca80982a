#!/usr/bin/python3
"""PyTorch's side of `tinynets bench`: the same workloads, timed the same way, one thread.

    /usr/bin/python3 bench/pytorch_peer.py [--workload NAME] [--repeats N] [--json]

Each workload is a plain PyTorch training loop as a user writes it (per-epoch randperm, index the minibatch,
zero_grad, forward, loss, backward, step). Microseconds per step are the median over repetitions, after one warm-up.
Definitions must stay identical to src/TinyNets.Cli/Bench/Workloads.cs.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)


def mlp(sizes, output):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    if output == "sigmoid":
        layers.append(nn.Sigmoid())
    elif output == "softmax":
        layers.append(nn.Softmax(dim=-1))
    return nn.Sequential(*layers)


def gaussians(n, k, g):
    centres = torch.rand(k, 2, generator=g) * 20 - 10
    y = torch.arange(n) % k
    return centres[y] + torch.randn(n, 2, generator=g), y


def spiral(n, k, g):
    per = n // k
    xs, ys = [], []
    for j in range(k):
        r = torch.linspace(0, 1, per)
        t = torch.linspace(4 * j, 4 * (j + 1), per) + torch.randn(per, generator=g) * 0.2
        xs.append(torch.stack([r * torch.sin(t), r * torch.cos(t)], 1))
        ys.append(torch.full((per,), j))
    return torch.cat(xs), torch.cat(ys)


def workload(name, g):
    """(model, x, targets, loss, optimizer factory, batch, epochs)"""
    if name == "xor":
        x = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
        t = torch.tensor([[0.], [1.], [1.], [0.]])
        return mlp([2, 4, 1], "sigmoid"), x, t, nn.MSELoss(), lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.9), 4, 1000
    if name in ("gauss5", "spiral5", "wide"):
        x, y = gaussians(700, 5, g) if name == "gauss5" else spiral(3500, 5, g)
        sizes = [2, 64, 64, 5] if name == "wide" else [2, 4, 12, 4, 5]
        lr = 0.005 if name == "wide" else 0.02
        epochs = {"gauss5": 500, "spiral5": 300, "wide": 100}[name]
        t = nn.functional.one_hot(y, 5).to(torch.float32)
        return mlp(sizes, "softmax"), x, t, nn.MSELoss(), lambda p: torch.optim.Adam(p, lr=lr), 64, epochs
    if name == "mnist-shaped":
        x = torch.rand(10000, 784, generator=g)
        y = torch.randint(0, 10, (10000,), generator=g)
        return mlp([784, 128, 64, 10], "none"), x, y, nn.CrossEntropyLoss(), lambda p: torch.optim.Adam(p, lr=1e-3), 64, 3
    raise SystemExit(f"unknown workload {name}")


def run(name, seed):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model, x, t, loss_fn, make_opt, batch, epochs = workload(name, g)
    opt = make_opt(model.parameters())
    n = len(x)
    steps = 0
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n, generator=g)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), t[idx])
            loss.backward()
            opt.step()
            steps += 1
    elapsed = time.perf_counter() - start
    return elapsed * 1e6 / steps, steps, float(loss)


WORKLOADS = ["xor", "gauss5", "spiral5", "wide", "mnist-shaped"]

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--workload", default="all")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    names = WORKLOADS if args.workload == "all" else [args.workload]
    results = []
    for name in names:
        run(name, 0)  # warm-up
        times = []
        for r in range(args.repeats):
            us, steps, loss = run(name, r + 1)
            times.append(us)
        results.append({"workload": name, "us_per_step": statistics.median(times), "steps": steps,
                        "runs": times, "final_loss": loss})
        if not args.json:
            print(f"{name:14s} {statistics.median(times):10.2f} us/step  ({steps} steps, runs {', '.join(f'{v:.1f}' for v in times)})", flush=True)
    if args.json:
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))
