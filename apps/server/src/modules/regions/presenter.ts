import type { Region } from '@tongxin/shared/schemas';
import { levelName } from '@tongxin/shared';
import type { RegionWithCount } from './repository.js';

export function presentRegion(row: RegionWithCount, levelNames: readonly string[]): Region {
  return {
    id: row.id,
    townId: row.town_id,
    parentId: row.parent_id,
    depth: row.depth,
    levelName: levelName(levelNames, row.depth),
    name: row.name,
    code: row.code,
    boundary: (row.boundary as Region['boundary']) ?? null,
    centre: row.centre_lng !== null && row.centre_lat !== null ? { lng: row.centre_lng, lat: row.centre_lat } : null,
    childCount: row.child_count,
    updatedAt: row.updated_at.toISOString(),
  };
}
