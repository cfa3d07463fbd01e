// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import vaultKb from './src/shell/integration.ts';

// The vault to publish and the URL prefix can also be set with VAULT_DIR and BASE_PATH;
// see README.md. The defaults build the sample vault in src/content at the site root, with its
// Python (SQLAlchemy) blocks running; these options apply to this vault only, not to one
// VAULT_DIR or a vault-kb.config.json names.
export default defineConfig({
  integrations: [vaultKb({ vaultDir: 'src/content', python: true }), mdx()],
  server: { host: '127.0.0.1' },
  devToolbar: { enabled: false },
});
