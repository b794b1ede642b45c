// Shortens the names the .wasm and its glue share: wasm-bindgen names each
// import after its JS function plus a 16-hex-digit hash
// (`__wbg_call_40b008ba32f73991`), written once in the .wasm and once in
// the glue, and neither gzip nor esbuild can shrink them. build.sh runs
// binaryen's --minify-imports-and-exports-and-modules on the .wasm (it
// prints the old -> new names as JSON) and then this, which renames the
// same imports, their module and the exports in the glue.
//   node minify-names.mjs NAMES.json MODULE.wasm GLUE.js
import { readFileSync, writeFileSync } from 'node:fs';

const [namesFile, wasmFile, glueFile] = process.argv.slice(2);
const names = JSON.parse(readFileSync(namesFile, 'utf8'));
// The one import module the minified .wasm now names.
const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmFile))).map((i) => i.module));
if (modules.size !== 1) throw new Error(`minify-names: expected one import module, found ${[...modules]}`);
const [module] = modules;
let glue = readFileSync(glueFile, 'utf8');
const rename = (pattern, to, what, required) => {
  const before = glue;
  glue = glue.replace(pattern, to);
  // A renamed import the glue does not provide would fail at instantiation.
  if (required && glue === before) throw new Error(`minify-names: ${what} not found in ${glueFile}`);
};
const word = (name) => name.replace(/\$/g, '\\$');
const oldModules = new Set(names.imports.map(([from]) => from));
const snippets = new Set();
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
for (const from of oldModules) {
  // The glue's own module: its object (import0) now takes the one name.
  if (glue.includes(`"${from}": import0`)) {
    rename(`"${from}": import0`, `"${module}": import0`, `import module ${from}`, true);
    continue;
  }
  // A wasm-bindgen snippet (adapter-wasm/js/fetch.js) whose functions the
  // .wasm imports straight from it (they need no glue): its namespace
  // (`import * as importN` / `const importN = require(..)`) is one object
  // per such import in the glue's import object. Each becomes an entry of
  // import0 instead, as `short: importN.name`.
  const [, namespace] = new RegExp(`"${escape(from)}": (import\\d+),`).exec(glue) ?? [];
  if (!namespace) throw new Error(`minify-names: import module ${from} not found in ${glueFile}`);
  const entries = names.imports.filter(([m]) => m === from).map(([, name, short]) => `${short}: ${namespace}.${name},`);
  rename(new RegExp(`\\n *"${escape(from)}": import\\d+,`, 'g'), '', `import module ${from}`, true);
  rename(/(const import0 = \{\n *__proto__: null,)/, `$1\n        ${entries.join(' ')}`, 'the import object', true);
  snippets.add(from);
}
// Each import is one key of the import object: `name: function(`.
for (const [from, name, short] of names.imports) if (!snippets.has(from)) rename(new RegExp(`(?<=[\\s{,])${word(name)}(?=: function)`, 'g'), short, `import ${name}`, true);
// Exports are read as `wasm.name` (some, like __abort_handler, never are).
for (const [name, short] of names.exports) rename(new RegExp(`\\bwasm\\.${word(name)}\\b`, 'g'), `wasm.${short}`, `export ${name}`, false);
writeFileSync(glueFile, glue);
