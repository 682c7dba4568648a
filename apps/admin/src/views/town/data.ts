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
