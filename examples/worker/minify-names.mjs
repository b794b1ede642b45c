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
for (const from of oldModules) rename(`"${from}": import0`, `"${module}": import0`, `import module ${from}`, true);
// Each import is one key of the import object: `name: function(`.
for (const [, name, short] of names.imports) rename(new RegExp(`(?<=[\\s{,])${word(name)}(?=: function)`, 'g'), short, `import ${name}`, true);
// Exports are read as `wasm.name` (some, like __abort_handler, never are).
for (const [name, short] of names.exports) rename(new RegExp(`\\bwasm\\.${word(name)}\\b`, 'g'), `wasm.${short}`, `export ${name}`, false);
writeFileSync(glueFile, glue);
