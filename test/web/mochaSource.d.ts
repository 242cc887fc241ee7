// mocha's browser build (node_modules/mocha/mocha.js) as text, provided by scripts/build.mjs to the web test bundle.
declare module 'mocha-browser-source' {
  const source: string;
  export default source;
}
