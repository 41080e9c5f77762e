import type { EngineMetric } from './types.js';

/**
 * Area under the ROC curve for a binary task, from the positive-class scores: the probability that a random
 * positive row scores above a random negative one (ties count one half), computed from average ranks.
 * NaN when the labelled rows hold only one class.
 */
export const auc: EngineMetric = {
  name: 'auc',
  kinds: ['binary'],
  compute({ labels, scores, predictions }) {
    const s = scores ?? predictions;
    const rows: { score: number; pos: boolean }[] = [];
    for (let i = 0; i < labels.length; i++) {
      if (Number.isNaN(labels[i])) continue;
      rows.push({ score: s[i], pos: labels[i] >= 0.5 });
    }
    const nPos = rows.filter((r) => r.pos).length;
    const nNeg = rows.length - nPos;
    if (nPos === 0 || nNeg === 0) return NaN;
    rows.sort((a, b) => a.score - b.score);
    let rankSumPos = 0;
    for (let i = 0; i < rows.length; ) {
      let j = i;
      while (j + 1 < rows.length && rows[j + 1].score === rows[i].score) j++;
      const avgRank = (i + j) / 2 + 1; // 1-based average rank of the tie group
      for (let k = i; k <= j; k++) if (rows[k].pos) rankSumPos += avgRank;
      i = j + 1;
    }
    return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
  },
};
