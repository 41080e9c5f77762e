// Text columns as token-id sequences: a tokenizer that lowercases and splits on anything that is not
// a letter or digit (each CJK ideograph is its own token), and a vocabulary built on the training
// split only. Ids: 0 = padding, 1 = out of vocabulary, 2.. = tokens by decreasing training frequency.

export const PAD = 0;
export const OOV = 1;

const TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export interface Vocabulary {
  /** tokens[i] has id i + 2. */
  tokens: string[];
  ids: Map<string, number>;
  /** Includes padding and OOV: tokens.length + 2. */
  size: number;
}

export class VocabularyBuilder {
  private counts = new Map<string, number>();
  private lengths: number[] = [];

  add(tokens: string[]): void {
    for (const t of tokens) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
    this.lengths.push(tokens.length);
  }

  /** vocabSize counts padding and OOV. */
  build(vocabSize: number): Vocabulary {
    const keep = Math.max(0, vocabSize - 2);
    const tokens = [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, keep)
      .map(([t]) => t);
    const ids = new Map<string, number>();
    tokens.forEach((t, i) => ids.set(t, i + 2));
    return { tokens, ids, size: tokens.length + 2 };
  }

  /** The n most frequent tokens with their training counts. */
  topCounts(n: number): Record<string, number> {
    const top = [...this.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
    return Object.fromEntries(top);
  }

  /** The 95th percentile of training lengths, capped (at least 1). */
  suggestedMaxLength(cap = 256): number {
    if (!this.lengths.length) return 1;
    const s = [...this.lengths].sort((a, b) => a - b);
    const p95 = s[Math.min(s.length - 1, Math.floor(0.95 * (s.length - 1)))];
    return Math.max(1, Math.min(cap, p95));
  }
}

/** Writes the ids of `tokens` into out[offset .. offset + maxLength), padded with 0, truncated. */
export function encodeTokens(tokens: string[], vocab: Vocabulary, maxLength: number, out: Int32Array, offset: number): void {
  const n = Math.min(tokens.length, maxLength);
  for (let i = 0; i < n; i++) out[offset + i] = vocab.ids.get(tokens[i]) ?? OOV;
  for (let i = n; i < maxLength; i++) out[offset + i] = PAD;
}
