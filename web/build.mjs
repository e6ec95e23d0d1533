// Bundles the browser workshop into dist/workshop/ (run by `npm run build`): the page's
// TypeScript entry with the engine, Gate 2 and the mocks it imports, the HTML template, the
// stylesheet, and msw's service worker script. `drift-sim train --web DIR` copies these and
// adds the scenarios, so the installed CLI needs no bundler at run time.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const web = dirname(fileURLToPath(import.meta.url));
const out = join(web, '..', 'dist', 'workshop');
const require = createRequire(import.meta.url);

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [join(web, 'main.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  outfile: join(out, 'workshop.js'),
  metafile: true,
  logLevel: 'warning',
});
// The page must not reach Node: a node: import in the bundle means an environment-bound module slipped in.
const nodeImports = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node:'));
if (nodeImports.length > 0) throw new Error(`the workshop bundle imports Node modules: ${nodeImports.join(', ')}`);
await copyFile(join(web, 'index.html'), join(out, 'index.html'));
await copyFile(join(web, 'style.css'), join(out, 'style.css'));
await copyFile(require.resolve('msw/mockServiceWorker.js'), join(out, 'mockServiceWorker.js'));
