// Whitelisted functions: `/api/method/{{app_name}}.api.<function>`.
import { whitelist } from 'cortado';

/** Marks a note done: `POST /api/method/{{app_name}}.api.close_note` with `name`. */
export const close_note = whitelist(
  { methods: ['POST'], params: { name: { type: 'string', required: true } } },
  async (ctx, { name }) => {
    const note = await ctx.getDoc('{{doctype}}', name);
    note.status = 'Done';
    await ctx.save(note);
    return { name, status: note.status };
  },
);
