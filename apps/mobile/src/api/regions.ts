import type { RegionList } from '@tongxin/shared/schemas';
import { http } from './http';

/** The caller's whole visible region subtree, flat and ordered by path. */
export const listVisibleRegions = () => http.get<RegionList>('/regions', { subtree: true });
