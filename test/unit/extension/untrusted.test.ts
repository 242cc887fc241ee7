import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { MAX_MESSAGE_CHARS, markdownCode, markdownText, plainMessage } from '../../../src/extension/untrusted';
import { hoverPreview, type HoverSettings } from '../../../src/extension/hoverPreview';

/**
 * How VS Code turns notification text into links (vs/base/common/linkedText): `[label](target)` where the
 * target starts with a scheme it opens, and an optional title. Written here from its documented behaviour.
 */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const ICON = /\$\([A-Za-z0-9-~]+\)/;

const HOSTILE = [
  '[Open settings](command:workbench.action.openSettings)',
  '[x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%22%7D)',
  '![beacon](https://example.invalid/p.png)',
  '[docs](https://example.invalid "title")',
  '[f](file:///etc/passwd)',
  'a]( command:x) and ] (command:y)',
  '$(zap) icon',
  '<img src=x onerror=alert(1)>',
  '``[x](command:evil)``',
  '`` `[x](command:evil)` ``',
];

const md = new MarkdownIt({ html: true, linkify: true });

describe('untrusted text', () => {
  describe('plainMessage (notifications, dialogs, diagnostics)', () => {
    for (const text of HOSTILE) {
      it(`never leaves a link or icon: ${JSON.stringify(text)}`, () => {
        const out = plainMessage(`Pooling Lens: cannot open x.npy: unsupported descr '${text}'`);
        assert.equal(out.match(NOTIFICATION_LINK), null);
        assert.doesNotMatch(out, ICON);
        // The same characters a person reads: only invisible joiners were added.
        assert.equal(out.replace(/\u200d/g, ''), `Pooling Lens: cannot open x.npy: unsupported descr '${text}'`);
      });
    }
    it('the unguarded text would have been a link (the test can fail)', () => {
      assert.notEqual('see [x](command:workbench.action.quit)'.match(NOTIFICATION_LINK), null);
    });
    it('caps the length and drops control and bidi characters', () => {
      const out = plainMessage(`a\u0000b\u202ec${'x'.repeat(10_000)}`);
      assert.equal(out.length, MAX_MESSAGE_CHARS);
      assert.ok(out.startsWith('abc'));
      assert.ok(out.endsWith('…'));
    });
  });

  describe('markdownText and markdownCode (hovers)', () => {
    for (const text of HOSTILE) {
      it(`renders as plain text: ${JSON.stringify(text)}`, () => {
        for (const rendered of [md.renderInline(markdownText(text)), md.renderInline(markdownCode(text))]) {
          assert.doesNotMatch(rendered, /<a |<img |<script/);
        }
      });
    }
    it('a code span shows the text verbatim whatever backticks it holds', () => {
      for (const text of ['a``b', '`x`', '``', 'a ``` b ` c', '[x](command:y)']) {
        const html = md.renderInline(markdownCode(text));
        const inner = /^<code>(.*)<\/code>$/.exec(html)?.[1];
        const decoded = inner?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        assert.equal(decoded, text);
      }
    });
    it('the old two-backtick fence could be escaped (the test can fail)', () => {
      const old = (s: string): string => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);
      assert.match(md.renderInline(old('k``[x](command:evil)``')), /<a /);
    });
  });

  describe('the hover on a hostile literal', () => {
    const settings: HoverSettings = {
      maxElements: 100_000,
      colormap: 'auto',
      pool: { op: 'max', framework: 'keras', poolSize: 2, strides: null, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate' },
    };
    const cases = [
      '{"a``![b](https://example.invalid/beacon.png)``": [[1, 2], [3, 4]]}',
      '{"k``[open](command:poolingLens.inspectRange?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%2C0%2C9%5D)``": [1, 2, 3, 4]}',
      'np.array([1, 2], dtype="[x](command:workbench.action.quit)")',
    ];
    for (const text of cases) {
      it(`links only to the panel: ${text.slice(0, 40)}`, () => {
        const at = text.startsWith('{') ? text.lastIndexOf(': [') + 3 : text.indexOf('[') + 1;
        const preview = hoverPreview({ text, offset: at, uri: 'file:///t.json', language: text.startsWith('{') ? 'json' : 'python' }, settings);
        assert.ok(preview !== undefined, 'a hover is shown');
        const html = md.render(preview.markdown);
        assert.doesNotMatch(html, /<img src="https?:/);
        const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1] ?? '');
        for (const href of links) {
          assert.ok(href.startsWith('command:poolingLens.inspectRange?'), `unexpected link ${href}`);
          const args = JSON.parse(decodeURIComponent(href.slice('command:poolingLens.inspectRange?'.length))) as unknown[];
          assert.equal(args[0], 'file:///t.json');
        }
      });
    }
  });
});
