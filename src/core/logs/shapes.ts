// Request and response bodies as LLM APIs and gateways log them → prompt, system and response
// text: OpenAI chat completions and Responses, Anthropic Messages, Gemini, flat prompt/completion.

import type { PathSegment } from './json-spans';
import { isPlainObject, ownValue } from './paths';

type Json = Record<string, unknown>;
type Path = PathSegment[] | undefined;

/** Where a piece of an assembled field came from, and where it sits in the field's value. */
export interface Piece {
  path: PathSegment[];
  /** Offset of the piece in the assembled value; pieces are joined by "\n". */
  start: number;
  length: number;
}

/** Collects text pieces into one value; records their paths only when asked (for `locate`). */
export class TextCollector {
  readonly parts: string[] = [];
  readonly pieces: Piece[] | undefined;
  private length = -1;

  constructor(withPaths: boolean) {
    this.pieces = withPaths ? [] : undefined;
  }

  add(text: string, path: Path): void {
    const start = this.length + 1;
    this.parts.push(text);
    this.length = start + text.length;
    if (this.pieces && path) this.pieces.push({ path, start, length: text.length });
  }

  get value(): string | undefined {
    if (this.parts.length === 0) return undefined;
    return this.parts.length === 1 ? this.parts[0] : this.parts.join('\n');
  }
}

/** Appends `key` to a path being recorded; stays undefined when paths are not recorded. */
export function sub(path: Path, ...keys: PathSegment[]): Path {
  return path && [...path, ...keys];
}

const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text']);
const BODY_PATHS: readonly (readonly string[])[] = [['request', 'body'], ['request'], ['body'], ['payload'], ['request_body']];
/** Keys that mark an object as a request body. */
export const BODY_KEYS = ['messages', 'input', 'prompt', 'contents', 'instructions', 'system'];
const SYSTEM_ROLES = new Set(['system', 'developer']);

/** The request body: the first wrapper that holds a known body key, or the record itself. */
export function findBody(root: Json): { body: Json; path: readonly string[] } {
  for (const path of BODY_PATHS) {
    let value: unknown = root;
    for (const key of path) value = isPlainObject(value) ? ownValue(value, key) : undefined;
    if (isPlainObject(value) && BODY_KEYS.some((key) => Object.hasOwn(value, key))) return { body: value, path };
  }
  return { body: root, path: [] };
}

/** Adds the text of a message `content`: a string, or parts of type text/input_text/output_text. */
function addContent(content: unknown, path: Path, out: TextCollector): void {
  if (typeof content === 'string') {
    out.add(content, path);
  } else if (Array.isArray(content)) {
    for (let i = 0; i < content.length; i++) addPart(content[i], sub(path, i), out);
  }
}

function addPart(part: unknown, path: Path, out: TextCollector): void {
  if (typeof part === 'string') {
    out.add(part, path);
  } else if (isPlainObject(part) && typeof part.text === 'string') {
    if (part.type === undefined || TEXT_PART_TYPES.has(part.type as string)) out.add(part.text, sub(path, 'text'));
  }
}

type RoleFilter = (role: string | undefined) => boolean;

/** Adds the content of each message whose role passes `wanted` (undefined when it has none). */
function addMessages(messages: unknown[], path: Path, wanted: RoleFilter, out: TextCollector): void {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (typeof message === 'string' && wanted(undefined)) {
      out.add(message, sub(path, i));
    } else if (isPlainObject(message)) {
      if (!wanted(typeof message.role === 'string' ? message.role : undefined)) continue;
      if (Object.hasOwn(message, 'content')) addContent(message.content, sub(path, i, 'content'), out);
      else if (Array.isArray(message.parts)) addContent(message.parts, sub(path, i, 'parts'), out);
      else if (message.type !== undefined) addPart(message, sub(path, i), out);
    }
  }
}

// Messages without a role are user turns in a request and model output in a response.
const isUser: RoleFilter = (role) => role === 'user' || role === undefined;
const isSystem: RoleFilter = (role) => role !== undefined && SYSTEM_ROLES.has(role);
const isModelTurn: RoleFilter = (role) => role === 'assistant' || role === undefined;

