// Library Transaction form: a submitted Issue gets a "Return Article" button that records the return
// (the app's whitelisted return_article method) and opens it; a new transaction offers only Available
// articles when issuing.
frappe.ui.form.on('Library Transaction', {
  refresh(frm) {
    if (frm.doc.docstatus === 1 && frm.doc.type === 'Issue') {
      frm.add_custom_button('Return Article', () =>
        frappe
          .call({
            method: 'library_management.library_management.api.return_article',
            args: { transaction: frm.doc.name },
          })
          .then((r) => frappe.set_route('Form', 'Library Transaction', r.message)),
      );
    }
    frm.set_query('article', () => (frm.doc.type === 'Issue' ? { filters: { status: 'Available' } } : {}));
  },
});
