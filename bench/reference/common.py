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


def runtime_info():
    """Which BLAS this process really loaded, and the threads PyTorch and that BLAS use.

    Debian's PyTorch is built with BLAS_INFO=generic and links libblas.so.3, which the alternatives
    system points at OpenBLAS (libopenblas0-pthread) or at the reference BLAS (libblas3, several
    times slower). Only the mapped libraries tell which one a run used.
    """
    import ctypes
    a = torch.randn(64, 64)
    float((a @ a).sum())  # make sure the BLAS is loaded
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1]
            if 'blas' in path or 'mkl' in path:
                libs.add(path)
    openblas = sorted(p for p in libs if 'libopenblas' in p)
    if openblas:
        blas = 'openblas ' + openblas[0].rsplit('/', 1)[-1]
        try:
            blas_threads = ctypes.CDLL(openblas[0]).openblas_get_num_threads()
        except (OSError, AttributeError):
            blas_threads = None
    elif any('mkl' in p for p in libs):
        blas, blas_threads = 'mkl', None
    elif libs:
        blas, blas_threads = 'reference ' + ','.join(sorted(libs)), None
    else:
        blas, blas_threads = 'none found', None
    return {
        'blas': blas,
        'blasIsReference': not openblas and not any('mkl' in p for p in libs),
        'blasThreads': blas_threads,
        'intraOpThreads': torch.get_num_threads(),
        'interOpThreads': torch.get_num_interop_threads(),
    }
