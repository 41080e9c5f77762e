"""PyTorch reference for the bench: Sener & Koltun's MultiLeNet on MultiMNIST, as bench/models.ts.

    python3 bench/reference/multilenet.py --data FILE --strategy ew|pcgrad|mgda-ub
            [--threads N] [--steps 30] [--warmup 3] [--batch 256]

Same layers and sizes as the tfjs model (no dropout in either), Adam lr 1e-3, the same batches
(read from the binary file that bench/run.ts writes). Prints one JSON line.
"""
import argparse
import json
import resource
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import read_data, batches, runtime_info


class Shared(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, 5)
        self.conv2 = nn.Conv2d(10, 20, 5)
        self.fc = nn.Linear(320, 50)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        return F.relu(self.fc(x.flatten(1)))


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(50, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, z):
        return self.fc2(F.relu(self.fc1(z)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', required=True)
    p.add_argument('--strategy', default='ew')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--steps', type=int, default=30)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--windows', type=int, default=5)
    p.add_argument('--batch', type=int, default=256)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x, ys = read_data(a.data)
    x = x.permute(0, 3, 1, 2).contiguous()  # NHWC file -> NCHW
    data = batches(x, [y.long() for y in ys], a.batch)

    shared, heads = Shared(), nn.ModuleList([Head(), Head()])
    params = list(shared.parameters()) + list(heads.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    shared_params = list(shared.parameters())

    def step(bx, by):
        opt.zero_grad(set_to_none=True)
        if a.strategy == 'ew':
            z = shared(bx)
            loss = sum(F.cross_entropy(h(z), y) for h, y in zip(heads, by))
            loss.backward()
        elif a.strategy == 'pcgrad':
            z = shared(bx)
            losses = [F.cross_entropy(h(z), y) for h, y in zip(heads, by)]
            flat = []
            for t, l in enumerate(losses):
                g = torch.autograd.grad(l, shared_params + list(heads[t].parameters()),
                                        retain_graph=t < len(losses) - 1)
                for prm, gg in zip(heads[t].parameters(), g[len(shared_params):]):
                    prm.grad = gg
                flat.append(torch.cat([gg.reshape(-1) for gg in g[:len(shared_params)]]))
            proj = []
            for i, gi in enumerate(flat):
                g = gi.clone()
                for j, gj in enumerate(flat):
                    if i != j:
                        d = torch.dot(g, gj)
                        if d < 0:
                            g -= d / (gj.dot(gj) + 1e-12) * gj
                proj.append(g)
            merged = sum(proj)
            off = 0
            for prm in shared_params:
                n = prm.numel()
                prm.grad = merged[off:off + n].view_as(prm)
                off += n
            loss = sum(losses)
        else:  # mgda-ub: gradients on the shared representation, closed-form min-norm for 2 tasks
            z = shared(bx)
            zd = z.detach().requires_grad_(True)
            g = [torch.autograd.grad(F.cross_entropy(h(zd), y), zd)[0] for h, y in zip(heads, by)]
            d = g[0] - g[1]
            alpha = torch.clamp(((g[1] - g[0]) * g[1]).sum() / (d * d).sum().clamp_min(1e-12), 0, 1)
            losses = [F.cross_entropy(h(z), y) for h, y in zip(heads, by)]
            loss = alpha * losses[0] + (1 - alpha) * losses[1]
            loss.backward()
        opt.step()
        return loss

    for i in range(a.warmup):
        step(*data[i % len(data)])
    # Timed in windows, the best one is the figure (as bench/train-tfjs.ts does); CPU time beside it.
    per = max(1, round(a.steps / max(1, a.windows)))
    window_ms = []
    done = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    while done < a.steps:
        n = min(per, a.steps - done)
        w0 = time.perf_counter()
        for i in range(n):
            loss = step(*data[(done + i) % len(data)])
        float(loss)
        window_ms.append((time.perf_counter() - w0) * 1000 / n)
        done += n
    final = float(loss)
    total = time.perf_counter() - t0
    cpu_ms = (time.process_time() - c0) * 1000 / a.steps
    window_ms.sort()
    best = window_ms[0]
    median = window_ms[len(window_ms) // 2]
    print(json.dumps({
        'kind': 'pytorch', 'model': 'multilenet', 'strategy': a.strategy, 'threads': torch.get_num_threads(),
        'batch': a.batch, 'steps': a.steps, 'msPerStep': best, 'medianMsPerStep': median,
        'meanMsPerStep': total * 1000 / a.steps, 'cpuMsPerStep': cpu_ms,
        'samplesPerSec': a.batch / (best / 1000), 'medianSamplesPerSec': a.batch / (median / 1000), 'finalLoss': final,
        'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'torch': torch.__version__, **runtime_info(),
    }))


if __name__ == '__main__':
    main()
