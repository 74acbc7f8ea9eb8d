// Document naming: the rules of `autoname`, naming series in `tabSeries`, amendments, name validation.
export { amendedName } from './amended-name.ts';
export { formatAutoname } from './format-name.ts';
export { hashName } from './hash-name.ts';
export { makeAutoname, parseNamingSeries, type SeriesInput } from './naming-series.ts';
export { nextSeriesValue } from './series.ts';
export { setNewName } from './set-name.ts';
export { maxNameLength, validateName } from './validate-name.ts';
