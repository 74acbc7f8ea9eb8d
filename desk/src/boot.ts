// The boot data of the `/app` shell (user, roles, site, CSRF token), read once from its JSON script tag.
import type { Boot } from './model/types.ts';

function readBoot(): Boot {
  const element = document.getElementById('cortado-boot');
  const fallback: Boot = {
    user: 'Guest',
    full_name: 'Guest',
    site: location.hostname,
    csrf_token: '',
    user_type: '',
    roles: [],
    can_read: [],
    readable_doctypes: [],
  };
  if (!element?.textContent) return fallback;
  try {
    return { ...fallback, ...(JSON.parse(element.textContent) as Partial<Boot>) };
  } catch {
    return fallback;
  }
}

/** The signed-in user, their roles, the site and CSRF token handed over by the shell page. */
export const boot: Boot = readBoot();
