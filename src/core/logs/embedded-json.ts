// Gateways often log a request or response body as a JSON string inside the record. This
// decodes such strings in place, so rules and shapes see the body as an object.

import { isPlainObject, ownValue } from './paths';
import { BODY_KEYS } from './shapes';

type Json = Record<string, unknown>;

const WRAPPER_KEYS = [...BODY_KEYS, 'body'];
const isBodyLike = (value: unknown): boolean => isPlainObject(value) && WRAPPER_KEYS.some((k) => Object.hasOwn(value, k));
// Strict on purpose: a model answer that is JSON text (`{"content": "…"}`) must stay text.
const isResponseLike = (value: unknown): boolean =>
  isPlainObject(value) &&
  (['choices', 'content', 'output', 'candidates'].some((k) => Array.isArray(value[k])) ||
    isPlainObject(value.body) ||
    (typeof value.id === 'string' && (typeof value.completion === 'string' || typeof value.output_text === 'string')));

/** Keys that gateways fill with a JSON string, and what the decoded value must look like. */
const EMBEDDED_JSON: readonly { path: readonly string[]; accepts: (value: unknown) => boolean }[] = [
  { path: ['request'], accepts: isBodyLike },
  { path: ['body'], accepts: isBodyLike },
  { path: ['payload'], accepts: isBodyLike },
  { path: ['request_body'], accepts: isBodyLike },
  { path: ['request', 'body'], accepts: isBodyLike },
  { path: ['request', 'payload'], accepts: isBodyLike },
  { path: ['response'], accepts: isResponseLike },
  { path: ['response_body'], accepts: isResponseLike },
  { path: ['response', 'body'], accepts: isResponseLike },
  { path: ['metadata'], accepts: isPlainObject },
];

/** CSV cells are always strings: also decode message lists and headers written as JSON. */
const EMBEDDED_JSON_CSV = [
  ...EMBEDDED_JSON,
  { path: ['messages'], accepts: Array.isArray },
  { path: ['input'], accepts: (value: unknown) => Array.isArray(value) && value.some(isPlainObject) },
  { path: ['headers'], accepts: isPlainObject },
];

/**
 * Replaces, in place, wrapper values logged as a JSON string (`"body": "{\"messages\": …}"`) by
 * the decoded value, when it has the expected shape; so `raw.body.messages` works and a model
 * answer that merely is JSON text stays a string. `locate` decodes such strings on its way.
 */
export function expandEmbeddedJson(root: Json, isCsv: boolean): void {
  for (const { path, accepts } of isCsv ? EMBEDDED_JSON_CSV : EMBEDDED_JSON) {
    let parent: unknown = root;
    for (let i = 0; i < path.length - 1; i++) parent = isPlainObject(parent) ? ownValue(parent, path[i] as string) : undefined;
    if (!isPlainObject(parent)) continue;
    const key = path[path.length - 1] as string;
    const value = ownValue(parent, key);
    if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) continue;
    try {
      const decoded: unknown = JSON.parse(value);
      if (accepts(decoded)) parent[key] = decoded;
    } catch {
      // Not JSON after all: the value stays the string it was.
    }
  }
}
