// Shared page state and the one way every action runs: errors shown in the
// alert box, the requests it sent shown in the request panel.
export const $ = (id) => document.getElementById(id);

export const state = {
  client: null,
  table: null,
  keys: [], // key attribute names, hash first
  keyTypes: {}, // attribute name -> "S" | "N" | "B", from the schema, created tables or stored rows
  indexes: {}, // index name -> key attribute names
  rows: [], // the current page, as DynamoDB JSON items
  pageStarts: [undefined], // ExclusiveStartKey of each page seen
  pageIndex: 0,
  sortByTable: {}, // table -> { column, dir }
  item: null, // the stored item open in the editor (DynamoDB JSON), null for a new one
  undo: null, // { label, run } for the last put or delete
  quiet: false,
};

export function showError(e) {
  const box = $('error');
  if (!e) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.textContent = `${e.name || 'Error'}: ${e.message || e}`;
}

let capacitySeen = 0;

export function logRequests() {
  if (!state.client) return;
  const sent = state.client.takeRequests();
  // Capacity units consumed, where the package reports them.
  const total = state.client.consumedCapacity;
  if (typeof total === 'number' && total !== capacitySeen && !state.quiet) {
    $('capacity').textContent = `${+(total - capacitySeen).toFixed(2)} capacity units for this action · ${+total.toFixed(2)} this session`;
    capacitySeen = total;
  }
  // A refresh after a write keeps the write's requests on show.
  if (!sent.length || state.quiet) return;
  const text = sent.map((r) => `${r.action}\n${JSON.stringify(JSON.parse(r.body), null, 2)}`).join('\n\n');
  $('requests').textContent = text;
}

/** A new client starts its own capacity count. */
export function resetCapacity() { capacitySeen = 0; $('capacity').textContent = ''; }

/** Runs an action: resolves to its result, or shows its error and resolves to `undefined`. */
export async function act(work) {
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

/** A small element: `el('td', { className: 'x' }, child, …)`. */
export function el(tag, props = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}
