// Virtual DocTypes: records kept by a controller instead of a table, served through the document engine.
export {
  selfServedDocType,
  type VirtualDocType,
  VirtualDocTypes,
  virtualController,
  virtualDocType,
  virtualOperation,
} from './virtual-doctypes.ts';
