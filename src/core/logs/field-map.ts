// Where each LLM taxonomy field comes from in a record: the default source paths, a pack's
// overrides, and the extraction of field values (with their source paths, for `locate`).

import { LLM_FIELDS, type LlmField } from '../model';
import { compilePath, firstLeaf, isPlainObject, resolvePath, type CompiledPath } from './paths';
import { collectPrompt, collectResponse, collectSystem, findBody, sub, TextCollector, type Piece } from './shapes';

/** Dotted source paths per taxonomy field, tried in order (the pack config's `fieldMap`). */
export type FieldMap = Partial<Record<LlmField, readonly string[]>>;

/** `$shape`: the built-in body shapes; `$body.x`: path `x` inside the request body. */
export const SHAPE_SOURCE = '$shape';
export const BODY_PREFIX = '$body.';

/** The sources used for a field unless the field map names its own. */
export const DEFAULT_SOURCES: Readonly<Record<LlmField, readonly string[]>> = {
  prompt: [SHAPE_SOURCE],
  system: [SHAPE_SOURCE],
  response: [SHAPE_SOURCE],
  model: ['model', '$body.model', 'model_id', 'modelId', 'model_name', 'response.model', 'metadata.model'],
  account_id: [
    'account_id', 'accountId', 'account.id', 'user_id', 'userId', 'user.id', 'user', 'customer_id',
    'metadata.account_id', 'metadata.user_id', '$body.user', '$body.metadata.user_id', '$body.safety_identifier',
  ],
  org_id: [
    'org_id', 'orgId', 'organization_id', 'organizationId', 'organization.id', 'organization', 'org.id', 'org',
    'team_id', 'metadata.org_id', 'metadata.organization_id', 'headers.openai-organization',
    'request.headers.openai-organization',
  ],
  api_key_id: [
    'api_key_id', 'apiKeyId', 'key_id', 'keyId', 'api_key.id', 'api_key_hash', 'key_hash', 'hashed_api_key',
    'api_key', 'metadata.api_key_id',
  ],
  request_id: [
    'request_id', 'requestId', 'req_id', 'x_request_id', 'headers.x-request-id', 'request.headers.x-request-id',
    'metadata.request_id', 'response.id', 'id', 'trace_id',
  ],
  timestamp: [
    'timestamp', '@timestamp', 'time', 'ts', 'created_at', 'createdAt', 'request_time', 'start_time', 'startTime',
    'datetime', 'date', 'metadata.timestamp', 'response.created', 'created',
  ],
  ip: [
    'ip', 'client_ip', 'clientIp', 'ip_address', 'remote_addr', 'remote_ip', 'source_ip', 'src_ip', 'client.ip',
    'request.ip', 'request.client_ip', 'headers.x-forwarded-for', 'request.headers.x-forwarded-for', 'metadata.ip',
  ],
  user_agent: [
    'user_agent', 'userAgent', 'ua', 'http_user_agent', 'client.user_agent', 'headers.user-agent',
    'headers.User-Agent', 'request.headers.user-agent', 'request.headers.User-Agent', 'metadata.user_agent',
  ],
  payment_fingerprint: [
    'payment_fingerprint', 'paymentFingerprint', 'card_fingerprint', 'payment.fingerprint',
    'payment_method.fingerprint', 'billing.payment_fingerprint', 'billing.card_fingerprint',
    'metadata.payment_fingerprint',
  ],
};

/** Fields whose value is text assembled from every piece found, joined by "\n". */
const TEXT_FIELDS: ReadonlySet<LlmField> = new Set(['prompt', 'system', 'response']);

type Source = { kind: 'shape' } | { kind: 'path'; path: CompiledPath; inBody: boolean };

/** A field map compiled once per scan: every source path split and ready to walk. */
export interface FieldPlan {
  kind: 'field-plan';
  sources: Readonly<Record<LlmField, readonly Source[]>>;
}

