import type { Region } from '@tongxin/shared/schemas';

export interface OutlineRow {
  region: Region;
  /** Indentation: 0 for the top of what the caller sees. */
  level: number;
  /** Names above this node, from the town root where known, e.g. ["青樵镇", "上金湾社区"]. */
  trail: string[];
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十一 → 11, 二十 → 20, 一百零五 → 105 (enough for the numbering of grids and cooperatives). */
export function parseChineseNumber(text: string): number {
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十' || ch === '百') {
      total += (current || 1) * (ch === '十' ? 10 : 100);
      current = 0;
    } else {
      current = DIGITS[ch] ?? 0;
    }
  }
  return total + current;
}

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** Sort key in which 第二网格 comes before 第十网格, as people count them. */
export function naturalName(name: string): string {
  return name.replace(/[零〇一二两三四五六七八九十百]+/g, (m) => String(parseChineseNumber(m)));
}

/** Official division codes first (their order is the statistical one), then names as counted. */
export function compareRegions(a: Pick<Region, 'code' | 'name'>, b: Pick<Region, 'code' | 'name'>): number {
  if (a.code && b.code && a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.code && !b.code) return -1;
  if (!a.code && b.code) return 1;
  return collator.compare(naturalName(a.name), naturalName(b.name)) || collator.compare(a.name, b.name);
}

/**
 * The caller's visible regions (a flat list, any order) as an outline: every node after its parent,
 * siblings in natural order, each with its indentation. Nodes whose parent is not visible are tops;
 * `above` can give the names above a top (from the person's grants).
 */
export function toOutline(items: readonly Region[], above: ReadonlyMap<string, readonly string[]> = new Map()): OutlineRow[] {
  const ids = new Set(items.map((r) => r.id));
  const children = new Map<string | null, Region[]>();
  for (const r of items) {
    const key = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    const list = children.get(key);
    if (list) list.push(r);
    else children.set(key, [r]);
  }
  for (const list of children.values()) list.sort(compareRegions);

  const rows: OutlineRow[] = [];
  const visit = (r: Region, level: number, trail: string[]) => {
    rows.push({ region: r, level, trail });
    const next = [...trail, r.name];
    for (const child of children.get(r.id) ?? []) visit(child, level + 1, next);
  };
  for (const top of children.get(null) ?? []) visit(top, 0, [...(above.get(top.id) ?? [])]);
  return rows;
}
