import type { RejectVolunteerBody, Volunteer, VolunteerListQuery, VolunteerPage } from '@tongxin/shared/schemas';
import { http } from './http';

export const listVolunteers = (query: VolunteerListQuery) => http.get<VolunteerPage>('/volunteers', { ...query });
export const getVolunteer = (id: string) => http.get<Volunteer>(`/volunteers/${id}`);
/** Assigns the volunteer number, grants the volunteer role and tells the applicant. */
export const approveVolunteer = (id: string) => http.post<Volunteer>(`/volunteers/${id}/approve`);
/** The reason is sent to the applicant. */
export const rejectVolunteer = (id: string, body: RejectVolunteerBody) => http.post<Volunteer>(`/volunteers/${id}/reject`, body);
