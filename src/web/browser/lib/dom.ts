/** DOM building without markup strings: text is always text (textContent), never parsed as HTML. */

/** The element the server rendered; a missing one is a bug in the page, so it throws. */
export function $<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The page has no ${selector}.`);
  return found;
}

export type Attributes = Record<string, string | number | boolean | undefined>;
export type ChildNode = Node | string | number | null | undefined | false;

/**
 * `el('td', { class: 'x' }, 'text', other)`: attributes set with setAttribute (true → present,
 * false/undefined → absent), children appended as nodes or text nodes. Event handler attributes
 * are refused: listeners are added in code (and the page's CSP would block them anyway).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: ChildNode[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (/^on/i.test(name)) throw new Error(`Refusing the event attribute ${name}: add a listener instead.`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: ChildNode[]) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: ChildNode[]) {
  parent.replaceChildren();
  append(parent, ...children);
}

/** The nearest ancestor (or self) matching a selector of an event's target, if the target is an element. */
export function closest<T extends Element = HTMLElement>(target: EventTarget | null, selector: string): T | null {
  return target instanceof Element ? target.closest<T>(selector) : null;
}

/** A form control of a form, by name, typed by what the page renders there. */
export function field<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(form: HTMLFormElement, name: string): T {
  const control = form.elements.namedItem(name);
  if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) throw new Error(`The form has no field ${name}.`);
  return control as T;
}

export function say(text: string, selector = '#console-status') {
  $(selector).textContent = text;
}

/**
 * Replaces a table's body rows, each cell labelled with its column's heading (`data-label`): on a
 * phone the stylesheet stacks a row's cells as a card and shows the label beside each, so no
 * column (the Actions one least of all) ends up off-screen.
 */
export function fillRows(table: Element, rows: HTMLTableRowElement[]) {
  const headings = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent ?? '');
  for (const row of rows) {
    Array.from(row.cells).forEach((cell, i) => {
      if (cell.colSpan === 1 && headings[i]) cell.dataset.label = headings[i];
    });
  }
  fill($('tbody', table), ...rows);
}
