// Sites that installed the app before it stored Library Settings at install get them now.
import type { AppContext } from 'cortado';
import { store_default_settings } from '../../library_management/settings.ts';

export default function execute(ctx: AppContext): Promise<void> {
  return store_default_settings(ctx);
}