/** Text of all user turns, joined by "\n" in the order they appear. */
export function collectPrompt(body: Json, path: Path, out: TextCollector): void {
  const { messages, input, prompt, contents } = body;
  if (Array.isArray(messages)) addMessages(messages, sub(path, 'messages'), isUser, out);
  else if (typeof input === 'string') out.add(input, sub(path, 'input'));
  else if (Array.isArray(input)) addMessages(input, sub(path, 'input'), isUser, out);
  else if (typeof prompt === 'string') out.add(prompt, sub(path, 'prompt'));
  else if (Array.isArray(prompt)) addContent(prompt, sub(path, 'prompt'), out);
  else if (Array.isArray(contents)) addMessages(contents, sub(path, 'contents'), isUser, out);
}

/** System prompt: Anthropic `system`, Responses `instructions`, system/developer turns, Gemini. */
export function collectSystem(body: Json, path: Path, out: TextCollector): void {
  for (const key of ['system', 'instructions', 'system_prompt']) {
    if (Object.hasOwn(body, key)) addContent(body[key], sub(path, key), out);
  }
  for (const key of ['systemInstruction', 'system_instruction']) {
    const value = body[key];
    if (typeof value === 'string') out.add(value, sub(path, key));
    else if (isPlainObject(value) && Array.isArray(value.parts)) addContent(value.parts, sub(path, key, 'parts'), out);
  }
  if (Array.isArray(body.messages)) addMessages(body.messages, sub(path, 'messages'), isSystem, out);
  else if (Array.isArray(body.input)) addMessages(body.input, sub(path, 'input'), isSystem, out);
}

// Gateways wrap a response in `body` once or twice. The bound keeps source paths short, and so
// `locate`, which walks the raw text once per path segment, cheap on hostile nesting.
const MAX_BODY_WRAPPERS = 4;

/**
 * Model output in a response object: chat `choices`, Anthropic `content`, Responses `output`,
 * Gemini `candidates`, or the same inside up to four levels of a gateway's `body`.
 */
function addResponseObject(response: Json, path: Path, out: TextCollector): void {
  for (let current = response, at = path, wrappers = 0; wrappers <= MAX_BODY_WRAPPERS; wrappers++) {
    const { choices, content, output, candidates } = current;
    if (Array.isArray(choices)) {
      for (let i = 0; i < choices.length; i++) addChoice(choices[i], sub(at, 'choices', i), out);
    } else if (Array.isArray(content) || typeof content === 'string') {
      addContent(content, sub(at, 'content'), out);
    } else if (Array.isArray(output)) {
      addMessages(output, sub(at, 'output'), isModelTurn, out);
    } else if (typeof current.output_text === 'string') {
      out.add(current.output_text, sub(at, 'output_text'));
    } else if (Array.isArray(candidates)) {
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i];
        if (isPlainObject(candidate) && isPlainObject(candidate.content) && Array.isArray(candidate.content.parts)) {
          addContent(candidate.content.parts, sub(at, 'candidates', i, 'content', 'parts'), out);
        }
      }
    } else if (typeof current.completion === 'string') {
      out.add(current.completion, sub(at, 'completion'));
    } else if (isPlainObject(current.body)) {
      current = current.body;
      at = sub(at, 'body');
      continue;
    }
    return;
  }
}

function addChoice(choice: unknown, path: Path, out: TextCollector): void {
  if (!isPlainObject(choice)) return;
  if (isPlainObject(choice.message)) addContent(choice.message.content, sub(path, 'message', 'content'), out);
  else if (typeof choice.text === 'string') out.add(choice.text, sub(path, 'text'));
}

const FLAT_RESPONSE_KEYS = ['completion', 'output', 'output_text', 'generated_text'];

/**
 * Response text: the record's `response` or `response_body` (a string or a response object),
 * else a flat `completion`/`output`/`output_text`/`generated_text` on the record, then on the body.
 */
export function collectResponse(root: Json, rootPath: Path, body: Json, bodyPath: Path, out: TextCollector): void {
  for (const key of ['response', 'response_body']) {
    const value = root[key];
    if (typeof value === 'string') out.add(value, sub(rootPath, key));
    else if (isPlainObject(value)) addResponseObject(value, sub(rootPath, key), out);
    if (out.parts.length > 0) return;
  }
  addFlatResponse(root, rootPath, out);
  if (out.parts.length === 0 && body !== root) addFlatResponse(body, bodyPath, out);
}

function addFlatResponse(holder: Json, path: Path, out: TextCollector): void {
  for (const key of FLAT_RESPONSE_KEYS) {
    const value = holder[key];
    if (typeof value === 'string') out.add(value, sub(path, key));
    else if (key === 'output' && Array.isArray(value)) addMessages(value, sub(path, key), isModelTurn, out);
    if (out.parts.length > 0) return;
  }
}
