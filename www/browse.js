// Scan and query: key and filter values typed by the key schema and the
// attribute types seen (a string key "123" is sent as S), a filter builder
// joining conditions with AND/OR (AND binds tighter), and pages you can go
// back to (each page remembers the key it started from).
import { Condition } from '../adapter-wasm/pkg/web/rynamo_wasm.js';
import { $, state, el, act } from './ui.js';
import { scalar, typeOf } from './typed.js';
import { avToJs, itemToAv } from './marshal.js';
import { renderGrid } from './grid.js';

/** The type of an attribute: the schema's, else the one stored rows have, else `fallback`. */
export function attributeType(name, fallback = 'S') {
  if (state.keyTypes[name]) return state.keyTypes[name];
  const row = state.rows.find((r) => Object.hasOwn(r, name));
  return row ? typeOf(row[name]) : fallback;
}

function typed(text, typeSelect, name, what) {
  const chosen = $(typeSelect).value;
  const type = chosen === 'auto' ? attributeType(name) : chosen;
  return avToJs(scalar(text, type, what));
}

const FILTER_OPS = [['eq', '='], ['ne', '<>'], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>='], ['beginsWith', 'begins with'], ['contains', 'contains'], ['exists', 'exists'], ['notExists', 'not exists']];
const TYPES = [['auto', 'type: auto'], ['S', 'S'], ['N', 'N'], ['B', 'B'], ['BOOL', 'BOOL'], ['NULL', 'NULL']];

/** Adds one condition row to the filter builder. */
export function addFilterRow() {
  const box = $('filters');
  const n = box.children.length;
  const join = el('select', { className: 'filter-join', ariaLabel: `Join condition ${n + 1}` }, new Option('AND', 'and'), new Option('OR', 'or'));
  if (!n) join.hidden = true;
  const row = el('div', { className: 'row filter' },
    join,
    el('input', { className: 'filter-path', ariaLabel: `Filter attribute ${n + 1}`, placeholder: 'filter attribute (a.b[0])' }),
    el('select', { className: 'filter-op', ariaLabel: `Filter operator ${n + 1}` }, ...FILTER_OPS.map(([v, t]) => new Option(t, v))),
    el('input', { className: 'filter-value', ariaLabel: `Filter value ${n + 1}`, placeholder: 'value' }),
    el('select', { className: 'filter-type', ariaLabel: `Filter value type ${n + 1}` }, ...TYPES.map(([v, t]) => new Option(t, v))),
    el('button', { type: 'button', className: 'secondary', textContent: '✕', ariaLabel: `Remove condition ${n + 1}`, onclick: () => { row.remove(); box.firstElementChild?.querySelector('.filter-join')?.setAttribute('hidden', ''); } }));
  box.append(row);
}

function filterCondition() {
  const groups = [];
  for (const row of $('filters').children) {
    const path = row.querySelector('.filter-path').value.trim();
    if (!path) continue;
    const op = row.querySelector('.filter-op').value;
    const chosen = row.querySelector('.filter-type').value;
    const type = chosen === 'auto' ? attributeType(path.split(/[.[]/)[0]) : chosen;
    const c = op === 'exists' || op === 'notExists'
      ? Condition[op](path)
      : Condition[op](path, avToJs(scalar(row.querySelector('.filter-value').value, type, `filter value for ${path}`)));
    if (!groups.length || row.querySelector('.filter-join').value === 'or') groups.push([c]);
    else groups[groups.length - 1].push(c);
  }
  if (!groups.length) return undefined;
  return groups.map((g) => g.reduce((a, b) => a.and(b))).reduce((a, b) => a.or(b));
}

function request(startKey, pageSize) {
  const options = { pageSize };
  if ($('index').value) options.index = $('index').value;
  const filter = filterCondition();
  if (filter) options.filter = filter;
  if (startKey) options.startKey = startKey;
  if ($('mode').value !== 'query') return state.client.scan(state.table, options);
  const [hash, range] = $('index').value ? state.indexes[$('index').value] : state.keys;
  options.key = { [hash]: typed($('hash-value').value, 'hash-type', hash, `${hash} value`) };
  const op = $('range-op').value;
  if (op && range) {
    const value = (id) => typed($(id).value, 'range-type', range, `${range} value`);
    options.range = op === 'between' ? Condition.between(range, value('range-value'), value('range-value2')) : Condition[op](range, value('range-value'));
  }
  return state.client.query(state.table, options);
}

function pageSize() { return Number($('page-size').value) || 25; }

/** Every item of the current scan or query, page after page (for export and count). */
export async function* allItems() {
  for await (const page of request(undefined, 1000)) yield* page.items.map(itemToAv);
}

/** Items as DynamoDB JSON, 500 at a time with a pause between, so a big page never freezes the tab. */
async function convert(items) {
  const out = [];
  for (let i = 0; i < items.length; i += 500) {
    if (i) await new Promise((resolve) => setTimeout(resolve, 0));
    for (const item of items.slice(i, i + 500)) out.push(itemToAv(item));
  }
  return out;
}

function clearRows(text) {
  state.rows = [];
  renderGrid();
  $('page-info').textContent = text;
  $('next-page').disabled = true;
  $('prev-page').disabled = true;
}

/** Loads page `index` (0 = first) of the current scan or query. */
let loads = 0;

export async function loadPage(index) {
  const started = performance.now();
  const load = ++loads;
  let page;
  try {
    const pages = request(state.pageStarts[index], pageSize());
    const step = await pages.next();
    page = step.done ? { items: [] } : step.value;
  } catch (e) {
    if (load === loads) clearRows('request failed');
    throw e;
  }
  const fetched = performance.now();
  const rows = await convert(page.items);
  // A later load (another click) wins.
  if (load !== loads) return;
  state.rows = rows;
  const converted = performance.now();
  const learned = state.keys.filter((k) => !state.keyTypes[k] && state.rows[0]?.[k]);
  for (const k of learned) state.keyTypes[k] = typeOf(state.rows[0][k]);
  if (learned.length) document.dispatchEvent(new Event('keytypes'));
  state.pageIndex = index;
  state.pageStarts.length = index + 1;
  if (page.lastEvaluatedKey) state.pageStarts.push(page.lastEvaluatedKey);
  const size = pageSize();
  const from = index * size + 1;
  $('page-info').textContent = page.items.length
    ? `page ${index + 1} · items ${from}–${from + page.items.length - 1}${page.lastEvaluatedKey ? ' · more' : ''}`
    : `page ${index + 1} · no items`;
  $('next-page').disabled = !page.lastEvaluatedKey;
  $('prev-page').disabled = index === 0;
  renderGrid();
  const ms = (a, b) => Math.round(b - a);
  document.body.dataset.pageTimings = `request ${ms(started, fetched)} ms, to DynamoDB JSON ${ms(fetched, converted)} ms, render ${ms(converted, performance.now())} ms`;
}

/** Runs the browse form from its first page. */
export async function runBrowse(event) {
  event?.preventDefault();
  if (!state.table) return;
  state.pageStarts = [undefined];
  await act(() => loadPage(0));
}

/** Reloads the page on show (after a write). */
export const reloadPage = () => act(() => loadPage(state.pageIndex));

/** Counts the items the current scan or query matches, reading keys only. */
export async function countItems() {
  $('count').textContent = 'counting…';
  let n = 0;
  try {
    const options = { pageSize: 1000, projection: state.keys };
    if ($('mode').value === 'query' || filterCondition()) {
      for await (const page of request(undefined, 1000)) n += page.count;
    } else {
      for await (const page of state.client.scan(state.table, options)) n += page.count;
    }
  } catch (e) {
    $('count').textContent = 'count failed';
    throw e;
  }
  $('count').textContent = `${n} items counted at ${new Date().toLocaleTimeString()}`;
}
