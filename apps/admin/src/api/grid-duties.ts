import type { CreateGridDutyBody, GridDutyAssignment, GridDutyList, GridDutyListQuery, Ok } from '@tongxin/shared/schemas';
import { http } from './http';

export const listGridDuties = (query: GridDutyListQuery) => http.get<GridDutyList>('/grid-duties', { ...query });
export const createGridDuty = (body: CreateGridDutyBody) => http.post<GridDutyAssignment>('/grid-duties', body);
export const deleteGridDuty = (id: string) => http.delete<Ok>(`/grid-duties/${id}`);
