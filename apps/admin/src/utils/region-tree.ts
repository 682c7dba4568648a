import type { Region } from '@tongxin/shared/schemas';

export interface RegionNode extends Region {
  children: RegionNode[];
}

const collator = new Intl.Collator('zh-CN', { numeric: true });
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 第十二网格 → 第12网格, so that numbered siblings sort as people count (一, 二, …, 十, 十一). */
export function withArabicNumerals(name: string): string {
  return name.replace(/[零〇一二两三四五六七八九十百]+/g, (run) => {
    let total = 0;
    let digit = 0;
    for (const ch of run) {
      if (ch === '百') {
        total += (digit || 1) * 100;
        digit = 0;
      } else if (ch === '十') {
        total += (digit || 1) * 10;
        digit = 0;
      } else digit = DIGITS[ch] ?? 0;
    }
    return String(total + digit);
  });
}

/** Siblings by division code when both have one, else by name (the server orders by id path). */
export function compareRegions(a: Region, b: Region): number {
  if (a.code && b.code && a.code !== b.code) return a.code < b.code ? -1 : 1;
  return collator.compare(withArabicNumerals(a.name), withArabicNumerals(b.name));
}

/**
 * Turn the flat `GET /regions?subtree=true` list into a forest. A node whose parent is not in the
 * list is a root: the caller sees the subtrees under their grants, not necessarily the town root.
 */
export function buildRegionTree(items: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of items) nodes.set(r.id, { ...r, children: [] });
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: RegionNode[]) => {
    list.sort(compareRegions);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Names from the topmost visible ancestor down to the node. */
export function regionPathNames(id: string, byId: ReadonlyMap<string, Region>): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    names.unshift(cur.name);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return names;
}

/** Ids of the node and everything below it. */
export function subtreeIds(node: RegionNode): Set<string> {
  const ids = new Set<string>();
  const walk = (n: RegionNode) => {
    ids.add(n.id);
    n.children.forEach(walk);
  };
  walk(node);
  return ids;
}

/** How many regions there are at each depth, shallowest first. */
export function countByDepth(items: readonly Region[]): Array<{ depth: number; levelName: string; count: number }> {
  const counts = new Map<number, { depth: number; levelName: string; count: number }>();
  for (const r of items) {
    const c = counts.get(r.depth) ?? { depth: r.depth, levelName: r.levelName, count: 0 };
    c.count += 1;
    counts.set(r.depth, c);
  }
  return [...counts.values()].sort((a, b) => a.depth - b.depth);
}

/** Keep nodes whose name contains the text, with their ancestors (for a filtered tree). */
export function filterRegionTree(nodes: readonly RegionNode[], text: string): RegionNode[] {
  const q = text.trim();
  if (!q) return [...nodes];
  const out: RegionNode[] = [];
  for (const n of nodes) {
    const children = filterRegionTree(n.children, q);
    if (n.name.includes(q) || children.length > 0) out.push({ ...n, children });
  }
  return out;
}

/** Nodes shown expanded at first: the top two visible levels, so compounds/grids are one click away. */
export function initialExpandedIds(items: readonly Region[]): string[] {
  if (items.length === 0) return [];
  const top = Math.min(...items.map((r) => r.depth));
  return items.filter((r) => r.depth - top <= 1).map((r) => r.id);
}
