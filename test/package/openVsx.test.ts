// The registry manifest rules of openVsx.ts, one case per rule: each broken field is named, and a manifest that
// keeps them all gives no problem. (vsix.test.ts applies them to the real package.)
import { strict as assert } from 'node:assert';
import { isValidUrl, manifestProblems, type Manifest } from './openVsx';

const FILES = ['extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/media/icon.png'];
const GOOD: Manifest = {
  name: 'pooling-lens', publisher: 'pooling-lens', version: '0.1.0', displayName: 'Pooling Lens', description: 'Pools arrays.',
  license: 'MIT', icon: 'media/icon.png', engines: { vscode: '^1.100.0' }, activationEvents: ['onLanguage:python'],
  homepage: 'https://example.org/x#readme', repository: { type: 'git', url: 'https://example.org/x.git' }, bugs: { url: 'https://example.org/x/issues' },
  galleryBanner: { color: '#1f2333', theme: 'dark' }, categories: ['Visualization'], keywords: ['numpy'],
};

function problemsWith(change: Manifest, files = FILES): string[] {
  return manifestProblems({ ...GOOD, ...change }, files);
}

describe('registry manifest rules (Open VSX, Marketplace)', () => {
  it('a manifest that keeps every rule has no problem', () => {
    assert.deepEqual(manifestProblems(GOOD, FILES), []);
  });

  it('publisher, name and version are required', () => {
    const problems = problemsWith({ publisher: undefined, name: '', version: undefined });
    assert.equal(problems.filter((p) => /is missing: ovsx refuses/.test(p)).length, 3, problems.join('\n'));
  });

  it('names allow letters, digits, _ - + $ ~ only', () => {
    assert.match(problemsWith({ name: 'pooling lens' }).join('\n'), /"name" "pooling lens" has characters/);
    assert.match(problemsWith({ publisher: 'pooling.lens' }).join('\n'), /"publisher" "pooling.lens" has characters/);
    assert.deepEqual(problemsWith({ name: 'a_b-c+d$e~f' }), []);
  });

  it('the version is semver and not a reserved word', () => {
    assert.match(problemsWith({ version: '0.1' }).join('\n'), /not a semantic version/);
    assert.match(problemsWith({ version: '01.0.0' }).join('\n'), /not a semantic version/);
    assert.match(problemsWith({ version: 'latest' }).join('\n'), /reserved/);
    assert.deepEqual(problemsWith({ version: '1.2.3-rc.1+build.5' }), []);
  });

  it('text fields refuse control characters and overlong values; the description allows a zero-width joiner', () => {
    assert.match(problemsWith({ displayName: 'Pooling\u0007Lens' }).join('\n'), /"displayName" holds a control or invisible character \(U\+0007\)/);
    assert.match(problemsWith({ description: 'x'.repeat(2049) }).join('\n'), /"description" is 2049 characters, more than the 2048 allowed/);
    assert.deepEqual(problemsWith({ description: 'emoji \u200d joined' }), []);
    assert.match(problemsWith({ keywords: ['ok', 'k'.repeat(256)] }).join('\n'), /"keywords" is 256 characters/);
  });

  it('homepage, repository and bugs must be absolute URLs (git+ allowed)', () => {
    assert.match(problemsWith({ homepage: 'github.com/x' }).join('\n'), /"homepage" is not an absolute URL/);
    assert.match(problemsWith({ repository: 'https://' }).join('\n'), /"repository" is not an absolute URL/);
    assert.match(problemsWith({ bugs: { url: '/issues' } }).join('\n'), /"bugs" is not an absolute URL/);
    assert.match(problemsWith({ repository: undefined }).join('\n'), /"repository" is missing/);
    assert.equal(isValidUrl('git+https://github.com/a/b.git'), true);
  });

  it('a license is required, as a field or a LICENSE file, and the package holds LICENSE and README', () => {
    assert.match(problemsWith({ license: undefined }, FILES.filter((f) => !f.includes('LICENSE'))).join('\n'), /no "license" and no LICENSE file/);
    assert.match(problemsWith({}, FILES.filter((f) => !f.includes('readme'))).join('\n'), /no README\.md/);
  });

  it('the gallery banner: a short colour and a dark or light theme; markdown and qna take their listed values', () => {
    assert.match(problemsWith({ galleryBanner: { color: 'rgb(31, 35, 51, 0.5)', theme: 'dark' } }).join('\n'), /"galleryBanner.color" is 20 characters/);
    assert.match(problemsWith({ galleryBanner: { color: '#000', theme: 'blue' } }).join('\n'), /must be dark or light/);
    assert.match(problemsWith({ markdown: 'commonmark' }).join('\n'), /"markdown" must be github or standard/);
    assert.deepEqual(problemsWith({ qna: false }), []);
  });

  it('engines.vscode is required, "*" activation is refused, the icon is a packaged PNG', () => {
    assert.match(problemsWith({ engines: {} }).join('\n'), /"engines.vscode" is missing/);
    assert.match(problemsWith({ activationEvents: ['*'] }).join('\n'), /holds "\*"/);
    assert.match(problemsWith({ icon: 'media/icon.svg' }).join('\n'), /not in the package/);
    assert.match(problemsWith({ icon: undefined }).join('\n'), /"icon" is missing/);
  });
});
