import { defineConfig } from 'vitest/config';

// Each workspace brings its own config; `vitest run --project server` picks one.
export default defineConfig({
  test: { projects: ['packages/shared', 'apps/server', 'apps/admin', 'apps/mobile'] },
});
