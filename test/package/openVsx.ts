// The manifest rules a registry applies when an extension is published, checked offline on the packaged
// manifest: Open VSX's (its `ovsx publish` client requires publisher, name, version and a license; its server
// validates names, the version, text fields, URLs and the gallery banner) and what this project adds for both
// registries (engines.vscode, no `*` activation, an icon). Written from Open VSX's documented behaviour and its
// validator's source (eclipse/openvsx, server ExtensionValidator), so `npm test` fails before a publish would.
// Free of I/O: `manifestProblems` takes the parsed package.json and the list of files in the .vsix.

/** What Open VSX accepts as an extension or namespace (publisher) name. */
const NAME = /^[\w\-+$~]+$/;
/** Semantic version 2.0.0 (semver.org's grammar: no leading zeros, optional pre-release and build). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
/** Version strings Open VSX keeps for its own routes. */
const RESERVED_VERSIONS = ['latest', 'pre-release', 'reviews'];
const TEXT_LIMIT = 255;
const DESCRIPTION_LIMIT = 2048;
const GALLERY_COLOR_LIMIT = 16;
/** Control, format, private-use, unassigned and line/paragraph separator characters are refused in text fields. */
const BAD_CHARACTER = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
const LICENSE_FILES = ['license', 'license.md', 'license.txt', 'licence', 'licence.md', 'licence.txt'];

export interface Manifest {
  [key: string]: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A `repository`/`bugs` field's URL, whether given as a string or as `{ url }`. */
function urlOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'url' in value) return text((value as { url: unknown }).url);
  return undefined;
}

/** Open VSX reads a URL as valid when it is absolute and, for http(s), has a host; `git+` prefixes are allowed. */
export function isValidUrl(value: string): boolean {
  const url = value.startsWith('git+') && value.length > 4 ? value.slice(4) : value;
  try {
    const parsed = new URL(url);
    return !(/^https?:$/.test(parsed.protocol) && parsed.hostname === '');
  } catch {
    return false;
  }
}

function checkText(field: string, value: string | undefined, limit: number, problems: string[], allowZwj = false): void {
  if (value === undefined) return;
  const bad = BAD_CHARACTER.exec(allowZwj ? value.replace(/\u200d/g, '') : value);
  if (bad) problems.push(`"${field}" holds a control or invisible character (U+${bad[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`);
  if (value.length > limit) problems.push(`"${field}" is ${value.length} characters, more than the ${limit} allowed`);
}

function checkUrl(field: string, value: string | undefined, problems: string[]): void {
  if (value === undefined || value === '') return;
  if (!isValidUrl(value)) problems.push(`"${field}" is not an absolute URL: ${value}`);
  if (value.length > TEXT_LIMIT) problems.push(`"${field}" is longer than ${TEXT_LIMIT} characters`);
}

function checkIdentity(m: Manifest, problems: string[]): void {
  for (const field of ['publisher', 'name', 'version']) {
    if (!text(m[field])) problems.push(`"${field}" is missing: ovsx refuses to publish without it`);
  }
  for (const field of ['publisher', 'name']) {
    const value = text(m[field]);
    if (value && !NAME.test(value)) problems.push(`"${field}" ${JSON.stringify(value)} has characters Open VSX does not accept (letters, digits, _ - + $ ~)`);
    if (value && value.length > TEXT_LIMIT) problems.push(`"${field}" is longer than ${TEXT_LIMIT} characters`);
  }
  const version = text(m.version);
  if (version && RESERVED_VERSIONS.includes(version)) problems.push(`"version" ${version} is reserved by Open VSX`);
  if (version && !SEMVER.test(version)) problems.push(`"version" ${version} is not a semantic version (semver.org)`);
}

function checkGallery(m: Manifest, problems: string[]): void {
  const banner = m.galleryBanner as { color?: unknown; theme?: unknown } | undefined;
  checkText('galleryBanner.color', text(banner?.color), GALLERY_COLOR_LIMIT, problems);
  const theme = text(banner?.theme);
  if (theme && !['dark', 'light'].includes(theme)) problems.push(`"galleryBanner.theme" must be dark or light, not ${theme}`);
  const markdown = text(m.markdown);
  if (markdown && !['github', 'standard'].includes(markdown)) problems.push(`"markdown" must be github or standard, not ${markdown}`);
  const qna = m.qna === false ? 'false' : text(m.qna);
  if (qna && !['marketplace', 'false'].includes(qna) && !isValidUrl(qna)) problems.push(`"qna" must be marketplace, false or a URL, not ${qna}`);
}

/**
 * Every rule the manifest `m` breaks, as sentences naming the field; empty when a publish would pass them.
 * `files` are the paths inside the .vsix (`extension/...`), to find the license, README and icon.
 */
export function manifestProblems(m: Manifest, files: readonly string[]): string[] {
  const problems: string[] = [];
  checkIdentity(m, problems);
  checkText('displayName', text(m.displayName), TEXT_LIMIT, problems);
  checkText('description', text(m.description), DESCRIPTION_LIMIT, problems, true);
  for (const field of ['categories', 'keywords']) {
    const values = m[field];
    if (Array.isArray(values)) for (const v of values) checkText(field, text(v), TEXT_LIMIT, problems);
  }
  const inPackage = (name: string): boolean => files.some((f) => f.toLowerCase() === `extension/${name.toLowerCase()}`);
  const hasLicenseFile = LICENSE_FILES.some((name) => inPackage(name));
  if (!text(m.license) && !hasLicenseFile) problems.push('no "license" and no LICENSE file: Open VSX accepts only licensed extensions');
  checkText('license', text(m.license), TEXT_LIMIT, problems);
  if (!hasLicenseFile) problems.push('the package holds no LICENSE file');
  if (!inPackage('readme.md')) problems.push('the package holds no README.md');
  checkUrl('homepage', text(m.homepage), problems);
  checkUrl('repository', urlOf(m.repository), problems);
  checkUrl('bugs', urlOf(m.bugs), problems);
  if (!urlOf(m.repository)) problems.push('"repository" is missing: the registries link to the source from it');
  checkGallery(m, problems);
  const engines = m.engines as { vscode?: unknown } | undefined;
  if (!text(engines?.vscode)) problems.push('"engines.vscode" is missing: no VS Code version would install the extension');
  const events = m.activationEvents;
  if (Array.isArray(events) && events.includes('*')) problems.push('"activationEvents" holds "*": the extension would start with every window');
  const icon = text(m.icon);
  if (!icon) problems.push('"icon" is missing: the registries show a blank tile');
  else if (!inPackage(icon)) problems.push(`"icon" ${icon} is not in the package`);
  else if (!icon.toLowerCase().endsWith('.png')) problems.push(`"icon" ${icon} is not a PNG (the Marketplace refuses SVG icons)`);
  return problems;
}
