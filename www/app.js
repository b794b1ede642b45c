// The Rynamo workbench: look at and edit DynamoDB tables from the browser,
// on rynamo-wasm's JS API. Every action shows the exact requests it sent.
// Items are held as DynamoDB JSON throughout (typed.js), so what is shown
// and written keeps each attribute's type and every digit.
import init, { Client } from '../adapter-wasm/pkg/web/rynamo_wasm.js';
import { $, state, act, el, showError, resetCapacity } from './ui.js';
import { initGrid, renderGrid, setRowHandlers, viewRows } from './grid.js';
import { runBrowse, loadPage, addFilterRow, countItems, allItems } from './browse.js';
import { initEditor, openItem } from './editor.js';
import { readSaved, sessionSecret, unseal, keep, storedDescription } from './credentials.js';
import { exportText, importText } from './transfer.js';
import { itemToJs } from './marshal.js';

async function connect(event) {
  event?.preventDefault();
  const config = {
    endpoint: $('endpoint').value.trim(),
    region: $('region').value.trim(),
    credentials: { accessKeyId: $('access-key').value, secretAccessKey: $('secret-key').value },
    // The request panel shows what was sent; numbers are read back exactly
    // (as NumberValue; the package today already reads them exactly by default).
    recordRequests: 200,
    unmarshallOptions: { wrapNumbers: true },
    returnConsumedCapacity: true,
  };
  if ($('session-token').value) config.credentials.sessionToken = $('session-token').value;
  await act(async () => {
    await keep(config, $('remember').value, $('passphrase').value);
    $('stored').textContent = storedDescription();
    state.client = new Client(config);
    resetCapacity();
    await refreshTables();
    $('status').textContent = `connected to ${config.endpoint}`;
  });
}

async function refreshTables() {
  state.tableNames = await state.client.listTables();
  renderTables();
}

function renderTables() {
  const find = $('table-filter').value.trim().toLowerCase();
  const names = state.tableNames.filter((name) => name.toLowerCase().includes(find));
  $('tables').replaceChildren(...names.map((name) => el('li', { className: name === state.table ? 'selected' : '' },
    el('button', { className: 'table', textContent: name, onclick: () => selectTable(name) }),
    el('button', { className: 'danger', textContent: '✕', title: `Delete table ${name}`, ariaLabel: `Delete table ${name}`, onclick: () => deleteTable(name) }))));
}

const keysText = (schema) => schema.map((k) => `${k.name} (${k.hash ? 'hash' : 'range'}${state.keyTypes[k.name] ? `, ${state.keyTypes[k.name]}` : ''})`).join(', ');

/** Capacity as DynamoDB reports it: "provisioned 5 RCU / 5 WCU" or "on-demand". */
const capacityText = (c) => (c ? `provisioned ${c.read} RCU / ${c.write} WCU` : 'on-demand');

/** The table's facts line: status, DynamoDB's item estimate, keys with their types, capacity, indexes, TTL. */
function renderFacts() {
  const d = state.description;
  const facts = [`status ${d.status}`, `~${d.itemCount} items (DynamoDB's estimate)`, `keys: ${keysText(d.keySchema)}`];
  for (const i of d.indexes) {
    // A GSI has its own capacity when provisioned; an LSI shares the table's.
    const own = i.global && i.provisioned ? ` (${capacityText(i.provisioned)})` : '';
    facts.push(`${i.global ? 'GSI' : 'LSI'} ${i.name}: ${keysText(i.keySchema)}${own}`);
  }
  facts.push(capacityText(d.provisioned));
  if (state.ttl) facts.push(state.ttl.attribute ? `TTL ${state.ttl.status} on ${state.ttl.attribute}` : `TTL ${state.ttl.status}`);
  $('table-facts').textContent = facts.join(' · ');
}

// Key types learnt from stored rows (for an attribute the definitions lack) join the schema shown.
document.addEventListener('keytypes', () => { if (state.description && $('table-facts')) renderFacts(); });

async function describe() {
  const d = await state.client.describeTable(state.table);
  state.keys = d.keySchema.map((k) => k.name);
  state.indexes = Object.fromEntries(d.indexes.map((i) => [i.name, i.keySchema.map((k) => k.name)]));
  state.description = d;
  // The attribute definitions type every key, so an empty table's keys are typed without rows.
  state.keyTypes = { ...state.keyTypes, ...d.attributeTypes };
  // Time to live, where the package can describe it.
  state.ttl = state.client.describeTimeToLive ? await state.client.describeTimeToLive(state.table) : null;
  $('table-info').replaceChildren(
    el('h2', { textContent: d.name }),
    el('p', { id: 'table-facts' }),
    el('p', {}, el('button', { type: 'button', id: 'count-button', className: 'secondary', textContent: 'Count items', onclick: () => act(countItems) }), ' ', el('span', { id: 'count', className: 'muted', role: 'status' })),
  );
  renderFacts();
  return d;
}

