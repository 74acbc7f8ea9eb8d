import { after, it } from 'node:test';
import './queue.test.ts';
it('noop', () => {});
after(() => {
  setTimeout(() => {
    const hs = (process as any)._getActiveHandles();
    console.log('HANDLES', hs.map((h: any) => h.constructor?.name + (h.remotePort ? `:${h.remotePort}` : '') + (h._idleTimeout ? `t${h._idleTimeout}` : '')));
  }, 3000).unref();
});
