// The value modifiers of Sigma v2.1 (appendix "Sigma Modifiers"), grouped by what they do.

export type ModifierGroup =
  | 'position' // contains, startswith, endswith
  | 'list' // all
  | 'presence' // exists
  | 'case' // cased
  | 'negation' // neq
  | 'transform' // windash
  | 'regex' // re
  | 'regexFlag' // i, m, s and pySigma's long aliases
  | 'encoding' // base64, base64offset
  | 'charset' // utf16le, utf16be, utf16, wide
  | 'compare' // lt, lte, gt, gte
  | 'time' // minute ... year
  | 'network' // cidr
  | 'placeholder' // expand
  | 'reference'; // fieldref

export const MODIFIERS: Readonly<Record<string, ModifierGroup>> = {
  contains: 'position',
  startswith: 'position',
  endswith: 'position',
  all: 'list',
  exists: 'presence',
  cased: 'case',
  neq: 'negation',
  windash: 'transform',
  re: 'regex',
  i: 'regexFlag',
  m: 'regexFlag',
  s: 'regexFlag',
  ignorecase: 'regexFlag',
  multiline: 'regexFlag',
  dotall: 'regexFlag',
  base64: 'encoding',
  base64offset: 'encoding',
  utf16le: 'charset',
  utf16be: 'charset',
  utf16: 'charset',
  wide: 'charset',
  lt: 'compare',
  lte: 'compare',
  gt: 'compare',
  gte: 'compare',
  minute: 'time',
  hour: 'time',
  day: 'time',
  week: 'time',
  month: 'time',
  year: 'time',
  cidr: 'network',
  expand: 'placeholder',
  fieldref: 'reference',
};

/** The JavaScript RegExp flag of a regex sub-modifier. */
export const REGEX_FLAGS: Readonly<Record<string, 'i' | 'm' | 's'>> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};

export function isKnownModifier(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(MODIFIERS, name);
}

/** The modifiers of an item that belong to `group`. */
export function modifiersIn(modifiers: readonly string[], group: ModifierGroup): string[] {
  return modifiers.filter((name) => MODIFIERS[name] === group);
}
