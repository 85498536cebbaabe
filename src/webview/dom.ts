// The few DOM builders the panel uses. Text only ever goes in through textContent, and attributes
// through setAttribute with names we write, so no string from a log is parsed as markup.

type Child = Node | string | undefined | false;

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
}

/** An HTML element with a class, text, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  decorate(node, options, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element; numbers in attributes are rounded to a tenth. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Child[] = []): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  decorate(node, options, children);
  return node;
}

function decorate(node: Element, options: ElementOptions, children: Child[]): void {
  if (options.className) node.setAttribute('class', options.className);
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : typeof value === 'number' ? String(Math.round(value * 10) / 10) : value);
  }
  if (options.text !== undefined) node.textContent = options.text;
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, children: Child[]): void {
  parent.replaceChildren(...children.filter((child): child is Node | string => child !== undefined && child !== false));
}
