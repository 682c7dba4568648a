/// <reference types="vite/client" />
// Types of the Element Plus components that unplugin-vue-components resolves on demand.
/// <reference types="element-plus/global" />
