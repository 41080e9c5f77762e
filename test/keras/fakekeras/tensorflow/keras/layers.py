# Keras layers as shape functions with Keras' weight counts (count_params), checking inputs as Keras does.
import math

BUILT = []  # every layer built, in order (each once)


def _T(shape, dtype='float32'):
    from .. import Tensor
    return Tensor(shape, dtype)


def _shapes(x):
    return [t.shape for t in x] if isinstance(x, list) else x.shape


class Layer:
    def __init__(self, name=None, **kwargs):
        self.name = name
        self.built = False
        self._weights = []

    def add_weight(self, name=None, shape=(), initializer=None, **kwargs):
        w = _T(shape)
        self._weights.append(w)
        return w

    def build(self, input_shape):
        pass

    def __call__(self, x, *args, **kwargs):
        if not self.built:
            self.build(_shapes(x))
            self.built = True
            BUILT.append(self)
        return self.call(x)

    def own_params(self):
        return sum(math.prod(w.shape) for w in self._weights)

    def get_config(self):
        return {'name': self.name}


def _window(n, k, s, padding):
    return math.ceil(n / s) if padding == 'same' else (n - k) // s + 1


class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, **kw):
        super().__init__(**kw)
        self.units, self.use_bias = units, use_bias

    def build(self, s):
        self.add_weight(shape=(s[-1], self.units))
        if self.use_bias:
            self.add_weight(shape=(self.units,))

    def call(self, x):
        return _T(x.shape[:-1] + (self.units,))


class _Conv(Layer):
    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding='valid', activation=None, use_bias=True, **kw):
        super().__init__(**kw)
        self.f, self.k, self.s, self.p, self.use_bias = filters, kernel_size, strides, padding, use_bias

    def build(self, s):
        if len(s) != self.rank + 1:
            raise ValueError(f'{type(self).__name__} expects rank {self.rank + 1}, got {s}')
        self.add_weight(shape=(self.k,) * self.rank + (s[-1], self.f))
        if self.use_bias:
            self.add_weight(shape=(self.f,))

    def call(self, x):
        out = tuple(_window(n, self.k, self.s, self.p) for n in x.shape[:-1])
        if min(out) < 1:
            raise ValueError(f'{self.name}: input {x.shape} too small')
        return _T(out + (self.f,))


class Conv2D(_Conv):
    rank = 2


class Conv1D(_Conv):
    rank = 1


class _Pool(Layer):
    def __init__(self, pool_size=2, strides=None, padding='valid', **kw):
        super().__init__(**kw)
        self.k, self.s, self.p = pool_size, strides or pool_size, padding

    def call(self, x):
        if len(x.shape) != 3:
            raise ValueError(f'pooling expects an image, got {x.shape}')
        return _T(tuple(_window(n, self.k, self.s, self.p) for n in x.shape[:2]) + x.shape[2:])


class MaxPooling2D(_Pool):
    pass


class AveragePooling2D(_Pool):
    pass


class GlobalAveragePooling2D(Layer):
    def call(self, x):
        assert len(x.shape) == 3, x.shape
        return _T(x.shape[-1:])


class _Global1D(Layer):
    def call(self, x):
        assert len(x.shape) == 2, x.shape
        return _T(x.shape[-1:])


class GlobalAveragePooling1D(_Global1D):
    pass


class GlobalMaxPooling1D(_Global1D):
    pass


class Flatten(Layer):
    def call(self, x):
        return _T((math.prod(x.shape),))


class Reshape(Layer):
    def __init__(self, target_shape, **kw):
        super().__init__(**kw)
        self.t = tuple(target_shape)

    def call(self, x):
        n = math.prod(x.shape)
        known = math.prod(d for d in self.t if d != -1)
        out = tuple(n // known if d == -1 else d for d in self.t)
        if math.prod(out) != n:
            raise ValueError(f'cannot reshape {x.shape} to {self.t}')
        return _T(out)


class Dropout(Layer):
    def __init__(self, rate, **kw):
        super().__init__(**kw)

    def call(self, x):
        return x


class Activation(Layer):
    def __init__(self, activation, **kw):
        super().__init__(**kw)

    def call(self, x):
        return x


class LeakyReLU(Layer):
    def call(self, x):
        return x


class BatchNormalization(Layer):
    def __init__(self, momentum=0.99, epsilon=1e-3, **kw):
        super().__init__(**kw)

    def build(self, s):
        for _ in range(4):  # gamma, beta, moving mean, moving variance
            self.add_weight(shape=(s[-1],))

    def call(self, x):
        return x


class LayerNormalization(Layer):
    def __init__(self, epsilon=1e-3, **kw):
        super().__init__(**kw)

    def build(self, s):
        self.add_weight(shape=(s[-1],))
        self.add_weight(shape=(s[-1],))

    def call(self, x):
        return x


class Embedding(Layer):
    def __init__(self, input_dim, output_dim, **kw):
        super().__init__(**kw)
        self.i, self.o = input_dim, output_dim

    def build(self, s):
        self.add_weight(shape=(self.i, self.o))

    def call(self, x):
        if x.dtype != 'int32':
            raise TypeError(f'Embedding {self.name} fed {x.dtype}')
        return _T(x.shape + (self.o,))


class Concatenate(Layer):
    def __init__(self, axis=-1, **kw):
        super().__init__(**kw)
        self.axis = axis

    def call(self, xs):
        rank = len(xs[0].shape)
        a = self.axis % rank
        for x in xs:
            if len(x.shape) != rank or any(x.shape[i] != xs[0].shape[i] for i in range(rank) if i != a):
                raise ValueError(f'cannot concatenate {[t.shape for t in xs]}')
        out = list(xs[0].shape)
        out[a] = sum(x.shape[a] for x in xs)
        return _T(out)


class Add(Layer):
    def call(self, xs):
        if any(x.shape != xs[0].shape for x in xs):
            raise ValueError(f'cannot add {[t.shape for t in xs]}')
        return _T(xs[0].shape)


class _RNN(Layer):
    gates = 4

    def __init__(self, units, return_sequences=False, reset_after=True, **kw):
        super().__init__(**kw)
        self.u, self.seq, self.reset_after = units, return_sequences, reset_after

    def build(self, s):
        assert len(s) == 2, s
        g, u = self.gates, self.u
        self.add_weight(shape=(s[-1], g * u))
        self.add_weight(shape=(u, g * u))
        self.add_weight(shape=((2, g * u) if (g == 3 and self.reset_after) else (g * u,)))

    def call(self, x):
        return _T((x.shape[0], self.u) if self.seq else (self.u,))


class LSTM(_RNN):
    gates = 4


class GRU(_RNN):
    gates = 3
