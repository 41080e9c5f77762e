# A shape-and-weight-counting stand-in for TensorFlow, so that exported Keras code can be *run* where TensorFlow is
# not installed: every call checks shapes as Keras would and counts weights; no numbers are computed.


def _broadcast(a, b):
    """numpy's broadcasting of two shapes (numbers broadcast to anything)."""
    if not isinstance(b, Tensor):
        return a.shape
    x, y = list(a.shape), list(b.shape)
    n = max(len(x), len(y))
    x, y = [1] * (n - len(x)) + x, [1] * (n - len(y)) + y
    out = []
    for p, q in zip(x, y):
        if p != q and 1 not in (p, q):
            raise ValueError(f'cannot broadcast {a.shape} with {b.shape}')
        out.append(max(p, q))
    return tuple(out)


class Tensor:
    def __init__(self, shape, dtype='float32'):
        self.shape = tuple(shape)
        self.dtype = dtype

    def __mul__(self, other):
        return Tensor(_broadcast(self, other))

    __rmul__ = __mul__

    def __add__(self, other):
        return Tensor(_broadcast(self, other))

    __radd__ = __add__
    __sub__ = __add__
    __rsub__ = __add__

    def __neg__(self):
        return self

    def __truediv__(self, other):
        if isinstance(other, Tensor):
            raise ValueError('only division by a number is modelled')
        return Tensor(self.shape)

    def __getitem__(self, index):
        index = index if isinstance(index, tuple) else (index,)
        if index and isinstance(index[0], slice):
            if index[0] != slice(None):
                raise IndexError(f'only [:, ...] over the batch is modelled, got {index}')
            index = index[1:]  # shapes here leave the batch out
        if len(index) > len(self.shape):
            raise IndexError(f'{index} into {self.shape}')
        for i, d in zip(index, self.shape):
            if not 0 <= i < d:
                raise IndexError(f'{index} out of {self.shape}')
        return Tensor(self.shape[len(index):])

    def __repr__(self):
        return f'Tensor{self.shape}'


def stack(xs, axis=1):
    if not xs:
        raise ValueError('stack of nothing')
    if any(x.shape != xs[0].shape for x in xs):
        raise ValueError(f'stack of different shapes {[x.shape for x in xs]}')
    if axis != 1:
        raise ValueError('only axis=1 (after the batch) is modelled')
    return Tensor((len(xs),) + xs[0].shape)


def einsum(spec, *operands):
    """Shapes only. A leading 'b' in an operand's spec is the batch, which shapes here leave out."""
    ins, out = spec.split('->')
    dims = {}
    for sub, t in zip(ins.split(','), operands):
        letters = sub[1:] if sub.startswith('b') and len(sub) == len(t.shape) + 1 else sub
        if len(letters) != len(t.shape):
            raise ValueError(f'einsum {spec}: {sub} does not fit {t.shape}')
        for c, d in zip(letters, t.shape):
            if dims.setdefault(c, d) != d:
                raise ValueError(f'einsum {spec}: {c} is {dims[c]} and {d}')
    return Tensor(tuple(dims[c] for c in out.lstrip('b')))


def constant(value, dtype='float32'):
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        value = value[0] if value else None
    return Tensor(tuple(shape), dtype)


def concat(xs, axis=-1):
    if axis != -1 or any(x.shape[:-1] != xs[0].shape[:-1] for x in xs):
        raise ValueError(f'concat of {[x.shape for x in xs]} on axis {axis}')
    return Tensor(xs[0].shape[:-1] + (sum(x.shape[-1] for x in xs),))


def clip_by_value(t, lo, hi):
    return t


def reduce_prod(t, axis=-1):
    if axis != -1:
        raise ValueError('only axis=-1 is modelled')
    return Tensor(t.shape[:-1])


def add_n(xs):
    if any(x.shape != xs[0].shape for x in xs):
        raise ValueError(f'add_n of different shapes {[x.shape for x in xs]}')
    return Tensor(xs[0].shape)


class nn:
    @staticmethod
    def leaky_relu(x):
        return x

    @staticmethod
    def softmax(x):
        return x


def _prod(shape):
    p = 1
    for d in shape:
        p *= d
    return p


def reshape(t, shape):
    # a leading -1 is the batch (left out of shapes here)
    if not shape or shape[0] != -1 or -1 in shape[1:]:
        raise ValueError(f'only reshape(t, [-1, ...known dims]) is modelled, got {shape}')
    rest = tuple(shape[1:])
    if _prod(rest) != _prod(t.shape):
        raise ValueError(f'cannot reshape {t.shape} to {rest}')
    return Tensor(rest, t.dtype)


def transpose(t, perm):
    if perm[0] != 0 or sorted(perm) != list(range(len(t.shape) + 1)):
        raise ValueError(f'transpose of {t.shape} by {perm}: the batch must stay first')
    return Tensor(tuple(t.shape[p - 1] for p in perm[1:]), t.dtype)


def matmul(a, b, transpose_b=False):
    bs = b.shape[:-2] + ((b.shape[-1], b.shape[-2]) if transpose_b else b.shape[-2:])
    if a.shape[:-2] != bs[:-2] or a.shape[-1] != bs[-2]:
        raise ValueError(f'matmul of {a.shape} and {b.shape} (transpose_b={transpose_b})')
    return Tensor(a.shape[:-1] + (bs[-1],))


from . import keras  # noqa: E402,F401  (after Tensor: keras imports it)
