import type { NotificationListQuery, NotificationPage, Ok } from '@tongxin/shared/schemas';
import { http } from './http';

export const listNotifications = (query: NotificationListQuery = {}) => http.get<NotificationPage>('/notifications', query);
export const markNotificationRead = (id: string) => http.post<Ok>(`/notifications/${encodeURIComponent(id)}/read`);
export const markAllNotificationsRead = () => http.post<Ok>('/notifications/read-all');
/** Server-Sent Events: `unread` {unread} and `notification` Notification. */
export const notificationStreamUrl = () => http.url('/notifications/stream');
