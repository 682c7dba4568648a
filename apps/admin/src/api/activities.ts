import type {
  Activity,
  ActivityCategoryList,
  ActivityListQuery,
  ActivityPage,
  CalendarLink,
  CheckInCode,
  ConfirmHoursBody,
  ConfirmHoursResult,
  CreateActivityBody,
  Occurrence,
  OccurrenceList,
  OccurrenceRangeQuery,
  Signup,
  SignupList,
  UpdateActivityBody,
  UpdateOccurrenceBody,
} from '@tongxin/shared/schemas';
import { apiUrl, downloadFile } from './files';
import { http } from './http';

/** The town's activity categories (治理类、关爱类、文体类…). */
export const listActivityCategories = () => http.get<ActivityCategoryList>('/activity-categories');

export const listActivities = (query: ActivityListQuery) => http.get<ActivityPage>('/activities', { ...query });
export const getActivity = (id: string) => http.get<Activity>(`/activities/${id}`);
/** `publish: true` publishes at once; otherwise the activity stays a draft. */
export const createActivity = (body: CreateActivityBody) => http.post<Activity>('/activities', body);
/** Applies to the future occurrences that were not edited one by one. */
export const updateActivity = (id: string, body: UpdateActivityBody) => http.patch<Activity>(`/activities/${id}`, body);
export const publishActivity = (id: string) => http.post<Activity>(`/activities/${id}/publish`);
/** Cancels the series and its future occurrences; those signed up are told. */
export const cancelActivity = (id: string) => http.post<Activity>(`/activities/${id}/cancel`);
export const listActivityOccurrences = (id: string) => http.get<OccurrenceList>(`/activities/${id}/occurrences`);

/** The console calendar: occurrences between two dates (inclusive), by region and team. */
export const listOccurrences = (query: OccurrenceRangeQuery) => http.get<OccurrenceList>('/occurrences', { ...query });
export const getOccurrence = (id: string) => http.get<Occurrence>(`/occurrences/${id}`);
/** Edits this occurrence only; it is marked detached, and later series edits leave it alone. */
export const updateOccurrence = (id: string, body: UpdateOccurrenceBody) => http.patch<Occurrence>(`/occurrences/${id}`, body);
export const cancelOccurrence = (id: string) => http.post<Occurrence>(`/occurrences/${id}/cancel`);

export const listSignups = (occurrenceId: string) => http.get<SignupList>(`/occurrences/${occurrenceId}/signups`);
/** Manual attendance by the organiser (someone without a phone, a failed scan). */
export const checkInSignup = (occurrenceId: string, signupId: string) =>
  http.post<Signup>(`/occurrences/${occurrenceId}/signups/${signupId}/check-in`);
export const checkOutSignup = (occurrenceId: string, signupId: string) =>
  http.post<Signup>(`/occurrences/${occurrenceId}/signups/${signupId}/check-out`);

/** The rotating code the check-in QR shows; fetch it again every `rotateSeconds`. */
export const getCheckInCode = (occurrenceId: string) => http.get<CheckInCode>(`/occurrences/${occurrenceId}/check-in-code`);

/** The insurance roster of an occurrence (name, ID number, mobile, activity, dates) as .xlsx. */
export const downloadInsuranceRoster = (occurrenceId: string, fallbackName = '保险名单.xlsx') =>
  downloadFile(apiUrl(`/occurrences/${occurrenceId}/insurance.xlsx`), fallbackName);

/** Confirms pending service records of one occurrence, with the minutes as adjusted. */
export const confirmHours = (occurrenceId: string, body: ConfirmHoursBody) =>
  http.post<ConfirmHoursResult>(`/occurrences/${occurrenceId}/confirm-hours`, body);

/** The secret iCalendar subscription link of a community's activities. */
export const getRegionCalendarLink = (regionId: string) => http.get<CalendarLink>(`/regions/${regionId}/calendar`);
/** A new link for the community; the old one stops working. */
export const rotateRegionCalendarLink = (regionId: string) => http.post<CalendarLink>(`/regions/${regionId}/calendar/rotate`);