async function selectTable(name) {
  const ok = await act(async () => {
    if (state.table !== name) {
      state.table = name;
      state.keyTypes = { ...(state.created[name] || {}) };
      state.rows = [];
      state.pageStarts = [undefined];
    }
    const d = await describe();
    $('index').replaceChildren(new Option('table', ''), ...d.indexes.map((i) => new Option(`${i.global ? 'GSI' : 'LSI'} ${i.name}`, i.name)));
    await refreshTables();
    return true;
  });
  if (ok) await runBrowse();
  else { state.rows = []; renderGrid(); }
}

async function deleteTable(name) {
  if (!confirm(`Delete table ${name} and all its items?`)) return;
  await act(async () => {
    await state.client.deleteTable(name);
    if (state.table === name) state.table = null;
    await refreshTables();
  });
}

async function createTable(event) {
  event.preventDefault();
  const key = (name, type) => ({ name: $(name).value.trim(), type: $(type).value });
  const options = { hashKey: key('new-hash', 'new-hash-type') };
  if ($('new-range').value.trim()) options.rangeKey = key('new-range', 'new-range-type');
  if ($('new-gsi').value.trim()) {
    const index = { name: $('new-gsi').value.trim(), global: true, hashKey: key('new-gsi-hash', 'new-gsi-hash-type') };
    if ($('new-gsi-range').value.trim()) index.rangeKey = key('new-gsi-range', 'new-gsi-range-type');
    options.indexes = [index];
  }
  if ($('new-billing').value === 'provisioned') options.billing = { read: Number($('new-read').value), write: Number($('new-write').value) };
  const name = $('new-name').value.trim();
  const types = {};
  for (const k of [options.hashKey, options.rangeKey, ...(options.indexes || []).flatMap((i) => [i.hashKey, i.rangeKey])]) if (k) types[k.name] = k.type;
  const ok = await act(async () => {
    await state.client.createTable(name, options);
    state.created[name] = types;
    return true;
  });
  if (ok) await selectTable(name);
}

function download(text, name, type) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function exportResults() {
  await act(async () => {
    const items = [];
    for await (const item of allItems()) items.push(item);
    const format = $('transfer-format').value;
    const [ext, type] = { dynamo: ['jsonl', 'application/x-ndjson'], plain: ['json', 'application/json'], csv: ['csv', 'text/csv'] }[format];
    download(exportText(items, format), `${state.table}.${ext}`, type);
    $('transfer-info').textContent = `exported ${items.length} items`;
  });
}

async function importFile() {
  const file = $('import').files[0];
  if (!file || !state.table) return;
  const ok = await act(async () => {
    const items = importText(await file.text(), $('transfer-format').value);
    await state.client.batchWrite(state.table, { puts: items.map(itemToJs) });
    $('transfer-info').textContent = `imported ${items.length} items from ${file.name}`;
    return true;
  });
  $('import').value = '';
  if (ok) { await act(describe); await act(() => loadPage(state.pageIndex)); }
}

await init();
state.created = {};
const saved = readSaved();
const secret = sessionSecret();
const defaults = await fetch('config.json').then((r) => r.json()).catch(() => ({}));
$('endpoint').value = saved?.endpoint || defaults.endpoint || 'http://127.0.0.1:8000';
if (saved) {
  $('region').value = saved.region;
  $('access-key').value = saved.accessKeyId;
  $('remember').value = saved.sealed ? 'device' : 'session';
}
if (secret) {
  $('secret-key').value = secret.secretAccessKey;
  $('session-token').value = secret.sessionToken || '';
} else if (saved?.sealed) {
  $('secret-key').value = '';
  $('secret-key').placeholder = 'stored, encrypted: enter the passphrase';
  $('secret-key').required = false;
}
$('passphrase').hidden = $('remember').value !== 'device';
$('remember').onchange = () => { $('passphrase').hidden = $('remember').value !== 'device'; };
$('stored').textContent = storedDescription();
$('connect').onsubmit = async (event) => {
  event.preventDefault();
  if (!$('secret-key').value && saved?.sealed) {
    const opened = await act(() => unseal($('passphrase').value));
    if (!opened) return;
    $('secret-key').value = opened.secretAccessKey;
    $('session-token').value = opened.sessionToken || '';
  }
  await connect();
};
$('refresh').onclick = () => act(refreshTables);
$('table-filter').oninput = () => state.tableNames && renderTables();
$('create-form').onsubmit = createTable;
$('browse').onsubmit = runBrowse;
$('next-page').onclick = () => act(() => loadPage(state.pageIndex + 1));
$('prev-page').onclick = () => act(() => loadPage(state.pageIndex - 1));
$('add-filter').onclick = addFilterRow;
$('export').onclick = exportResults;
$('import').onchange = importFile;
addFilterRow();
initGrid();
const remove = initEditor(() => act(describe));
setRowHandlers({ open: (item) => openItem(item), remove });
window.workbench = { state, viewRows, showError };
document.body.dataset.ready = 'true';
