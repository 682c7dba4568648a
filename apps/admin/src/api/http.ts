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

/** The one API client of the console. */
export const http = createApiClient({
  base: '/api',
  locale: currentLocale,
  onUnauthorized: (error) => unauthorized?.(error),
});
