"""Reads the bench's binary data file (written by bench/data.ts writeBinary)."""
import numpy as np
import torch


def read_data(path):
    raw = open(path, 'rb').read()
    head = np.frombuffer(raw, dtype=np.int32, count=2)
    rows, rank = int(head[0]), int(head[1])
    meta = np.frombuffer(raw, dtype=np.int32, count=2 + rank + 1)
    shape = [int(s) for s in meta[2:2 + rank]]
    tasks = int(meta[2 + rank])
    off = 4 * (3 + rank)
    size = rows * int(np.prod(shape))
    x = np.frombuffer(raw, dtype=np.float32, count=size, offset=off).reshape([rows] + shape)
    off += 4 * size
    ys = []
    for _ in range(tasks):
        ys.append(torch.from_numpy(np.frombuffer(raw, dtype=np.float32, count=rows, offset=off).copy()))
        off += 4 * rows
    return torch.from_numpy(x.copy()), ys


def batches(x, ys, batch):
    n = x.shape[0] // batch
    return [(x[i * batch:(i + 1) * batch], [y[i * batch:(i + 1) * batch] for y in ys]) for i in range(n)]
