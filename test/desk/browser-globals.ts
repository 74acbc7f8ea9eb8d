// Types for the browser globals that test code touches inside `page.evaluate` / `waitForFunction`
// callbacks. Those callbacks run in Chromium, but are type-checked with the repository's Node-only
// tsconfig (no DOM lib, which would change typing for all of src/). Each test file declares the
// globals it uses with these types, module-scoped:
//
//   declare const document: BrowserDocument;

/** The element members the tests read. */
export interface BrowserElement {
  textContent: string | null;
  /** Inputs, selects, textareas. */
  value: string;
  style: { transform: string; height: string };
  getAttribute(name: string): string | null;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): BrowserNodeList;
  closest(selector: string): BrowserElement | null;
  before(node: BrowserElement): void;
}

export interface BrowserNodeList extends Iterable<BrowserElement> {
  readonly length: number;
}

export interface BrowserDocument {
  activeElement: BrowserElement | null;
  documentElement: { scrollWidth: number };
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): BrowserNodeList;
  createElement(tag: string): BrowserElement;
  getAnimations(): Array<{ playState: string; finished: Promise<unknown> }>;
}

export interface BrowserWindow {
  innerWidth: number;
  /** Set by the desk for Frappe clients (frappe-js-sdk reads it). */
  csrf_token?: string;
  /** Layout shift summed by `watchLayoutShift`. */
  __shift?: number;
  /** Set by a test on a page to prove later that the page was not reloaded meanwhile. */
  __mark?: string;
}

export interface BrowserLocation {
  pathname: string;
  search: string;
}
