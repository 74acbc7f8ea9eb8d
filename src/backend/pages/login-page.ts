import { htmlDocument, jsonForScript } from '../html.ts';

/**
 * The login page: an accessible form that posts JSON to `/api/method/login` and, on success, goes
 * to `redirectTo` (already checked to be a same-origin path by the caller).
 */
export function loginPage(redirectTo: string): string {
  const body = `<main>
<h1>Login</h1>
<form id="login-form" novalidate>
<label for="usr">Email or user name</label>
<input id="usr" name="usr" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus>
<label for="pwd">Password</label>
<input id="pwd" name="pwd" type="password" autocomplete="current-password" required>
<button type="submit">Login</button>
<p id="login-status" role="alert" aria-live="assertive"></p>
</form>
</main>
<script>
(() => {
  const target = ${jsonForScript(redirectTo)};
  const form = document.getElementById('login-form');
  const status = document.getElementById('login-status');
  const messageOf = (body) => {
    if (typeof body.message === 'string') return body.message;
    try { return JSON.parse(JSON.parse(body._server_messages)[0]).message; } catch { return ''; }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Logging in…';
    try {
      const response = await fetch('/api/method/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ usr: form.usr.value, pwd: form.pwd.value }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) { location.assign(target); return; }
      status.textContent = messageOf(body) || 'Login failed';
    } catch {
      status.textContent = 'Could not reach the server. Please try again.';
    }
  });
})();
</script>`;
  return htmlDocument('Login', body);
}
