/** One shared empty list for store selectors: a new `[]` per render would make zustand re-render forever. */
export const NONE: readonly never[] = Object.freeze([]);
