// Packages the extension with vsce (as `npm run package` does) and checks what the .vsix holds:
// the bundles, README, LICENSE, manifest and media, and nothing from src/, test/ or node_modules/; that vsce
// printed no warning, the registries' manifest rules (openVsx.ts) hold, and the README's pictures survive.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { packageVsix } from '../harness/vsix';
import { projectRoot } from '../harness/paths';
import { manifestProblems, type Manifest } from './openVsx';

const REPOSITORY = 'https://github.com/pooling-lens/pooling-lens';

describe('the packaged .vsix', function () {
  this.timeout(180_000);
  let files: string[] = [];
  let manifest: { main: string; browser?: string } = { main: '' };
  let scratch = '';
  let printed = '';
  let entries: Record<string, Uint8Array> = {};

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-vsix-'));
    const out = join(scratch, 'pooling-lens.vsix');
    printed = packageVsix(out);
    entries = unzipSync(readFileSync(out));
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

  it('vsce printed no warning', () => {
    assert.match(printed, /DONE\s+Packaged/, printed);
    assert.deepEqual(printed.split('\n').filter((line) => /\bWARN(ING)?\b/i.test(line)), []);
  });

  it("meets Open VSX's and the Marketplace's manifest rules", () => {
    assert.deepEqual(manifestProblems(manifest as unknown as Manifest, files), []);
  });

  it("the README's pictures point at the repository's files, which exist and are packaged", () => {
    const readme = new TextDecoder().decode(entries['extension/readme.md']);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
    assert.ok(images.length >= 5, `only ${images.length} pictures in the packaged README`);
    for (const url of images) {
      const prefix = `${REPOSITORY}/raw/HEAD/`;
      assert.ok(url.startsWith(prefix), `${url} is not a link to the repository's raw files: it would not show on the Marketplace`);
      const path = url.slice(prefix.length);
      assert.ok(existsSync(join(projectRoot, path)), `${path} does not exist in the repository`);
      assert.ok(files.includes(`extension/${path}`), `${path} is not in the .vsix`);
    }
  });

  it('the icon is a 128x128 PNG', () => {
    const icon = entries['extension/media/icon.png'];
    assert.ok(icon, 'media/icon.png is not in the .vsix');
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(icon.buffer, icon.byteOffset);
    assert.deepEqual([view.getUint32(16), view.getUint32(20)], [128, 128]);
  });
});
