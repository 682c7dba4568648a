import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';

/**
 * Vant's icon font is inlined as woff2; its CSS also names a woff fallback on at.alicdn.com,
 * which browsers sometimes fetch. Drop it: no third-party request from a government app, and
 * nothing for the server's Content-Security-Policy to block.
 */
function dropRemoteIconFont(): Plugin {
  return {
    name: 'tongxin:drop-remote-icon-font',
    enforce: 'pre',
    transform(code, id) {
      if (!/vant[\\/]es[\\/]icon[\\/]index\.css/.test(id)) return null;
      return { code: code.replace(/,\s*url\(\/\/at\.alicdn\.com\/[^)]*\)\s*format\("woff"\)/g, ''), map: null };
    },
  };
}

/**
 * The phone app lives under /m/ on the same origin as the API, so cookies and the CSRF header
 * need no configuration. Vant components are resolved on demand (with only their own CSS); our
 * own components are imported explicitly, so `dirs: []` keeps the scanner to Vant alone. Their
 * types are in src/vant-components.d.ts.
 */
export default defineConfig({
  base: '/m/',
  plugins: [
    dropRemoteIconFont(),
    vue({ features: { optionsAPI: false, prodDevtools: false } }),
    Components({ resolvers: [VantResolver()], dirs: [], dts: false }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // The framework in one long-lived chunk (it changes rarely, so phones keep it cached).
      output: {
        codeSplitting: { groups: [{ name: 'framework', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ }] },
      },
    },
  },
  server: { port: 5174, proxy: { '/api': { target: 'http://127.0.0.1:3000' } } },
  preview: { port: 4174 },
});
