// Controller hooks and whitelisted document methods, registered per DocType.
export type {
  DocAction,
  DocController,
  DocEvent,
  DocHook,
  DocMethod,
  DocMethodArgs,
  HookArgs,
} from './events.ts';
export { anyDocType, ControllerRegistry } from './registry.ts';
