import type { ApplyVolunteerBody, MyVolunteer, RegisterVolunteerBody, RegistrationPlaces, Volunteer } from '@tongxin/shared/schemas';
import { http } from './http';

/** Public: registration without an account creates the account (mobile + password) as well. */
export const registerVolunteer = (body: RegisterVolunteerBody) => http.post<Volunteer>('/volunteers/register', body);
/** Public: the towns and communities one can register in. */
export const listRegistrationPlaces = () => http.get<RegistrationPlaces>('/volunteers/places');
export const getMyVolunteer = () => http.get<MyVolunteer>('/me/volunteer');
export const applyVolunteer = (body: ApplyVolunteerBody) => http.post<Volunteer>('/me/volunteer', body);
