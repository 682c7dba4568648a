import type { NotificationListQuery, NotificationPage, NotificationPreferences, Ok } from '@tongxin/shared/schemas';
import { http } from './http';

export const listNotifications = (query: NotificationListQuery) => http.get<NotificationPage>('/notifications', { ...query });
export const markNotificationRead = (id: string) => http.post<Ok>(`/notifications/${id}/read`);
export const markAllNotificationsRead = () => http.post<Ok>('/notifications/read-all');
export const getNotificationPreferences = () => http.get<NotificationPreferences>('/notifications/preferences');
export const updateNotificationPreferences = (body: NotificationPreferences) =>
  http.put<NotificationPreferences>('/notifications/preferences', body);
/** Server-Sent Events: `unread` {unread} and `notification` Notification. */
export const notificationStreamUrl = () => http.url('/notifications/stream');
