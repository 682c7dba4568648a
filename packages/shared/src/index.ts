export * from './errors.js';
export * from './roles.js';
export * from './permissions.js';
export * from './regions.js';
export * from './validation.js';
export * from './notifications.js';
