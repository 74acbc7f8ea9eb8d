// Library Transaction list: a status pill per submitted loan (Overdue, Issued, Returned).
frappe.listview_settings['Library Transaction'] = {
  add_fields: ['type', 'overdue', 'docstatus'],
  get_indicator(doc) {
    if (doc.docstatus !== 1) return undefined;
    if (doc.overdue) return [__('Overdue'), 'red', 'overdue,=,1'];
    return doc.type === 'Issue'
      ? [__('Issued'), 'orange', 'type,=,Issue']
      : [__('Returned'), 'green', 'type,=,Return'];
  },
};
