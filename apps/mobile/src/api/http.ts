import { createApiClient, type ApiError } from '@tongxin/shared/client';
import { currentLocale } from '../locales';

let unauthorized: (error: ApiError) => void = () => {};

/** main.ts decides what a 401 means (back to the login page); set here to keep imports one-way. */
export function onUnauthorized(handler: (error: ApiError) => void): void {
  unauthorized = handler;
}

/** The one API client of the phone app. */
export const http = createApiClient({
  base: '/api',
  locale: currentLocale,
  onUnauthorized: (error) => unauthorized(error),
});
