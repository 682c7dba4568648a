import { MAX_REGION_LEVELS } from '@tongxin/shared';

export const MIN_LEVELS = 2;
export const MAX_LEVELS = MAX_REGION_LEVELS;

/**
 * A level row can be removed when it is the last one, the tree does not reach it yet, and at
 * least two remain. (The server answers REGION_LEVELS_IN_USE otherwise.)
 */
export function canRemoveLevel(index: number, count: number, deepestLevel: number): boolean {
  return index === count - 1 && index > deepestLevel && count > MIN_LEVELS;
}

export function canAddLevel(count: number): boolean {
  return count < MAX_LEVELS;
}

// ------------------------------------------------------------------ care tags

export const CARE_TAG_CODE = /^[a-z][a-z0-9_]{0,31}$/;
export const MAX_CARE_TAGS = 60;

export interface CareTagRow {
  code: string;
  label: string;
  /** Saved before: its code is fixed (residents carry it). */
  saved: boolean;
}

/** Per row, the i18n key of its first problem (or null): code shape, repeated code, label. */
export function careTagProblems(rows: readonly CareTagRow[]): Array<{ code: string | null; label: string | null }> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return rows.map((r) => ({
    code: !CARE_TAG_CODE.test(r.code) ? 'town.careTagCodeInvalid' : (counts.get(r.code) ?? 0) > 1 ? 'town.careTagCodeTaken' : null,
    label: !r.label.trim() ? 'town.careTagLabelRequired' : [...r.label.trim()].length > 20 ? 'town.careTagLabelLong' : null,
  }));
}

/** A free code for a new row: custom_1, custom_2, … */
export function nextCareTagCode(rows: readonly Pick<CareTagRow, 'code'>[]): string {
  const taken = new Set(rows.map((r) => r.code));
  for (let i = 1; ; i++) if (!taken.has(`custom_${i}`)) return `custom_${i}`;
}
