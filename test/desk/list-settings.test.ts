// What the list view takes from an app's `frappe.listview_settings` (desk/src/scripting/list-settings.ts), and
// where app scripts register (registry.ts): malformed settings from an app are left out, never break the list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indicatorOf, initialFilters, listFields } from '../../desk/src/scripting/list-settings.ts';
import { handlersOf, onForm } from '../../desk/src/scripting/registry.ts';

describe('list settings of app scripts', () => {
  it('keeps add_fields that are field names', () => {
    assert.deepEqual(listFields({ add_fields: ['status', 'bad name', 'x;drop', 7 as never, 'isbn'] }), [
      'status',
      'isbn',
    ]);
    assert.deepEqual(listFields(undefined), []);
  });

  it('opens with the filters in either of Frappe forms, dropping the rest', () => {
    assert.deepEqual(
      initialFilters({
        filters: [
          ['status', '=', 'Available'],
          ['Article', 'author', 'like', '%Le Guin%'],
          ['only two'],
          'x' as never,
        ],
      }),
      [
        ['status', '=', 'Available'],
        ['author', 'like', '%Le Guin%'],
      ],
    );
  });

  it('gives the indicator of a row, with a colour class only when it is a colour name', () => {
    const settings = {
      get_indicator: (doc: Record<string, unknown>): [string, string?] =>
        doc.status === 'Issued' ? ['Issued', 'red'] : [String(doc.status), 'x" onmouseover="y'],
    };
    assert.deepEqual(indicatorOf(settings, { status: 'Issued' }), { label: 'Issued', color: 'red' });
    assert.deepEqual(indicatorOf(settings, { status: 'Lost' }), { label: 'Lost', color: 'neutral' });
    const throwing = {
      get_indicator: () => {
        throw new Error('broken script');
      },
    };
    assert.equal(indicatorOf(throwing, { status: 'Issued' }), undefined);
  });

  it('runs every registered handler of an event, in order, and only own properties', () => {
    const calls: string[] = [];
    onForm('Gadget', { refresh: () => calls.push('first') });
    onForm('Gadget', { refresh: () => calls.push('second'), validate: 'not a function' as never });
    for (const handler of handlersOf('Gadget', 'refresh')) (handler as () => void)();
    assert.deepEqual(calls, ['first', 'second']);
    assert.deepEqual(handlersOf('Gadget', 'validate'), []);
    assert.deepEqual(handlersOf('Gadget', 'toString'), [], 'inherited members are no events');
  });
});
