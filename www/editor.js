// The item editor: plain JSON or DynamoDB JSON. Plain JSON is merged
// against the stored item's types (typed.js), so a set stays a set, binary
// stays binary and a 38-digit number keeps every digit. Writes send
// DynamoDB-typed values; delete asks first; the last put or delete can be
// undone (each write asks DynamoDB for the old item to make that possible).
import { Condition, Update } from '../adapter-wasm/pkg/web/rynamo_wasm.js';
import { $, state, act } from './ui.js';
import { plainText, mergePlain, parseDynamoItem, parseJson, toTyped, scalar, typeOf } from './typed.js';
import { avToJs, itemToAv, itemToJs, keyOf } from './marshal.js';
import { reloadPage, attributeType } from './browse.js';

const format = () => document.querySelector('input[name=format]:checked').value;
let shownFormat = 'plain';

/** Shows `item` (DynamoDB JSON, or null for a new item) in the editor. */
export function openItem(item, text) {
  state.item = item;
  shownFormat = format();
  const shown = text || item || {};
  $('item-json').value = shownFormat === 'dynamo' ? JSON.stringify(shown, null, 2) : plainText(shown);
  $('item-state').textContent = item ? `stored item ${keyText(item)}` : 'new item';
}

function keyText(item) {
  return state.keys.filter((k) => item[k]).map((k) => `${k}=${item[k][typeOf(item[k])]}`).join(', ');
}

/** The editor's item as DynamoDB JSON. */
export function editedItem() {
  const text = $('item-json').value;
  return shownFormat === 'dynamo' ? parseDynamoItem(text) : mergePlain(text, state.item);
}

/** Switching format converts what is being edited, edits included. */
export function switchFormat() {
  const edited = act(() => editedItem());
  edited.then((item) => {
    if (item) openItem(state.item, item);
    else document.querySelector(`input[name=format][value=${shownFormat}]`).checked = true;
  });
}

/** `attribute_not_exists(a)` or `path op value`; values are JSON literals (quote strings), typed against the open item. */
function parseCondition(text) {
  text = text.trim();
  if (!text) return undefined;
  let m = text.match(/^attribute_(not_)?exists\((.+)\)$/);
  if (m) return m[1] ? Condition.notExists(m[2].trim()) : Condition.exists(m[2].trim());
  m = text.match(/^(.+?)\s*(<>|<=|>=|=|<|>)\s*(.+)$/);
  if (!m) throw new TypeError(`cannot read condition "${text}"`);
  const op = { '=': 'eq', '<>': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[m[2]];
  let value;
  try { value = parseJson(m[3].trim()); } catch { throw new TypeError(`condition value ${m[3].trim()} is not a JSON literal (quote strings: "text")`); }
  const path = m[1].trim();
  return Condition[op](path, avToJs(toTyped(value, state.item?.[path], path)));
}

function setUndo(label, run) {
  state.undo = label ? { label, run } : null;
  $('undo').disabled = !label;
  $('undo').textContent = label ? `Undo ${label}` : 'Undo';
}

async function afterWrite(refreshInfo) {
  if (!$('error').hidden) return;
  state.quiet = true;
  try {
    await refreshInfo();
    await reloadPage();
  } finally {
    state.quiet = false;
  }
}

/** Wires the editor's buttons; `refreshInfo` re-reads the table's description (item count). */
export function initEditor(refreshInfo) {
  $('editor').onsubmit = async (event) => {
    event.preventDefault();
    const done = await act(async () => {
      const item = editedItem();
      const table = state.table;
      const old = await state.client.put(table, itemToJs(item), { condition: parseCondition($('condition').value), returnOld: true });
      const before = old ? itemToAv(old) : null;
      const key = keyOf(item, state.keys);
      setUndo(`put ${keyText(item)}`, () => (before
        ? state.client.put(table, itemToJs(before))
        : state.client.delete(table, itemToJs(key))));
      openItem(item);
      return true;
    });
    if (done) await afterWrite(refreshInfo);
  };

  const remove = async (item) => {
    const done = await act(async () => {
      const key = keyOf(item, state.keys);
      if (!confirm(`Delete the item ${keyText(item)} from ${state.table}?`)) return false;
      const table = state.table;
      const old = await state.client.delete(table, itemToJs(key), { condition: parseCondition($('condition').value), returnOld: true });
      if (old) {
        const before = itemToAv(old);
        // Put back only if nobody has written the key since.
        setUndo(`delete ${keyText(item)}`, () => state.client.put(table, itemToJs(before), { condition: Condition.notExists(state.keys[0]) }));
      }
      openItem(null, item);
      return true;
    });
    if (done) await afterWrite(refreshInfo);
  };
  $('delete').onclick = async () => {
    const item = await act(async () => editedItem());
    if (item) await remove(item);
  };

  $('undo').onclick = async () => {
    const undo = state.undo;
    if (!undo) return;
    const done = await act(async () => { await undo.run(); setUndo(null); return true; });
    if (done) await afterWrite(refreshInfo);
  };

  $('update').onclick = async () => {
    const done = await act(async () => {
      const path = $('update-path').value.trim();
      const raw = $('update-value').value;
      const chosen = $('update-type').value;
      let update;
      if (raw === '' && chosen !== 'S') update = new Update().remove(path);
      else {
        const stored = state.item?.[path];
        const type = chosen === 'auto' ? (stored ? typeOf(stored) : attributeType(path)) : chosen;
        const av = ['S', 'N', 'B', 'BOOL', 'NULL'].includes(type) ? scalar(raw, type, `new value of ${path}`) : toTyped(parseJson(raw), stored, path);
        update = new Update().set(path, avToJs(av));
      }
      const key = keyOf(editedItem(), state.keys);
      const after = await state.client.update(state.table, itemToJs(key), update, { condition: parseCondition($('condition').value), returnValues: 'ALL_NEW' });
      openItem(itemToAv(after));
      return true;
    });
    if (done) await afterWrite(refreshInfo);
  };

  $('new-item').onclick = () => openItem(null, Object.fromEntries(state.keys.map((k) => [k, { [state.keyTypes[k] || 'S']: state.keyTypes[k] === 'N' ? '0' : '' }])));
  for (const radio of document.querySelectorAll('input[name=format]')) radio.onchange = switchFormat;
  return remove;
}
