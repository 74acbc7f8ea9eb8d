// The open document's docinfo for the sidebar and timeline: loaded with the document, reloaded when
// the document is saved (a new Version) and whenever the server announces a change to it
// (`docinfo_update`), so a comment or assignment made elsewhere shows up without a reload.
import { ref, shallowRef, watch } from 'vue';
import { getDocinfo, getLikedBy } from '../../api/docinfo.ts';
import { toast } from '../../components/toasts.ts';
import { type Docinfo, normalizeDocinfo } from '../../model/docinfo.ts';
import { subscribeDocinfo } from '../../realtime/socket.ts';

export interface DocRef {
  doctype: string;
  name: string;
  modified?: string;
}

export function useDocinfo(target: () => DocRef | undefined) {
  const info = shallowRef<Docinfo>(normalizeDocinfo({}));
  const likedBy = ref<string[]>([]);
  const loaded = ref(false);
  let unsubscribe: (() => void) | undefined;
  // One reload at a time; events arriving meanwhile ask for one more, not one each.
  let running: Promise<void> | undefined;
  let again = false;

  async function fetchOnce(at: DocRef): Promise<void> {
    const [fresh, likes] = await Promise.all([
      getDocinfo(at.doctype, at.name),
      getLikedBy(at.doctype, at.name).catch(() => likedBy.value),
    ]);
    const now = target();
    if (now?.doctype !== at.doctype || now.name !== at.name) return; // moved to another document
    info.value = fresh;
    likedBy.value = likes;
    loaded.value = true;
  }

  /** Reloads the docinfo (coalescing calls made while one is in flight). */
  function reload(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const at = target();
        if (!at) return;
        try {
          await fetchOnce(at);
        } catch (error) {
          toast(`Could not load the timeline: ${(error as Error).message}`, 'error');
          return;
        }
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** Runs a change, then shows its result (the server's `docinfo_update` may also arrive: one reload covers both). */
  async function act(action: () => Promise<unknown>, failure: string): Promise<boolean> {
    try {
      await action();
    } catch (error) {
      toast(`${failure}: ${(error as Error).message}`, 'error');
      return false;
    }
    await reload();
    return true;
  }

  watch(
    () => {
      const at = target();
      return at ? `${at.doctype}\u0000${at.name}` : '';
    },
    (key) => {
      unsubscribe?.();
      unsubscribe = undefined;
      loaded.value = false;
      info.value = normalizeDocinfo({});
      likedBy.value = [];
      const at = target();
      if (!key || !at) return;
      unsubscribe = subscribeDocinfo(at.doctype, at.name, () => void reload());
      void reload();
    },
    { immediate: true },
  );
  // A save writes a Version (and may change assignments through server code).
  watch(
    () => target()?.modified,
    (now, before) => {
      if (now && before && now !== before) void reload();
    },
  );

  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
  }

  return { info, likedBy, loaded, reload, act, stop };
}

export type DocinfoState = ReturnType<typeof useDocinfo>;
