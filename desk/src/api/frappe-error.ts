// Frappe's error replies, parsed once: `exc_type`, `exception`, `_server_messages` (v1) and `errors` (v2).

/** One message the server sent along with an error (a `_server_messages` entry). */
export interface ServerMessage {
  message: string;
  title?: string;
  indicator?: string;
}

/** A failed API call: HTTP status, Frappe's exception type and the messages meant for the user. */
export class FrappeError extends Error {
  readonly status: number;
  readonly excType: string;
  readonly exception: string;
  readonly messages: ServerMessage[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const messages = serverMessages(body);
    const excType = excTypeOf(body, status);
    const exception = typeof body.exception === 'string' ? body.exception : '';
    super(messages[0]?.message || exceptionText(exception) || `${excType || 'Error'} (HTTP ${status})`);
    this.name = 'FrappeError';
    this.status = status;
    this.excType = excType;
    this.exception = exception;
    this.messages = messages;
    this.body = body;
  }

  /** Every message joined, for a toast. */
  get text(): string {
    return this.messages.length ? this.messages.map((m) => m.message).join('\n') : this.message;
  }
}

function excTypeOf(body: Record<string, unknown>, status: number): string {
  if (typeof body.exc_type === 'string') return body.exc_type;
  const errors = body.errors;
  if (Array.isArray(errors) && errors[0] && typeof errors[0].type === 'string') return errors[0].type;
  return status === 404 ? 'DoesNotExistError' : '';
}

/** `frappe.exceptions.MandatoryError: [ToDo, x]: a, b` → the part after the type. */
function exceptionText(exception: string): string {
  const colon = exception.indexOf(': ');
  return colon >= 0 ? exception.slice(colon + 2) : exception;
}

/** Message text without the markup Frappe puts in messages (`<b>`, `<br>`, links). */
export function plainText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  const doc = new DOMParser().parseFromString(
    `<body>${html.replace(/<br\s*\/?>/gi, '\n')}</body>`,
    'text/html',
  );
  return (doc.body.textContent ?? '').trim();
}

/** The user-facing messages of a reply: `_server_messages` (a JSON string of JSON strings) or v2 `errors`. */
export function serverMessages(body: Record<string, unknown>): ServerMessage[] {
  const out: ServerMessage[] = [];
  const raw = body._server_messages;
  if (typeof raw === 'string') {
    try {
      for (const item of JSON.parse(raw) as unknown[]) {
        const parsed = typeof item === 'string' ? safeJson(item) : item;
        if (parsed && typeof parsed === 'object' && 'message' in parsed) {
          const m = parsed as Record<string, unknown>;
          out.push({
            message: plainText(String(m.message ?? '')),
            title: typeof m.title === 'string' ? m.title : undefined,
            indicator: typeof m.indicator === 'string' ? m.indicator : undefined,
          });
        } else if (typeof parsed === 'string') out.push({ message: plainText(parsed) });
      }
    } catch {
      // a malformed list is ignored; the exception text still describes the error
    }
  }
  if (out.length === 0 && Array.isArray(body.errors)) {
    for (const error of body.errors as Array<Record<string, unknown>>)
      if (typeof error.message === 'string')
        out.push({
          message: plainText(error.message),
          title: typeof error.title === 'string' ? error.title : undefined,
        });
  }
  if (out.length === 0 && typeof body.message === 'string' && body.exc_type)
    out.push({ message: plainText(body.message) });
  return out.filter((m) => m.message);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
