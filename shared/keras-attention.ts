// The attention kinds as tf.keras layer classes written into an exported design (shared/keras.ts): the same
// weights as the engine's layers (electron/engine/model/custom/attention.ts): q, k (no bias), v and output
// projections, layer norms with epsilon 1e-5, a learned position table.
export const KERAS_ATTENTION = `
class SelfAttention(layers.Layer):
    """Multi-head self-attention: softmax(Q K^T / sqrt(k)) V in each head, heads joined, projected back.
    The key projection has no bias (it would add the same score to every key, which the softmax cancels)."""

    def __init__(self, num_heads, key_dim, **kwargs):
        super().__init__(**kwargs)
        self.num_heads, self.key_dim = num_heads, key_dim
        self.query = layers.Dense(num_heads * key_dim)
        self.key = layers.Dense(num_heads * key_dim, use_bias=False)
        self.value = layers.Dense(num_heads * key_dim)

    def build(self, input_shape):
        self.out = layers.Dense(input_shape[-1])

    def call(self, x):
        h, k, length = self.num_heads, self.key_dim, x.shape[-2]
        split = lambda t: tf.transpose(tf.reshape(t, [-1, length, h, k]), [0, 2, 1, 3])  # (batch, heads, length, k)
        q, kk, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = tf.nn.softmax(tf.matmul(q, kk, transpose_b=True) / k ** 0.5)
        joined = tf.reshape(tf.transpose(tf.matmul(scores, v), [0, 2, 1, 3]), [-1, length, h * k])
        return self.out(joined)

    def get_config(self):
        return {**super().get_config(), 'num_heads': self.num_heads, 'key_dim': self.key_dim}


class TransformerEncoder(layers.Layer):
    """One encoder block: self-attention and a feed-forward network, each with a residual connection and
    layer normalisation, after (norm='post', the original) or before (norm='pre') each."""

    def __init__(self, num_heads, key_dim, ff_units, activation='gelu', norm='post', **kwargs):
        super().__init__(**kwargs)
        self.num_heads, self.key_dim, self.ff_units, self.activation, self.norm = num_heads, key_dim, ff_units, activation, norm
        self.attention = SelfAttention(num_heads, key_dim)
        self.norm1 = layers.LayerNormalization(epsilon=1e-5)
        self.norm2 = layers.LayerNormalization(epsilon=1e-5)
        self.ff1 = layers.Dense(ff_units, activation=activation)

    def build(self, input_shape):
        self.ff2 = layers.Dense(input_shape[-1])

    def call(self, x):
        ff = lambda t: self.ff2(self.ff1(t))
        if self.norm == 'pre':
            x = x + self.attention(self.norm1(x))
            return x + ff(self.norm2(x))
        x = self.norm1(x + self.attention(x))
        return self.norm2(x + ff(x))

    def get_config(self):
        return {**super().get_config(), 'num_heads': self.num_heads, 'key_dim': self.key_dim, 'ff_units': self.ff_units,
                'activation': self.activation, 'norm': self.norm}


class TokenPositionEmbedding(layers.Layer):
    """Token ids -> a learned vector per token id plus a learned vector per position."""

    def __init__(self, vocab_size, output_dim, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size, self.output_dim = vocab_size, output_dim
        self.tokens = layers.Embedding(vocab_size, output_dim)

    def build(self, input_shape):
        self.positions = self.add_weight(name='positions', shape=(input_shape[-1], self.output_dim), initializer='uniform')

    def call(self, ids):
        return self.tokens(ids) + self.positions

    def get_config(self):
        return {**super().get_config(), 'vocab_size': self.vocab_size, 'output_dim': self.output_dim}


class FirstToken(layers.Layer):
    """The vector at position 0 of a sequence ([CLS]-style pooling)."""

    def call(self, x):
        return x[:, 0]
`;
