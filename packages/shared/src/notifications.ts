/** Outbound channels beside the in-app inbox, which every notification reaches. */
export const NOTIFICATION_CHANNELS = ['email', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Outbound deliveries are retried with these delays (seconds), then marked failed. */
export const DELIVERY_RETRY_DELAYS = [30, 120, 600, 3600, 6 * 3600];
