{
 "name": "{{doctype}}",
 "doctype": "DocType",
 "module": "{{module_name}}",
 "custom": 0,
 "creation": "{{now}}",
 "modified": "{{now}}",
 "owner": "Administrator",
 "modified_by": "Administrator",
 "autoname": "hash",
 "title_field": "title",
 "sort_field": "modified",
 "sort_order": "DESC",
 "fields": [
  {
   "fieldname": "title",
   "fieldtype": "Data",
   "label": "Title",
   "reqd": 1,
   "in_list_view": 1
  },
  {
   "fieldname": "status",
   "fieldtype": "Select",
   "label": "Status",
   "options": "Open\nDone",
   "default": "Open",
   "in_list_view": 1
  },
  {
   "fieldname": "content",
   "fieldtype": "Text",
   "label": "Content"
  }
 ],
 "permissions": [
  {
   "role": "System Manager",
   "read": 1,
   "write": 1,
   "create": 1,
   "delete": 1,
   "report": 1,
   "export": 1,
   "share": 1,
   "print": 1,
   "email": 1
  }
 ]
}
