import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';

export default defineConfig({
  plugins: [vue(), Components({ resolvers: [VantResolver({ importStyle: false })], dirs: [], dts: false })],
  define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
  test: {
    name: 'mobile',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // Vant's `…/style` entries import CSS: let Vite, not Node, load them.
    server: { deps: { inline: ['vant'] } },
  },
});
