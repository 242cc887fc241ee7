// Packages the extension with vsce (as `npm run package` does) and checks what the .vsix holds:
// the bundles, README, LICENSE, manifest and media, and nothing from src/, test/ or node_modules/.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { packageVsix } from '../harness/vsix';

describe('the packaged .vsix', function () {
  this.timeout(180_000);
  let files: string[] = [];
  let manifest: { main: string; browser?: string } = { main: '' };
  let scratch = '';

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-vsix-'));
    const out = join(scratch, 'pooling-lens.vsix');
    packageVsix(out);
    const entries = unzipSync(readFileSync(out));
    files = Object.keys(entries).sort();
    const pkg = entries['extension/package.json'];
    assert.ok(pkg, 'the .vsix has no extension/package.json');
    manifest = JSON.parse(new TextDecoder().decode(pkg)) as { main: string; browser?: string };
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds the extension bundles (Node and browser), the webview bundle, the workers, README, LICENSE and the manifest', () => {
    for (const f of ['extension/dist/extension.js', 'extension/dist/webview.js', 'extension/dist/webview.css', 'extension/dist/worker.js',
      'extension/dist/web/extension.js', 'extension/dist/web/worker.js', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/package.json']) {
      assert.ok(files.includes(f), `${f} is missing from the .vsix; it holds:\n${files.join('\n')}`);
    }
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.browser, './dist/web/extension.js');
  });

  it('holds nothing from src/, test/, node_modules/, source maps or examples', () => {
    const unwanted = files.filter((f) => /^extension\/(src|test|node_modules|webview|bench|scripts|examples|out|\.vscode-test)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(unwanted, []);
  });

  it('holds only dist/, media/ and the top-level documents', () => {
    const allowed = /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(dist\/(web\/)?[^/]+|media\/.+|package\.json|readme\.md|changelog\.md|LICENSE\.txt))$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
  });
});
