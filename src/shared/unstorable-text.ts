/**
 * Text that Postgres cannot store or that is not text at all: the NUL character (Postgres refuses
 * it in text columns) and unpaired UTF-16 surrogates (half a character, which no encoding can
 * write). Found anywhere in a call's input, it is refused before any procedure reads it.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A field name shown in a sentence is cut here (the name is the caller's, it can be anything). */
const MAX_SHOWN_KEY = 40;
/** So is a path: the first few steps say where to look. */
const MAX_SHOWN_STEPS = 8;

/** What is wrong with the text, as a noun ("the NUL character"), or null. */
function unstorablePart(text: string): string | null {
  if (text.includes("\u0000")) return "the NUL character";
  if (LONE_SURROGATE.test(text)) return "half a character (an unpaired UTF-16 surrogate)";
  return null;
}

/** A place in the input, as a chain back to the top (no copying per level: the depth is the caller's). */
type Place = { key: string | number; parent: Place } | null;

function describePlace(place: Place): string {
  const keys: (string | number)[] = [];
  for (let at = place; at; at = at.parent) keys.push(at.key);
  keys.reverse();
  const shown = keys.slice(0, MAX_SHOWN_STEPS).map((key) => (typeof key === "string" && key.length > MAX_SHOWN_KEY ? `${key.slice(0, MAX_SHOWN_KEY)}…` : key));
  return shown.join(".") + (keys.length > MAX_SHOWN_STEPS ? ".…" : "");
}

/** "text: must not …", or "The input must not …" for the input itself. */
function sentence(place: Place, problem: string): string {
  return place ? `${describePlace(place)}: ${problem}` : `The input ${problem}.`;
}

/**
 * The first unstorable string in `input` (values and object keys, however deep), as a sentence
 * that names where it is ("text: must not contain the NUL character"), or null when there is none.
 */
export function findUnstorableText(input: unknown): string | null {
  // An explicit stack, not recursion: the input's depth is the caller's choice.
  const stack: { value: unknown; place: Place }[] = [{ value: input, place: null }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, place } = stack.pop()!;
    if (typeof value === "string") {
      const part = unstorablePart(value);
      if (part) return sentence(place, `must not contain ${part}`);
      continue;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    // superjson gives Maps and Sets as well as plain objects and arrays.
    const entries: [unknown, unknown][] =
      value instanceof Map ? [...value.entries()] : value instanceof Set ? [...value].map((item, i) => [i, item]) : Object.entries(value);
    for (const [key, item] of entries.reverse()) {
      if (typeof key === "string") {
        const part = unstorablePart(key);
        if (part) return sentence(place, `must not have a field name containing ${part}`);
      } else {
        stack.push({ value: key, place }); // a Map's key can be any value
      }
      stack.push({ value: item, place: { key: typeof key === "string" || typeof key === "number" ? key : "…", parent: place } });
    }
  }
  return null;
}
