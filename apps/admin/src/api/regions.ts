import type { CreateRegionBody, Ok, Region, RegionList, RegionListQuery, UpdateRegionBody } from '@tongxin/shared/schemas';
import { http } from './http';

export const listRegions = (query: RegionListQuery = {}) => http.get<RegionList>('/regions', { ...query });
/** The caller's whole visible subtree, flat and ordered by path. */
export const listRegionSubtree = () => listRegions({ subtree: true });
export const getRegion = (id: string) => http.get<Region>(`/regions/${id}`);
export const createRegion = (body: CreateRegionBody) => http.post<Region>('/regions', body);
export const updateRegion = (id: string, body: UpdateRegionBody) => http.patch<Region>(`/regions/${id}`, body);
export const moveRegion = (id: string, parentId: string) => http.post<Region>(`/regions/${id}/move`, { parentId });
export const deleteRegion = (id: string) => http.delete<Ok>(`/regions/${id}`);
