// Items read back into plain JS values, by lib-dynamodb's rules and its
// `wrapNumbers` (appended to the wasm-bindgen glue by adapter-wasm/build.sh,
// before methods.js). The wasm hands every returned item over as its
// DynamoDB JSON text: JSON.parse and this walk cost the package far less
// than building each object, array, set and byte array through wasm calls.
// - wrapNumbers false (the default): every number is a JS `number`; a stored
//   number a `number` cannot hold exactly is a RangeError naming the
//   attribute, never a silently rounded value;
// - true: every number is a NumberValue (exact text);
// - a function: called with each number's text, its result is the value.

// `options[key]`, unless options is not an object or the value is null.
// A getter that throws reads as absent (as the options reader in the wasm).
const optionOf = (options, key) => {
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) return undefined;
  try {
    return options[key] ?? undefined;
  } catch {
    return undefined;
  }
};
// The number rule of unmarshallOptions: false, true or a function.
const wrapping = (unmarshallOptions) => {
  const wrap = optionOf(unmarshallOptions, 'wrapNumbers');
  return typeof wrap === 'function' ? wrap : wrap === true;
};
// A call's rule: its own unmarshallOptions, else the client's.
const wrappingFor = (client, options) => {
  const own = optionOf(options, 'unmarshallOptions');
  return wrapping(own === undefined ? client.__unmarshallOptions : own);
};

// Decimal text as sign, significant digits and the exponent of a leading
// point: the same for every text of one number ("1.50", "15e-1").
const decimal = (text) => {
  let [mantissa, exponent = '0'] = text.toLowerCase().split('e');
  const sign = mantissa[0] === '-' ? '-' : '';
  mantissa = mantissa.replace(/^[-+]/, '');
  const [whole, fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  return digits === '' ? '0' : `${sign}${digits}e${point}`;
};

function number(text, wrap, path) {
  if (wrap === true) return new NumberValue(text);
  let message;
  if (wrap) {
    try {
      return wrap(text);
    } catch (e) {
      message = typeof e?.message === 'string' ? e.message : 'wrapNumbers threw';
    }
  } else {
    const n = Number(text);
    if (decimal(String(n)) === decimal(text)) return n;
    message = `the stored number ${text} does not fit a JS number exactly (set unmarshallOptions.wrapNumbers)`;
  }
  throw new RangeError(`attribute \`${path}\`: ${message}`);
}

const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

// One attribute value ({ "S": "…" }, …) at `path` ("a.b[2]", for errors).
function attribute(value, wrap, path) {
  const [[tag, v]] = Object.entries(value);
  switch (tag) {
    case 'S': case 'BOOL': return v;
    case 'N': return number(v, wrap, path);
    case 'NULL': return null;
    case 'B': return bytes(v);
    case 'M': return map(v, wrap, path);
    case 'L': return v.map((e, i) => attribute(e, wrap, `${path}[${i}]`));
    case 'SS': return new Set(v);
    case 'NS': return new Set(v.map((n) => number(n, wrap, path)));
    case 'BS': return new Set(v.map(bytes));
  }
}

// Assignment, not defineProperty: a `__proto__` attribute sets the
// prototype, as it always has.
function map(item, wrap, path) {
  const object = {};
  for (const name of Object.keys(item)) {
    object[name] = attribute(item[name], wrap, path === '' ? name : `${path}.${name}`);
  }
  return object;
}

// An item's DynamoDB JSON text as a plain object; a number that breaks the
// rule is a RangeError naming its attribute ("attribute `a.b[2]`: …").
const unmarshal = (text, wrap) => map(JSON.parse(text), wrap, '');
const unmarshalOptional = (text, wrap) => (text === undefined ? undefined : unmarshal(text, wrap));

// The items a Rynamo error carries (`item`, `reasons[i].item`), read by the
// call's rule; one that does not read is left out.
function errorItems(error, wrap) {
  if (error?.__rynamoItems === true) {
    delete error.__rynamoItems;
    for (const holder of [error, ...(Array.isArray(error.reasons) ? error.reasons : [])]) {
      if (typeof holder.item !== 'string') continue;
      try {
        holder.item = unmarshal(holder.item, wrap);
      } catch {
        delete holder.item;
      }
    }
  }
  return error;
}

// DynamoDB JSON text as a plain item, with lib-dynamodb's unmarshallOptions.
function fromDynamoJson(text, options) {
  return unmarshal(__checkDynamoJson(text), wrapping(options));
}
