// Turns a prompt into its template: the fixed wording with the per-request parts masked.
//
// Every pattern here is linear in the text (bounded repetitions, no nested quantifiers), since
// prompts are written by the people we are looking for and may be built to stall a regex.

/** Only the start of a long prompt is normalised: templates live at the start, and work stays bounded. */
export const MAX_TEMPLATE_INPUT = 8000;
/** The normalised text is cut here (the key still covers the whole normalised text). */
export const MAX_TEMPLATE_TEXT = 2000;

/** Labels whose value is the per-request part ("Question: …", "Task 3: …", "Input: …"). */
const LABELS = [
  'question', 'questions', 'task', 'input', 'inputs', 'problem', 'request', 'response', 'answer', 'output',
  'text', 'article', 'passage', 'context', 'document', 'query', 'sentence', 'paragraph', 'data', 'dataset',
  'example', 'q', 'a', 'user', 'prompt', 'instruction', 'topic', 'subject', 'story', 'essay', 'code',
  'solution', 'premise', 'hypothesis', 'claim', 'statement', 'source', 'target', 'item', 'id', 'label',
  'gold', 'reference', 'candidate', 'assistant', 'human', 'reasoning', 'rationale', 'title', 'content',
];
const LABEL_LINE = new RegExp(`^([ \\t>*•#-]{0,8})(${LABELS.join('|')})(?:[ \\t]{0,3}#?[0-9]{1,6})?[ \\t]{0,3}[:：]`, 'i');
/** "Translate the following text to French: …": a one-sentence instruction ending in a colon, then the payload. */
const INSTRUCTION_COLON = /^([^:：\n]{8,120})[:：]/;
const MAX_INSTRUCTION_WORDS = 12;

/** Masks the per-request parts of `system` + `prompt` and returns the lowercased template text. */
export function normaliseTemplate(text: string): string {
  const out = normaliseLines(text).join(' ');
  return out.length > MAX_TEMPLATE_TEXT ? out.slice(0, MAX_TEMPLATE_TEXT) : out;
}

/** The template's lines: masked, lowercased, whitespace collapsed, empty lines dropped. */
export function normaliseLines(text: string): string[] {
  let out = maskCodeBlocks(text.length > MAX_TEMPLATE_INPUT ? text.slice(0, MAX_TEMPLATE_INPUT) : text);
  out = out.replace(/`[^`\n]{1,200}`/g, ' {code} ');
  out = out.replace(/\b(?:https?:\/\/|www\.)[^\s<>"'`)\]]{1,500}/gi, '{url}');
  if (out.includes('@')) out = out.replace(/[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g, '{email}');
  out = maskQuotes(out);
  out = maskPerRequestLines(out);
  out = out.replace(/\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[a-f]{0,40}[0-9])[0-9a-f]{10,64})\b/gi, '{id}');
  out = out.replace(/[0-9]{1,40}(?:[.,:][0-9]{1,40}){0,6}/g, '{n}');
  return out
    .toLowerCase()
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}

/** Fenced code (```…```) becomes `{code}`; an unclosed fence masks the rest of the text. */
function maskCodeBlocks(text: string): string {
  if (!text.includes('```')) return text;
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('```', at);
    if (open < 0) return out + text.slice(at);
    out += `${text.slice(at, open)} {code} `;
    const close = text.indexOf('```', open + 3);
    if (close < 0) return out;
    at = close + 3;
  }
}

/** Quoted text in any common quote style becomes `{q}`; apostrophes inside words are left alone. */
function maskQuotes(text: string): string {
  return text
    .replace(/"[^"]{0,2000}"/g, '{q}')
    .replace(/“[^”]{0,2000}”|„[^“”]{0,2000}[“”]|«[^»]{0,2000}»|「[^」]{0,2000}」|『[^』]{0,2000}』/g, '{q}')
    .replace(/(^|[\s(\[:=,])'[^'\n]{1,300}'(?=$|[\s)\].,;:!?])/gm, '$1{q}');
}

/**
 * Line by line: a labelled line ("Question: …") keeps its label and masks the value; a label
 * alone on its line masks the lines after it up to a blank line. An instruction that ends in a
 * colon ("Summarize this article: …", or a line ending with ':') masks what follows it, to the end
 * of the text or the next labelled line, since that tail is the material the request works on.
 */
function maskPerRequestLines(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let mode: 'none' | 'block' | 'tail' = 'none';
  for (const line of lines) {
    const label = LABEL_LINE.exec(line);
    if (label) {
      const rest = line.slice(label[0].length).trim();
      out.push(`${label[1]}${label[2]}: {task}`);
      mode = rest === '' ? 'block' : 'none';
      continue;
    }
    if (mode === 'block') {
      if (line.trim() === '') mode = 'none';
      continue;
    }
    if (mode === 'tail') continue;
    const instruction = INSTRUCTION_COLON.exec(line);
    if (instruction && isInstruction(instruction[1] as string)) {
      out.push(`${instruction[1]}: {task}`);
      mode = 'tail';
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** Three to twelve words in one sentence: "Summarize this article", not "You are a bot. Note". */
function isInstruction(text: string): boolean {
  const words = wordCount(text);
  return words >= 3 && words <= MAX_INSTRUCTION_WORDS && !/[.!?。！？]\s/.test(text);
}

/** Words of a text, counting placeholders such as {n} as words. */
export function wordCount(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === '' ? 0 : words.length;
}
