import type { Town, UpdateTownBody } from '@tongxin/shared/schemas';
import { http } from './http';

export const getTown = (id: string) => http.get<Town>(`/towns/${id}`);
export const updateTown = (id: string, body: UpdateTownBody) => http.patch<Town>(`/towns/${id}`, body);
