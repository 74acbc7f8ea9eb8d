// Library Transaction form: a submitted Issue gets a "Return Article" button that records the return through
// the app's whitelisted return_article method; issuing offers only Available articles.
frappe.ui.form.on('Library Transaction', {
  refresh(frm) {
    if (frm.doc.docstatus === 1 && frm.doc.type === 'Issue') {
      frm.add_custom_button(__('Return Article'), async () => {
        const r = await frappe.call({
          method: 'library_management.library_management.api.return_article',
          args: { transaction: frm.doc.name },
        });
        frappe.msgprint(__('{0} returned in {1}', [frm.doc.article, r.message]));
        await frm.reload_doc();
      });
    }
    frm.set_query('article', () => (frm.doc.type === 'Issue' ? { filters: { status: 'Available' } } : {}));
  },
});
