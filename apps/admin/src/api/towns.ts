import type { CareTagList, PutCareTagsBody, Town, UpdateTownBody } from '@tongxin/shared/schemas';
import { http } from './http';

export const getTown = (id: string) => http.get<Town>(`/towns/${id}`);
export const updateTown = (id: string, body: UpdateTownBody) => http.patch<Town>(`/towns/${id}`, body);
export const getCareTags = (townId: string) => http.get<CareTagList>(`/towns/${townId}/care-tags`);
export const putCareTags = (townId: string, body: PutCareTagsBody) => http.put<CareTagList>(`/towns/${townId}/care-tags`, body);
