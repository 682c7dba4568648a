import { createApiClient, type ApiError } from '@tongxin/shared/client';
import { currentLocale } from '../locales';

let unauthorized: ((error: ApiError) => void) | undefined;

/**
 * What to do when a call answers 401 (the session ended): main.ts wires this to "forget the
 * session and go to /login?redirect=…", so this module need not import the router (no cycle).
 */
export function setUnauthorizedHandler(handler: (error: ApiError) => void): void {
  unauthorized = handler;
}

/** For calls made outside the shared client (file upload and download): the same 401 handling. */
export function reportUnauthorized(error: ApiError): void {
  unauthorized?.(error);
}

/** The one API client of the console. */
export const http = createApiClient({
  base: '/api',
  locale: currentLocale,
  onUnauthorized: (error) => unauthorized?.(error),
});
