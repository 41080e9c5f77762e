# A shape-and-weight-counting stand-in for TensorFlow, so that exported Keras code can be *run* where TensorFlow is
# not installed: every call checks shapes as Keras would and counts weights; no numbers are computed.


class Tensor:
    def __init__(self, shape, dtype='float32'):
        self.shape = tuple(shape)
        self.dtype = dtype

    def __mul__(self, other):
        if isinstance(other, Tensor) and other.shape and self.shape and other.shape != self.shape:
            raise ValueError(f'cannot multiply {self.shape} by {other.shape}')
        return Tensor(self.shape if self.shape else other.shape)

    __rmul__ = __mul__

    def __add__(self, other):
        # broadcasting as numpy does: the shorter shape lines up with the end of the longer one
        a, b = self.shape, other.shape
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if long_[len(long_) - len(short):] != short:
            raise ValueError(f'cannot add {a} and {b}')
        return Tensor(long_)

    __radd__ = __add__

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


def einsum(spec, gate, experts):
    if spec != 'be,beu->bu':
        raise ValueError(f'unmodelled einsum {spec}')
    if gate.shape != experts.shape[:1] or len(experts.shape) != 2:
        raise ValueError(f'einsum {spec} on {gate.shape} and {experts.shape}')
    return Tensor(experts.shape[1:])


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
