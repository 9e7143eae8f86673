/**
 * Building the dashboard's DOM: element lookup by id and small builders for HTML and SVG
 * elements. Every node the page adds is made here, with attributes rather than inline styles,
 * so the page keeps working under the server's strict CSP.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The page element with this id (the page's ids are fixed in index.html). */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** An element with attributes (`class` → className; false/null/undefined skipped) and children. */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, as `h`. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}
