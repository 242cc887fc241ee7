/**
 * Text that came from the user's files and literals (a `.npy` `descr`, an `.npz` member name, a file name, a
 * literal's `dtype=`) is quoted in notifications, diagnostics and hovers. Each of those surfaces renders some
 * syntax: notifications turn `[label](command:…)` / `(https:…)` / `(file:…)` into live links and `$(name)` into
 * icons; hovers are Markdown (links, images, HTML, code spans). Quoted text must never become any of these, so
 * every such message goes through exactly one of the two functions below. Free of `vscode`: unit-tested.
 */

/** Notifications and diagnostics are cut here; a message longer than a screen helps nobody. */
export const MAX_MESSAGE_CHARS = 2_000;

/** Zero-width joiner between the characters of a sequence that would otherwise be read as syntax. */
const ZWJ = '\u200d';

/**
 * A message for a notification, a modal dialog, a status bar item or a diagnostic: the same characters a person
 * reads, with every link (`](`) and icon (`$(`) sequence broken by an invisible joiner, control characters
 * other than line breaks removed, and the length capped at {@link MAX_MESSAGE_CHARS}.
 */
export function plainMessage(text: string): string {
  let s = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\]\s*\(/g, (m) => `]${ZWJ}${m.slice(1)}`)
    .replace(/\$\(/g, `$${ZWJ}(`);
  if (s.length > MAX_MESSAGE_CHARS) s = `${s.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
  return s;
}

/** Markdown text that renders exactly as written: every character Markdown or HTML could read is escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#~!&:]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, ' ');
}

/**
 * Inline Markdown code that shows `text` verbatim: the fence is one backtick longer than the longest run of
 * backticks inside, padded with spaces when the text starts or ends with a backtick (CommonMark's rule), and
 * line breaks become spaces (a code span cannot hold a blank line).
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
