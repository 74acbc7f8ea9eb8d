// The desk's entry: styles, the router, the realtime connection and the App frame.
import { createApp } from 'vue';
import App from './App.vue';
import { boot } from './boot.ts';
import { connectRealtime } from './realtime/socket.ts';
import { startRouter } from './router/router.ts';
import { installFrappeGlobal } from './scripting/frappe-global.ts';
import { loadIncludeScripts } from './scripting/loader.ts';
import './styles/desk.css';

// Frappe's desk reads frappe.csrf_token and frappe.user_roles; frappe-js-sdk and frappe-ui read window.csrf_token.
const globals = window as unknown as { frappe?: Record<string, unknown>; csrf_token?: string };
globals.frappe = Object.assign(globals.frappe ?? {}, {
  boot,
  csrf_token: boot.csrf_token,
  user_roles: boot.roles,
});
globals.csrf_token = boot.csrf_token;
// App scripts (`frappe.ui.form.on`, `frappe.call`, ...) find their API before any of them loads.
installFrappeGlobal();

startRouter();
connectRealtime();
createApp(App).mount('#desk');
void loadIncludeScripts();
