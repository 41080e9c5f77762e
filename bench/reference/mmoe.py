"""PyTorch reference for the bench: MMoE (8 experts of 16 units, towers of 8) on 100 features.

    python3 bench/reference/mmoe.py --data FILE [--threads N] [--steps 30] [--warmup 3] [--batch 1024]

Same arithmetic as bench/models.ts: the 8 experts as one 100->128 linear layer (identical to 8
separate 100->16 layers), a softmax gate of 8 per task, the gated mixture as a batched matmul,
per task a tower of 8 relu units and one linear output; MSE per task, equal weights, Adam 1e-3.
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import read_data, batches, runtime_info


class MMoE(nn.Module):
    def __init__(self, features=100, experts=8, units=16, tower=8, tasks=2):
        super().__init__()
        self.experts, self.units = experts, units
        self.expert = nn.Linear(features, experts * units)
        self.gates = nn.ModuleList([nn.Linear(features, experts) for _ in range(tasks)])
        self.towers = nn.ModuleList([nn.Sequential(nn.Linear(units, tower), nn.ReLU(), nn.Linear(tower, 1))
                                     for _ in range(tasks)])

    def forward(self, x):
        e = F.relu(self.expert(x)).view(-1, self.experts, self.units)
        outs = []
        for gate, tower in zip(self.gates, self.towers):
            g = F.softmax(gate(x), dim=1).unsqueeze(1)  # [B, 1, E]
            outs.append(tower(torch.bmm(g, e).squeeze(1)).squeeze(1))
        return outs


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', required=True)
    p.add_argument('--strategy', default='ew', choices=['ew'])
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--steps', type=int, default=30)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--windows', type=int, default=5)
    p.add_argument('--batch', type=int, default=1024)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x, ys = read_data(a.data)
    data = batches(x, ys, a.batch)
    model = MMoE(features=x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(bx, by):
        opt.zero_grad(set_to_none=True)
        loss = sum(F.mse_loss(o, y) for o, y in zip(model(bx), by))
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
        'kind': 'pytorch', 'model': 'mmoe', 'strategy': 'ew', 'threads': torch.get_num_threads(),
        'batch': a.batch, 'steps': a.steps, 'msPerStep': best, 'medianMsPerStep': median,
        'meanMsPerStep': total * 1000 / a.steps, 'cpuMsPerStep': cpu_ms,
        'samplesPerSec': a.batch / (best / 1000), 'medianSamplesPerSec': a.batch / (median / 1000), 'finalLoss': final,
        'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'torch': torch.__version__, **runtime_info(),
    }))


if __name__ == '__main__':
    main()
