import type {
  ActivityCategoryList,
  ActivityFeedQuery,
  CheckInBody,
  CheckInCode,
  CheckInResult,
  MySignupState,
  Occurrence,
  OccurrenceFeed,
  OccurrenceList,
  Signup,
  SignupList,
} from '@tongxin/shared/schemas';
import { http } from './http';

const id = (s: string) => encodeURIComponent(s);

/** Every signed-in person: the town's activity categories (for the feed's filter). */
export const listActivityCategories = () => http.get<ActivityCategoryList>('/activity-categories');
/** Upcoming published occurrences of my town: all, in my community, or near a point (with distances). */
export const listActivityFeed = (query: ActivityFeedQuery = {}) => http.get<OccurrenceFeed>('/activities/feed', { ...query });
/** One occurrence, with `canManage` and my own sign-up filled in. */
export const getOccurrence = (occurrenceId: string) => http.get<Occurrence>(`/occurrences/${id(occurrenceId)}`);
/** Sign up: a place when there is one, otherwise the waitlist. */
export const signUp = (occurrenceId: string) => http.post<MySignupState>(`/occurrences/${id(occurrenceId)}/signup`);
export const cancelSignup = (occurrenceId: string) => http.delete<MySignupState>(`/occurrences/${id(occurrenceId)}/signup`);
/** The occurrences I signed up for, upcoming or past. */
export const listMyActivities = (when: 'upcoming' | 'past') => http.get<OccurrenceList>('/me/activities', { when });
/** First scan checks in, the second checks out. */
export const checkIn = (body: CheckInBody) => http.post<CheckInResult>('/check-in', body);

// The organiser's side (activity.manage).
/** The code the organiser's phone shows as a QR; it changes every `rotateSeconds`. */
export const getCheckInCode = (occurrenceId: string) => http.get<CheckInCode>(`/occurrences/${id(occurrenceId)}/check-in-code`);
export const listSignups = (occurrenceId: string) => http.get<SignupList>(`/occurrences/${id(occurrenceId)}/signups`);
export const checkInSignup = (occurrenceId: string, signupId: string) =>
  http.post<Signup>(`/occurrences/${id(occurrenceId)}/signups/${id(signupId)}/check-in`);
export const checkOutSignup = (occurrenceId: string, signupId: string) =>
  http.post<Signup>(`/occurrences/${id(occurrenceId)}/signups/${id(signupId)}/check-out`);
