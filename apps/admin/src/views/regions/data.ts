import type { FormRules } from 'element-plus';
import type { Region } from '@tongxin/shared/schemas';
import { checkRule, maxLengthRule, requiredRule } from '../../utils/form-rules';
import { checkDivisionCode } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const POLYGON_EXAMPLE = '{"type":"Polygon","coordinates":[[[113.30,22.20],[113.31,22.20],[113.31,22.21],[113.30,22.20]]]}';

export interface RegionFormModel {
  name: string;
  code: string;
  lng: number | null;
  lat: number | null;
  boundary: string;
}

export function emptyRegionForm(): RegionFormModel {
  return { name: '', code: '', lng: null, lat: null, boundary: '' };
}

export function regionToForm(r: Region): RegionFormModel {
  return {
    name: r.name,
    code: r.code ?? '',
    lng: r.centre?.lng ?? null,
    lat: r.centre?.lat ?? null,
    boundary: r.boundary ? JSON.stringify(r.boundary) : '',
  };
}

export function regionRules(t: Translate): FormRules {
  return {
    name: [requiredRule(t, 'regions.name'), maxLengthRule(t, 60)],
    code: [checkRule(checkDivisionCode, t)],
  };
}

/** "Add below" is offered until the town's last level (the server refuses past it). */
export function canAddChild(region: Region, levelCount: number): boolean {
  return region.depth + 1 < levelCount;
}

/** Parents a region may move under: same town, one level up, not its current parent. */
export function moveCandidates(items: readonly Region[], region: Region): Region[] {
  return items.filter((r) => r.townId === region.townId && r.depth === region.depth - 1 && r.id !== region.parentId);
}
