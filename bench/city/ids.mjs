// Deterministic randomness: one seeded generator for every choice, and uuids computed from (kind,
// number) so a row can point at another without a lookup — yet the ids look random, as
// gen_random_uuid()'s do, so indexes fill in the same scattered order as on a real server.

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// murmur3's finaliser: a bijection on 32-bit integers.
function fmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const hex8 = (n) => n.toString(16).padStart(8, '0');

/** What a uuid is the id of; the kind sits in the uuid, so two kinds never share an id. */
export const KIND = {
  region: 1,
  account: 2,
  household: 3,
  resident: 4,
  volunteer: 5,
  team: 6,
  activity: 7,
  occurrence: 8,
  signup: 9,
  record: 10,
  help: 11,
  txn: 12,
  pointsAccount: 13,
  merchant: 14,
  item: 15,
  redemption: 16,
};

/**
 * `uid(kind, n)`: a version-4-shaped uuid, distinct for every n < 2³² of a kind (its first 32 bits
 * are a bijection of n), the same for the same seed.
 */
export function uuids(seed) {
  const s = fmix((seed ^ 0x5bd1e995) >>> 0);
  return (kind, n) => {
    const a = fmix((n ^ Math.imul(kind, 0x9e3779b9) ^ s) >>> 0);
    const b = hex8(fmix(a ^ 0x27d4eb2f));
    const c = fmix((a + kind) >>> 0);
    const d = hex8(fmix((c ^ n) >>> 0));
    return `${hex8(a)}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (c & 3)).toString(16)}${kind.toString(16).padStart(3, '0')}-${hex8(c).slice(0, 4)}${d}`;
  };
}

/**
 * Split `total` into integers proportional to `weights` (largest remainder), each at least `min`
 * when the total allows it.
 */
export function apportion(total, weights, min = 0) {
  const floor = total >= min * weights.length ? min : 0;
  const rest = total - floor * weights.length;
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const out = exact.map((x) => floor + Math.floor(x));
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((p, q) => q[0] - p[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]] += 1;
  return out;
}
