/** Depth of a node below its town root. Levels below `grid` are optional micro-grids. */
export const REGION_DEPTH = { town: 0, community: 1, subgrid: 2, grid: 3 } as const;
/** A town may use up to six levels: town, community, subgrid, grid and two micro-grid levels (seed 003). */
export const MAX_REGION_LEVELS = 6;
export const DEFAULT_LEVEL_NAMES = ['镇（街道）', '村（社区）', '经济社（小区）', '网格'];

/** 12-digit statistical division code (国家统计局统计用区划代码): 6 county + 3 township + 3 village digits. */
export const DIVISION_CODE_PATTERN = '^[0-9]{12}$';

export function levelName(levelNames: readonly string[], depth: number): string {
  return levelNames[depth] ?? `第${depth + 1}级`;
}
