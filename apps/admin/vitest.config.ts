import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  test: {
    name: 'admin',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // Element Plus modules import their CSS; let Vite (not Node) load them so the CSS is stubbed.
    server: { deps: { inline: [/element-plus/] } },
  },
});
