import { foldText } from './fold.ts';

/**
 * Words every ward question is full of (folded): greetings, particles, pronouns, question words and the ward
 * itself. Matching on them offered a question about bins in a park for one about flooding on another street,
 * because both said "phường". They still count, a tenth as much as a word that names the issue.
 */
const GENRE_WORDS = new Set(
  (
    'phuong xin hoi cho a ah nhe oi da vang thua kinh gui em toi chau con minh anh chi ong ba co chu bac ' +
    'khong co la va cua duoc bao gio khi nao the nao sao gi vi ai dau may bay nhieu bao nhieu ' +
    'nay do kia thi ma de o tai tren trong ngoai ve voi cac nhung mot hai rat qua lam da dang se can muon ' +
    'nhu vay roi nua cung con hay hoac neu den tu ra vao len xuong duoc bi ' +
    'dan nguoi ubnd uy ban nhan lanh dao de nghi xin phep giup kien nghi y kien ke hoach xu ly ly'
  ).split(' '),
);
const GENRE_WEIGHT = 0.1;

/** Below this cosine a question is not offered: two questions sharing only a street name are not the same issue. */
export const SIMILAR_MIN_SCORE = 0.2;

function syllables(text: string): string[] {
  return foldText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * A question's features: its syllables, and each pair of neighbouring syllables, since Vietnamese words are
 * mostly two syllables ("thùng rác", "công viên", "ngập úng") and a pair names an issue far better than either half.
 */
function features(text: string): Map<string, number> {
  const words = syllables(text);
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  words.forEach((word, i) => {
    add(word);
    const next = words[i + 1];
    if (next && !(GENRE_WORDS.has(word) && GENRE_WORDS.has(next))) add(`${word} ${next}`);
  });
  return counts;
}

function genreWeight(feature: string): number {
  return feature.split(' ').every((part) => GENRE_WORDS.has(part)) ? GENRE_WEIGHT : 1;
}

/**
 * The candidates most like a draft, best first, each with its cosine similarity over TF-IDF weighted features;
 * rarity is counted over the candidates themselves (a session's questions), so a word every question of this
 * session uses weighs little too. Only candidates scoring `SIMILAR_MIN_SCORE` or more are returned.
 */
export function rankSimilar<T extends { text: string }>(draft: string, candidates: readonly T[], limit = 5): Array<{ item: T; score: number }> {
  const docs = candidates.map((c) => features(c.text));
  const documentFrequency = new Map<string, number>();
  for (const doc of docs) for (const feature of doc.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  const n = docs.length;
  const vector = (doc: Map<string, number>) => {
    const weighted = new Map<string, number>();
    for (const [feature, count] of doc) {
      const idf = Math.log((n + 1) / ((documentFrequency.get(feature) ?? 0) + 1)) + 1;
      weighted.set(feature, (1 + Math.log(count)) * idf * genreWeight(feature));
    }
    return weighted;
  };
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((sum, x) => sum + x * x, 0));
  const query = vector(features(draft));
  const queryNorm = norm(query);
  if (queryNorm === 0) return [];
  return docs
    .map((doc, i) => {
      const v = vector(doc);
      let dot = 0;
      for (const [feature, weight] of query) dot += weight * (v.get(feature) ?? 0);
      const denominator = queryNorm * norm(v);
      return { item: candidates[i]!, score: denominator === 0 ? 0 : dot / denominator };
    })
    .filter((r) => r.score >= SIMILAR_MIN_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
