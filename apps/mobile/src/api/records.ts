import type { CalendarLink, RequestCorrectionBody, ServiceCorrection, VolunteerRecord } from '@tongxin/shared/schemas';
import { http } from './http';

/** My whole record: totals, services, trainings, awards and evaluations. */
export const getMyServiceRecord = () => http.get<VolunteerRecord>('/me/service-record');
/** Ask the organiser to correct the minutes of one of my services. */
export const requestCorrection = (recordId: string, body: RequestCorrectionBody) =>
  http.post<ServiceCorrection>(`/me/service-records/${encodeURIComponent(recordId)}/correction`, body);
/** My private calendar feed (iCalendar) of the activities I signed up for. */
export const getMyCalendar = () => http.get<CalendarLink>('/me/calendar');
/** A new link; the old one stops working. */
export const rotateMyCalendar = () => http.post<CalendarLink>('/me/calendar/rotate');
