// Request JSON may not override how a value turns into text or a number: `{"toString": 0}` makes every
// `String()`/`Number()`/template literal on it throw, and a callable one cannot come from JSON anyway. Checked
// where request JSON is parsed, so no reader further on has to guard its conversions.

const conversionKey = /"(?:toString|valueOf)"\s*:/;

/**
 * Whether parsed request JSON holds an object key `toString` or `valueOf` at any depth. `text` is the JSON it
 * was parsed from: a key spelled with `\u` escapes is found by walking the value, anything else by one regex.
 *
 * @example overridesConversion('{"a":{"toString":1}}', JSON.parse('{"a":{"toString":1}}')) // true
 */
export function overridesConversion(text: string, value: unknown): boolean {
  if (conversionKey.test(text)) return true;
  return text.includes('\\u') && holdsConversionKey(value, 0);
}

function holdsConversionKey(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => holdsConversionKey(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (key === 'toString' || key === 'valueOf') return true;
    if (holdsConversionKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
