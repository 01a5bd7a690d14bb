export * from './people.js';
export * from './tickets.js';
export * from './settings.js';
export * from './drafts.js';
