import { defineConfig, type PluginOption } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// Element Plus components are imported on demand with their CSS; their types come from
// `element-plus/global` (src/env.d.ts), so no components.d.ts is generated. vitest.config.ts
// repeats these two plugins.
const plugins: PluginOption[] = [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })];

export default defineConfig({
  base: '/',
  plugins,
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // The framework in one long-cached chunk; Element Plus stays split by the pages that use it.
        codeSplitting: {
          groups: [{ name: 'vue', test: /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/, priority: 10 }],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
});
