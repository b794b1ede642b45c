// The Rynamo workbench: look at and edit DynamoDB tables from the browser,
// on rynamo-wasm's JS API. Every action shows the exact requests it sent.
import init, { Client, Condition, Update, toDynamoJson, fromDynamoJson } from '../adapter-wasm/pkg/web/rynamo_wasm.js';

const $ = (id) => document.getElementById(id);
const state = { client: null, table: null, keys: [], pages: null, rows: [], sort: null, item: null };
const STORE = 'rynamo-workbench-connection';

function showError(e) {
  const box = $('error');
  if (!e) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.textContent = `${e.name || 'Error'}: ${e.message || e}`;
}

function logRequests() {
  if (!state.client) return;
  const sent = state.client.takeRequests();
  // A refresh after a write keeps the write's requests on show.
  if (!sent.length || state.quiet) return;
  const text = sent.map((r) => `${r.action}\n${JSON.stringify(JSON.parse(r.body), null, 2)}`).join('\n\n');
  $('requests').textContent = text;
}

async function act(work) {
  showError(null);
  try {
    return await work();
  } catch (e) {
    showError(e);
    return undefined;
  } finally {
    logRequests();
  }
}

// Plain-JSON view of a stored value (sets as arrays, bytes as base64, exact numbers as text).
function plain(v) {
  if (v instanceof Set) return [...v].map(plain);
  if (v instanceof Uint8Array) return btoa(String.fromCharCode(...v));
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && '__rynamoNumber' in v) return v.value;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function parseValue(text, type) {
  if (type === 'N') return Number(text);
  if (type === 'S') return text;
  try { return JSON.parse(text); } catch { return text; }
}

