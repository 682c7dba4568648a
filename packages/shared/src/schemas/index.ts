export * from './common.js';
export * from './auth.js';
export * from './regions.js';
export * from './accounts.js';
export * from './audit.js';
export * from './notifications.js';