/** Compiles a field map over the defaults; fields it does not name keep their default sources. */
export function compileFieldMap(fieldMap: FieldMap = {}): FieldPlan {
  const sources = {} as Record<LlmField, Source[]>;
  for (const field of LLM_FIELDS) {
    const texts = fieldMap[field] ?? DEFAULT_SOURCES[field];
    sources[field] = texts.flatMap((text): Source[] => {
      if (text === SHAPE_SOURCE) return TEXT_FIELDS.has(field) ? [{ kind: 'shape' }] : [];
      const inBody = text.startsWith(BODY_PREFIX);
      const path = compilePath(inBody ? text.slice(BODY_PREFIX.length) : text);
      return path.segments.length > 0 ? [{ kind: 'path', path, inBody }] : [];
    });
  }
  return { kind: 'field-plan', sources };
}

/** What a field's value was read from: text pieces with paths, or one scalar leaf. */
export interface FieldSource {
  value: string;
  pieces: Piece[];
  /** The JSON value the field came from, before conversion to a string (timestamps use it). */
  leaf: unknown;
}

/** The context the sources of one record are read in: the record and its request body. */
export interface RecordView {
  root: Record<string, unknown>;
  body: Record<string, unknown>;
  bodyPath: readonly string[];
}

/** Finds the request body of a record once, for every field read from it. */
export function viewRecord(root: Record<string, unknown>): RecordView {
  const { body, path } = findBody(root);
  return { root, body, bodyPath: path };
}

/**
 * Reads one field. Text fields join every string the first successful source yields; other
 * fields take the first non-empty string, number or boolean. `withPaths` fills `pieces`.
 */
export function readField(view: RecordView, plan: FieldPlan, field: LlmField, withPaths: boolean): FieldSource | undefined {
  const isText = TEXT_FIELDS.has(field);
  const bodyPath = withPaths ? [...view.bodyPath] : undefined;
  for (const source of plan.sources[field]) {
    if (source.kind === 'shape') {
      const out = new TextCollector(withPaths);
      if (field === 'prompt') collectPrompt(view.body, bodyPath, out);
      else if (field === 'system') collectSystem(view.body, bodyPath, out);
      else collectResponse(view.root, withPaths ? [] : undefined, view.body, bodyPath, out);
      const value = out.value;
      if (value !== undefined) return { value, pieces: out.pieces ?? [], leaf: value };
      continue;
    }
    const from = source.inBody ? view.body : view.root;
    if (!isText && !withPaths) {
      // The common case, a plain key that is missing or holds a scalar, allocates nothing.
      const leaf = firstLeaf(from, source.path);
      if (leaf === undefined) continue;
      if (isUsable(leaf, false)) return { value: String(leaf), pieces: [], leaf };
    }
    const out = new TextCollector(withPaths);
    const prefix = withPaths ? (source.inBody ? bodyPath : []) : undefined;
    const found = readLeaves(from, source.path, isText, prefix, out);
    if (found !== undefined) return { value: out.value ?? '', pieces: out.pieces ?? [], leaf: found };
  }
  return undefined;
}

/** Reads leaves of `path`; returns the first leaf used, or undefined when none qualifies. */
function readLeaves(
  from: unknown,
  path: CompiledPath,
  isText: boolean,
  prefix: (string | number)[] | undefined,
  out: TextCollector,
): unknown {
  let first: unknown;
  for (const leaf of resolvePath(from, path, prefix !== undefined)) {
    const at = prefix && [...prefix, ...leaf.path];
    const { value } = leaf;
    if (isUsable(value, isText)) out.add(String(value), at);
    else if (isText && isPlainObject(value) && typeof value.text === 'string') out.add(value.text, sub(at, 'text'));
    else continue;
    if (first === undefined) first = value;
    if (!isText) break;
  }
  return first;
}

/** Strings (non-empty, unless they are text), finite numbers and booleans make field values. */
function isUsable(value: unknown, isText: boolean): value is string | number | boolean {
  if (typeof value === 'string') return isText || value.length > 0;
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}