function parseCondition(text) {
  text = text.trim();
  if (!text) return undefined;
  let m = text.match(/^attribute_(not_)?exists\((.+)\)$/);
  if (m) return m[1] ? Condition.notExists(m[2].trim()) : Condition.exists(m[2].trim());
  m = text.match(/^(.+?)\s*(<>|<=|>=|=|<|>)\s*(.+)$/);
  if (!m) throw new TypeError(`cannot read condition "${text}"`);
  const op = { '=': 'eq', '<>': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[m[2]];
  return Condition[op](m[1].trim(), parseValue(m[3].trim()));
}

async function connect(event) {
  event?.preventDefault();
  const config = {
    endpoint: $('endpoint').value.trim(),
    region: $('region').value.trim(),
    credentials: { accessKeyId: $('access-key').value, secretAccessKey: $('secret-key').value },
  };
  // Credentials stay in memory unless the user opts to remember them.
  if ($('remember').checked) localStorage.setItem(STORE, JSON.stringify(config));
  else localStorage.removeItem(STORE);
  await act(async () => {
    state.client = new Client(config);
    await refreshTables();
    $('status').textContent = `connected to ${config.endpoint}`;
  });
}

async function refreshTables() {
  const names = await state.client.listTables();
  const list = $('tables');
  list.replaceChildren(...names.map((name) => {
    const li = document.createElement('li');
    if (name === state.table) li.className = 'selected';
    const open = document.createElement('button');
    open.className = 'table';
    open.textContent = name;
    open.onclick = () => selectTable(name);
    const drop = document.createElement('button');
    drop.className = 'danger';
    drop.textContent = '✕';
    drop.title = `Delete table ${name}`;
    drop.setAttribute('aria-label', `Delete table ${name}`);
    drop.onclick = () => deleteTable(name);
    li.append(open, drop);
    return li;
  }));
}

async function selectTable(name) {
  await act(async () => {
    const d = await state.client.describeTable(name);
    state.table = name;
    state.keys = d.keySchema.map((k) => k.name);
    state.indexes = Object.fromEntries(d.indexes.map((i) => [i.name, i.keySchema.map((k) => k.name)]));
    $('index').replaceChildren(new Option('table', ''), ...d.indexes.map((i) => new Option(`${i.global ? 'GSI' : 'LSI'} ${i.name}`, i.name)));
    $('table-info').innerHTML = '';
    const h = document.createElement('h2');
    h.textContent = name;
    const p = document.createElement('p');
    const keys = (schema) => schema.map((k) => `${k.name} (${k.hash ? 'hash' : 'range'})`).join(', ');
    p.textContent = `status ${d.status} · ~${d.itemCount} items · keys: ${keys(d.keySchema)}`
      + d.indexes.map((i) => ` · ${i.global ? 'GSI' : 'LSI'} ${i.name}: ${keys(i.keySchema)}`).join('');
    $('table-info').append(h, p);
    await refreshTables();
  });
  await runBrowse();
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
  const options = { hashKey: { name: $('new-hash').value.trim(), type: $('new-hash-type').value } };
  if ($('new-range').value.trim()) options.rangeKey = { name: $('new-range').value.trim(), type: $('new-range-type').value };
  if ($('new-gsi').value.trim()) {
    options.indexes = [{ name: $('new-gsi').value.trim(), global: true, hashKey: { name: $('new-gsi-hash').value.trim(), type: 'S' } }];
  }
  const name = $('new-name').value.trim();
  await act(async () => {
    await state.client.createTable(name, options);
    await refreshTables();
  });
  await selectTable(name);
}

function browseOptions() {
  const options = { pageSize: Number($('page-size').value) || 25 };
  if ($('index').value) options.index = $('index').value;
  const path = $('filter-path').value.trim();
  if (path) {
    const op = $('filter-op').value;
    options.filter = op === 'exists' || op === 'notExists' ? Condition[op](path) : Condition[op](path, parseValue($('filter-value').value));
  }
  return options;
}

async function runBrowse(event) {
  event?.preventDefault();
  if (!state.table) return;
  await act(async () => {
    const options = browseOptions();
    if ($('mode').value === 'query') {
      const [hash, range] = $('index').value ? state.indexes[$('index').value] : state.keys;
      options.key = { [hash]: parseValue($('hash-value').value) };
      const op = $('range-op').value;
      if (op && range) {
        options.range = op === 'between'
          ? Condition.between(range, parseValue($('range-value').value), parseValue($('range-value2').value))
          : Condition[op](range, parseValue($('range-value').value));
      }
      state.pages = state.client.query(state.table, options);
    } else {
      state.pages = state.client.scan(state.table, options);
    }
    await nextPage();
  });
}

async function nextPage() {
  const step = await state.pages.next();
  const page = step.done ? { items: [] } : step.value;
  state.rows = page.items;
  $('next-page').disabled = step.done || !page.lastEvaluatedKey;
  $('page-info').textContent = `${page.items.length} items${page.lastEvaluatedKey ? ' · more' : ''}`;
  renderRows();
}

function renderRows() {
  const columns = [...new Set([...state.keys, ...state.rows.flatMap((r) => Object.keys(r))])];
  const rows = [...state.rows];
  if (state.sort) {
    const { column, dir } = state.sort;
    rows.sort((a, b) => (JSON.stringify(plain(a[column])) > JSON.stringify(plain(b[column])) ? dir : -dir));
  }
  const head = document.createElement('tr');
  head.append(...columns.map((c) => {
    const th = document.createElement('th');
    th.textContent = c + (state.sort?.column === c ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '');
    th.onclick = () => { state.sort = { column: c, dir: state.sort?.column === c ? -state.sort.dir : 1 }; renderRows(); };
    return th;
  }));
  $('items').tHead.replaceChildren(head);
  $('items').tBodies[0].replaceChildren(...rows.map((item) => {
    const tr = document.createElement('tr');
    tr.append(...columns.map((c) => {
      const td = document.createElement('td');
      const v = plain(item[c]);
      if (v !== null && typeof v === 'object') {
        const code = document.createElement('code');
        code.textContent = JSON.stringify(v);
        td.append(code);
      } else {
        td.textContent = v === undefined ? '' : String(v);
      }
      td.title = td.textContent;
      return td;
    }));
    tr.onclick = () => openItem(item);
    return tr;
  }));
}

function openItem(item) {
  state.item = item;
  const dynamo = document.querySelector('input[name=format]:checked').value === 'dynamo';
  $('item-json').value = dynamo ? JSON.stringify(JSON.parse(toDynamoJson(item)), null, 2) : JSON.stringify(plain(item), null, 2);
}

function editedItem() {
  const text = $('item-json').value;
  const dynamo = document.querySelector('input[name=format]:checked').value === 'dynamo';
  return dynamo ? fromDynamoJson(text) : JSON.parse(text);
}

function keyOf(item) {
  return Object.fromEntries(state.keys.map((k) => [k, item[k]]));
}

async function putItem(event) {
  event.preventDefault();
  await act(async () => {
    const item = editedItem();
    await state.client.put(state.table, item, { condition: parseCondition($('condition').value) });
    state.item = item;
  });
  await refreshRowsQuietly();
}

async function deleteItem() {
  await act(async () => {
    await state.client.delete(state.table, keyOf(editedItem()), { condition: parseCondition($('condition').value) });
  });
  await refreshRowsQuietly();
}

async function updateItem() {
  await act(async () => {
    const path = $('update-path').value.trim();
    const raw = $('update-value').value;
    const update = raw === '' ? new Update().remove(path) : new Update().set(path, parseValue(raw));
    const after = await state.client.update(state.table, keyOf(editedItem()), update, { condition: parseCondition($('condition').value), returnValues: 'ALL_NEW' });
    openItem(after);
  });
  await refreshRowsQuietly();
}

async function refreshRowsQuietly() {
  if (!$('error').hidden) return;
  state.quiet = true;
  try {
    await runBrowse();
  } finally {
    state.quiet = false;
  }
}

await init();
const remembered = JSON.parse(localStorage.getItem(STORE) || 'null');
const defaults = await fetch('/config.json').then((r) => r.json()).catch(() => ({}));
$('endpoint').value = remembered?.endpoint || defaults.endpoint || 'http://127.0.0.1:8000';
if (remembered) {
  $('region').value = remembered.region;
  $('access-key').value = remembered.credentials.accessKeyId;
  $('secret-key').value = remembered.credentials.secretAccessKey;
  $('remember').checked = true;
}
$('connect').onsubmit = connect;
$('refresh').onclick = () => act(refreshTables);
$('create-form').onsubmit = createTable;
$('browse').onsubmit = runBrowse;
$('next-page').onclick = () => act(nextPage);
$('editor').onsubmit = putItem;
$('delete').onclick = deleteItem;
$('update').onclick = updateItem;
$('new-item').onclick = () => { state.item = null; $('item-json').value = JSON.stringify(Object.fromEntries(state.keys.map((k) => [k, ''])), null, 2); };
for (const radio of document.querySelectorAll('input[name=format]')) radio.onchange = () => state.item && openItem(state.item);
document.body.dataset.ready = 'true';
